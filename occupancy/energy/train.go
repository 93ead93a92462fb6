package energy

import (
	"fmt"
	"math"

	"github.com/ebm-av/ebm_av/ebm"
	"github.com/ebm-av/ebm_av/ebm/train"
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
// E = Offset + coef·features by minimising the mean softmax ranking loss
// −log softmax(−E/T)[positive] over groups, plus L2·|coef|²/2, with
// full-batch Adam (train.Softmax and train.Adam of package ebm/train). It
// returns the coefficients and the mean loss of every epoch, measured
// before that epoch's step.
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

	batch, offsets, positives := rankingBatch(groups, dim)
	loss := train.Softmax{Temperature: cfg.Temperature}
	opt := &train.Adam{LearningRate: cfg.LearningRate}
	coef := make([]float64, dim)
	grad := make([]float64, dim)
	energies := make([]float64, batch.Len())
	dE := make([]float64, batch.Len())
	losses := make([]float64, cfg.Epochs)
	for epoch := range losses {
		for n := range energies {
			energies[n] = offsets[n] + weightedSum(coef, batch.X[n*dim:(n+1)*dim])
		}
		losses[epoch] = loss.Loss(batch, energies, positives, dE)
		for i := range grad {
			grad[i] = cfg.L2 * coef[i]
		}
		for n, g := range dE {
			for i, v := range batch.X[n*dim : (n+1)*dim] {
				grad[i] += g * v
			}
		}
		opt.Step(coef, grad)
	}
	return coef, losses, nil
}

// rankingBatch lays groups out as one batch padded to the largest group,
// with padding masked, and returns it with the energy offsets and the
// positive index of every group.
func rankingBatch(groups []Group, dim int) (ebm.Batch, []float64, []int) {
	candidates := 0
	for _, g := range groups {
		candidates = max(candidates, len(g.Features))
	}
	x := make([]float64, len(groups)*candidates*dim)
	offsets := make([]float64, len(groups)*candidates)
	mask := make([]bool, len(groups)*candidates)
	positives := make([]int, len(groups))
	for i, g := range groups {
		positives[i] = g.Positive
		for k, f := range g.Features {
			n := i*candidates + k
			copy(x[n*dim:], f)
			mask[n] = true
			if g.Offset != nil {
				offsets[n] = g.Offset[k]
			}
		}
	}
	b := ebm.NewBatch(len(groups), candidates, dim, x)
	b.Mask = mask
	return b, offsets, positives
}
