package train

import (
	"fmt"
	"math/rand/v2"

	"github.com/ebm-av/ebm_av/ebm"
	"github.com/ebm-av/ebm_av/ebm/infer"
)

// MaxLikelihood estimates the gradient of the negative log-likelihood
// mean E(data) + log Z as mean ∇θE(data) − mean ∇θE(samples), drawing the
// samples from exp(−E) by Langevin dynamics. With Persistent the chains
// continue from where the previous step left them (persistent contrastive
// divergence); otherwise they restart from Init each step.
type MaxLikelihood struct {
	Chains     int
	Schedule   infer.Schedule
	Persistent bool
	// Init writes fresh chain starts, laid out [n][dim], to x.
	Init func(rng *rand.Rand, x []float64)
	// Project, when set, keeps chains inside the domain after each step.
	Project func(x []float64)
	chains  []float64
}

// Step adds the likelihood gradient on data to grad and returns the energy
// gap mean E(data) − mean E(samples). The added gradient is the gradient
// of that gap with the samples held fixed.
func (ml *MaxLikelihood) Step(m Model, data ebm.Batch, rng *rand.Rand, grad []float64) float64 {
	if ml.Init == nil || ml.Chains <= 0 {
		panic(fmt.Sprintf("train: maximum likelihood needs Init and a positive number of chains, have %d", ml.Chains))
	}
	d := m.Dim()
	if ml.chains == nil || !ml.Persistent {
		ml.chains = make([]float64, ml.Chains*d)
		ml.Init(rng, ml.chains)
	}
	infer.Langevin(m, ml.chains, ml.Chains, ml.Schedule, 1, rng, ml.Project, nil)
	return contrastiveGrad(m, data, ebm.NewBatch(1, ml.Chains, d, ml.chains), grad)
}

// Samples returns the current chain states, [Chains][Dim].
func (ml *MaxLikelihood) Samples() []float64 { return ml.chains }

// ContrastiveDivergence is CD-k: the negative phase starts one chain at
// each data point and runs K Langevin steps of size StepSize.
type ContrastiveDivergence struct {
	K        int
	StepSize float64
	Project  func(x []float64)
}

// Step adds the CD-k gradient on data to grad and returns the energy gap
// mean E(data) − mean E(samples).
func (cd ContrastiveDivergence) Step(m Model, data ebm.Batch, rng *rand.Rand, grad []float64) float64 {
	if cd.K <= 0 || !(cd.StepSize > 0) {
		panic(fmt.Sprintf("train: CD-k needs k > 0 and a positive step size, have k = %d and step %g", cd.K, cd.StepSize))
	}
	x := append([]float64(nil), data.X...)
	sched := infer.Schedule{Start: cd.StepSize, End: cd.StepSize, Steps: cd.K}
	infer.Langevin(m, x, data.Len(), sched, 1, rng, cd.Project, nil)
	return contrastiveGrad(m, data, ebm.NewBatch(1, data.Len(), data.Dim, x), grad)
}

// contrastiveGrad adds mean ∇θE(data) − mean ∇θE(samples) to grad and
// returns mean E(data) − mean E(samples).
func contrastiveGrad(m Model, data, samples ebm.Batch, grad []float64) float64 {
	var gap float64
	for _, side := range []struct {
		b    ebm.Batch
		sign float64
	}{{data, 1}, {samples, -1}} {
		e := make([]float64, side.b.Len())
		m.Energy(side.b, e)
		w := side.sign / float64(side.b.Len())
		dE := make([]float64, len(e))
		for n, v := range e {
			gap += w * v
			dE[n] = w
		}
		m.ParamGrad(side.b, dE, grad)
	}
	return gap
}
