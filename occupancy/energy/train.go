package energy

import (
	"fmt"
	"math"

	"github.com/ebm-av/ebm_av/ebm"
)

// Group is one ranking problem: the features of every candidate of a scene
// and the index of the real future among them. A candidate's energy is
// Offset[k] + coef·Features[k], where Offset (nil for none) holds the fixed
// energy of the other terms.
type Group struct {
	Features [][]float64 // candidates × features
	Offset   []float64   // candidates, or nil
	Positive int
}

// TrainConfig sets full-batch Adam on the softmax ranking loss.
type TrainConfig struct {
	Epochs       int
	LearningRate float64
	Temperature  float64 // softmax temperature on energies
	L2           float64 // weight decay on the coefficients
}

// DefaultTrainConfig returns 300 epochs at learning rate 0.05, temperature 1
// and weight decay 1e-3.
func DefaultTrainConfig() TrainConfig {
	return TrainConfig{Epochs: 300, LearningRate: 0.05, Temperature: 1, L2: 1e-3}
}

// TrainRanking fits the coefficients of a linear energy
// E = Offset + coef·features by minimising the mean softmax ranking loss −log softmax(−E/T)[positive]
// over groups, plus L2·|coef|²/2. It returns the coefficients and the mean
// loss of every epoch.
//
// NOTE: package ebm has no ranking loss or optimiser yet, so both are local
// here. rankingLoss and adam are the places to swap in ebm's versions.
func TrainRanking(groups []Group, cfg TrainConfig) ([]float64, []float64, error) {
	if len(groups) == 0 {
		return nil, nil, fmt.Errorf("energy: no training groups: need at least one scene with a real future")
	}
	if !(cfg.Temperature > 0) || !(cfg.LearningRate > 0) || cfg.Epochs <= 0 {
		return nil, nil, fmt.Errorf("energy: invalid training config %+v: temperature, learning rate and epochs must be positive", cfg)
	}
	dim := -1
	for g, grp := range groups {
		if grp.Positive < 0 || grp.Positive >= len(grp.Features) {
			return nil, nil, fmt.Errorf("energy: group %d: positive index %d outside its %d candidates", g, grp.Positive, len(grp.Features))
		}
		if grp.Offset != nil && len(grp.Offset) != len(grp.Features) {
			return nil, nil, fmt.Errorf("energy: group %d: %d offsets for %d candidates", g, len(grp.Offset), len(grp.Features))
		}
		for k, f := range grp.Features {
			if dim < 0 {
				dim = len(f)
			}
			if len(f) != dim {
				return nil, nil, fmt.Errorf("energy: group %d candidate %d: %d features, want %d", g, k, len(f), dim)
			}
			for i, v := range f {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, nil, fmt.Errorf("energy: group %d candidate %d feature %d: invalid value %g", g, k, i, v)
				}
			}
		}
	}

	coef := make([]float64, dim)
	grad := make([]float64, dim)
	opt := newAdam(dim, cfg.LearningRate)
	losses := make([]float64, cfg.Epochs)
	for epoch := range losses {
		for i := range grad {
			grad[i] = cfg.L2 * coef[i]
		}
		var loss float64
		for _, grp := range groups {
			loss += rankingLoss(coef, grp, cfg.Temperature, 1/float64(len(groups)), grad)
		}
		losses[epoch] = loss / float64(len(groups))
		opt.step(coef, grad)
	}
	return coef, losses, nil
}

// rankingLoss returns −log softmax(−E/T)[positive] of grp under coef and
// adds scale times its gradient with respect to coef to grad.
func rankingLoss(coef []float64, grp Group, temperature, scale float64, grad []float64) float64 {
	energies := make([]float64, len(grp.Features))
	for k, f := range grp.Features {
		energies[k] = weightedSum(coef, f)
		if grp.Offset != nil {
			energies[k] += grp.Offset[k]
		}
	}
	p := make([]float64, len(energies))
	free := ebm.Boltzmann(p, energies, temperature)
	// dL/dE_k = (1[k = positive] − p_k)/T.
	for k, f := range grp.Features {
		g := -p[k]
		if k == grp.Positive {
			g++
		}
		g *= scale / temperature
		for i, v := range f {
			grad[i] += g * v
		}
	}
	return (energies[grp.Positive] - free) / temperature
}

// adam is the Adam optimiser (Kingma and Ba, 2015) with β1 = 0.9,
// β2 = 0.999 and ε = 1e-8.
type adam struct {
	rate  float64
	m, v  []float64
	steps int
}

func newAdam(dim int, rate float64) *adam {
	return &adam{rate: rate, m: make([]float64, dim), v: make([]float64, dim)}
}

func (a *adam) step(x, grad []float64) {
	const b1, b2, eps = 0.9, 0.999, 1e-8
	a.steps++
	c1 := 1 - math.Pow(b1, float64(a.steps))
	c2 := 1 - math.Pow(b2, float64(a.steps))
	for i, g := range grad {
		a.m[i] = b1*a.m[i] + (1-b1)*g
		a.v[i] = b2*a.v[i] + (1-b2)*g*g
		x[i] -= a.rate * (a.m[i] / c1) / (math.Sqrt(a.v[i]/c2) + eps)
	}
}
