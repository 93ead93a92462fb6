package infer

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/ebm-av/ebm_av/ebm"
)

type pgd struct{ cfg Config }

func (pgd) Name() string { return "pgd" }

// Infer runs projected gradient descent from the projection of Init. Each
// step tries x′ = P(x − η∇E(x)) and accepts it when the energy falls below
// the quadratic upper bound E(x) + ∇E·(x′ − x) + ‖x′ − x‖²/(2η), halving η
// until it does and growing η by 1.25 after an accepted step. It stops
// after Config.Steps steps or when a step moves less than Tolerance.
func (m pgd) Infer(p Problem, _ *rand.Rand) (Result, error) {
	e, ok := p.Energy.(ebm.Differentiable)
	if !ok {
		return Result{}, errors.New("infer: pgd: energy has no gradient (need ebm.Differentiable)")
	}
	d := e.Dim()
	if len(p.Init) != d {
		return Result{}, fmt.Errorf("infer: pgd: Init has %d values, want %d", len(p.Init), d)
	}
	project := p.Project
	if project == nil {
		project = func([]float64) {}
	}
	x := append([]float64(nil), p.Init...)
	project(x)
	trial := make([]float64, d)
	grad := make([]float64, d)
	energy := []float64{0}
	trialEnergy := []float64{0}
	res := Result{Index: -1}

	e.EnergyGrad(ebm.NewBatch(1, 1, d, x), energy, grad)
	res.Evaluations++
	eta := m.cfg.StepSize
	for range m.cfg.Steps {
		var moved float64
		accepted := false
		for range 60 {
			for i := range x {
				trial[i] = x[i] - eta*grad[i]
			}
			project(trial)
			e.Energy(ebm.NewBatch(1, 1, d, trial), trialEnergy)
			res.Evaluations++
			var lin, sq float64
			for i := range x {
				dx := trial[i] - x[i]
				lin += grad[i] * dx
				sq += dx * dx
			}
			if trialEnergy[0] <= energy[0]+lin+sq/(2*eta)+1e-12*math.Abs(energy[0]) {
				moved, accepted = math.Sqrt(sq), true
				break
			}
			eta /= 2
		}
		if !accepted {
			break
		}
		copy(x, trial)
		e.EnergyGrad(ebm.NewBatch(1, 1, d, x), energy, grad)
		res.Evaluations++
		eta *= 1.25
		if moved < m.cfg.Tolerance {
			break
		}
	}
	res.X, res.Energy = x, energy[0]
	if math.IsNaN(res.Energy) {
		return res, errors.New("infer: pgd: energy became NaN")
	}
	return res, nil
}
