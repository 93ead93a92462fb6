package infer

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/ebm-av/ebm_av/ebm"
)

// Schedule is a geometric step-size schedule from Start at step 0 to End at
// step Steps−1.
type Schedule struct {
	Start, End float64
	Steps      int
}

// At returns the step size of step k.
func (s Schedule) At(k int) float64 {
	if s.Steps <= 1 || s.Start == s.End {
		return s.Start
	}
	return s.Start * math.Pow(s.End/s.Start, float64(k)/float64(s.Steps-1))
}

// Langevin advances the n chains x, laid out [n][e.Dim()], through
// sched.Steps steps of unadjusted Langevin dynamics targeting
// p(x) ∝ exp(−E(x)/T):
//
//	x ← x − η_k ∇E(x) + √(2 η_k T) ξ,  ξ ~ N(0, I).
//
// project, when non-nil, is applied to every chain after each step. visit,
// when non-nil, is called before each step and after the last with the
// step index, the states and their energies. It returns the energies of the
// final states. The chains are biased by O(η) because there is no
// Metropolis correction, so the final steps should be small.
func Langevin(e ebm.Differentiable, x []float64, n int, sched Schedule, T float64, rng *rand.Rand,
	project func([]float64), visit func(k int, x, energies []float64)) []float64 {
	d := e.Dim()
	b := ebm.NewBatch(1, n, d, x)
	energies := make([]float64, n)
	grad := make([]float64, len(x))
	for k := range sched.Steps {
		e.EnergyGrad(b, energies, grad)
		if visit != nil {
			visit(k, x, energies)
		}
		eta := sched.At(k)
		noise := math.Sqrt(2 * eta * T)
		for i := range x {
			x[i] += -eta*grad[i] + noise*rng.NormFloat64()
		}
		if project != nil {
			for c := range n {
				project(x[c*d : (c+1)*d])
			}
		}
	}
	e.Energy(b, energies)
	if visit != nil {
		visit(sched.Steps, x, energies)
	}
	return energies
}

type langevin struct{ cfg Config }

func (langevin) Name() string { return "langevin" }

// Infer runs Config.Chains chains started at Init plus N(0, InitStd²)
// noise and returns the lowest-energy state visited.
func (m langevin) Infer(p Problem, rng *rand.Rand) (Result, error) {
	e, ok := p.Energy.(ebm.Differentiable)
	if !ok {
		return Result{}, errors.New("infer: langevin: energy has no gradient (need ebm.Differentiable)")
	}
	d := e.Dim()
	if len(p.Init) != d {
		return Result{}, fmt.Errorf("infer: langevin: Init has %d values, want %d", len(p.Init), d)
	}
	n := m.cfg.Chains
	x := make([]float64, n*d)
	Gaussian{Mean: p.Init, Std: m.cfg.InitStd}.Propose(rng, n, x)
	if p.Project != nil {
		for c := range n {
			p.Project(x[c*d : (c+1)*d])
		}
	}
	res := Result{Index: -1, Energy: math.Inf(1), X: make([]float64, d)}
	sched := Schedule{Start: m.cfg.StepSize, End: m.cfg.FinalStepSize, Steps: m.cfg.Steps}
	Langevin(e, x, n, sched, m.cfg.Temperature, rng, p.Project, func(_ int, x, energies []float64) {
		res.Evaluations += n
		if c := ebm.Argmin(energies); c >= 0 && energies[c] < res.Energy {
			res.Energy = energies[c]
			copy(res.X, x[c*d:(c+1)*d])
		}
	})
	res.Samples = x
	if math.IsInf(res.Energy, 1) {
		return res, errors.New("infer: langevin: no chain reached a finite energy")
	}
	return res, nil
}
