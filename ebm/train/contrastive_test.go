package train

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/ebm-av/ebm_av/ebm"
	"github.com/ebm-av/ebm_av/ebm/infer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

const contrastiveSeed = 1

// toyMean and toyCov define the data density of the contrastive tests, a
// correlated 2-D Gaussian.
var (
	toyMean = []float64{1, -0.5}
	toyCov  = mat.NewSymDense(2, []float64{1, 0.6, 0.6, 0.8})
)

func toySamples(rng *rand.Rand, n int) []float64 {
	var chol mat.Cholesky
	chol.Factorize(toyCov)
	var l mat.TriDense
	chol.LTo(&l)
	x := make([]float64, 2*n)
	for s := range n {
		z0, z1 := rng.NormFloat64(), rng.NormFloat64()
		x[2*s] = toyMean[0] + l.At(0, 0)*z0
		x[2*s+1] = toyMean[1] + l.At(1, 0)*z0 + l.At(1, 1)*z1
	}
	return x
}

// heldOutLogLikelihood returns the mean of −E(x) − log Z over x, with Z the
// integral of exp(−E) by the midpoint rule on [−8, 8]², where the toy
// density and every model in the tests have negligible mass outside.
func heldOutLogLikelihood(m Model, x []float64) float64 {
	const lo, hi, h = -8.0, 8.0, 0.04
	cells := int((hi - lo) / h)
	grid := make([]float64, 0, 2*cells*cells)
	for i := range cells {
		for j := range cells {
			grid = append(grid, lo+(float64(i)+0.5)*h, lo+(float64(j)+0.5)*h)
		}
	}
	e := make([]float64, cells*cells)
	m.Energy(ebm.NewBatch(1, cells*cells, 2, grid), e)
	for i := range e {
		e[i] = -e[i]
	}
	logZ := ebm.LogSumExp(e) + math.Log(h*h)

	n := len(x) / 2
	ed := make([]float64, n)
	m.Energy(ebm.NewBatch(1, n, 2, x), ed)
	var ll float64
	for _, v := range ed {
		ll += -v - logZ
	}
	return ll / float64(n)
}

// trueLogLikelihood returns the mean log density of the toy Gaussian on x.
func trueLogLikelihood(x []float64) float64 {
	var chol mat.Cholesky
	chol.Factorize(toyCov)
	var prec mat.SymDense
	_ = chol.InverseTo(&prec)
	n := len(x) / 2
	var ll float64
	for s := range n {
		d0, d1 := x[2*s]-toyMean[0], x[2*s+1]-toyMean[1]
		q := d0*d0*prec.At(0, 0) + 2*d0*d1*prec.At(0, 1) + d1*d1*prec.At(1, 1)
		ll += -0.5*q - math.Log(2*math.Pi) - 0.5*chol.LogDet()
	}
	return ll / float64(n)
}

// energyGap returns mean E(data) − mean E(samples), the samples drawn
// exactly from the Gaussian exp(−E) of a quadratic LinearEnergy.
func energyGap(t *testing.T, m *LinearEnergy, data []float64, rng *rand.Rand) float64 {
	mean, cov, err := GaussianParams(m.Theta, 2)
	require.NoError(t, err)
	var chol mat.Cholesky
	require.True(t, chol.Factorize(cov))
	var l mat.TriDense
	chol.LTo(&l)
	n := len(data) / 2
	samples := make([]float64, 2*n)
	for s := range n {
		z0, z1 := rng.NormFloat64(), rng.NormFloat64()
		samples[2*s] = mean[0] + l.At(0, 0)*z0
		samples[2*s+1] = mean[1] + l.At(1, 0)*z0 + l.At(1, 1)*z1
	}
	ed, es := make([]float64, n), make([]float64, n)
	m.Energy(ebm.NewBatch(1, n, 2, data), ed)
	m.Energy(ebm.NewBatch(1, n, 2, samples), es)
	var gap float64
	for i := range ed {
		gap += (ed[i] - es[i]) / float64(n)
	}
	return gap
}

// standardNormalModel returns the Gaussian-family energy of N(0, I).
func standardNormalModel() *LinearEnergy {
	m := NewLinearEnergy(QuadraticBasis{D: 2})
	m.Theta[2], m.Theta[4] = 1, 1 // ½x², ½y²
	return m
}

// contrastiveStep is one gradient estimate of a contrastive objective.
type contrastiveStep func(m Model, data ebm.Batch, rng *rand.Rand, grad []float64) float64

func checkContrastive(t *testing.T, name string, step contrastiveStep) {
	rng := rand.New(rand.NewPCG(contrastiveSeed, 1))
	train, heldOut := toySamples(rng, 4000), toySamples(rng, 2000)
	m := standardNormalModel()

	llBefore := heldOutLogLikelihood(m, heldOut)
	gapBefore := energyGap(t, m, heldOut, rng)

	adam := &Adam{LearningRate: 0.02}
	grad := make([]float64, len(m.Theta))
	const batch = 200
	for it := range 400 {
		clear(grad)
		lo := (it * batch) % 4000
		step(m, ebm.NewBatch(1, batch, 2, train[2*lo:2*(lo+batch)]), rng, grad)
		ClipNorm(grad, 10)
		adam.Step(m.Theta, grad)
	}

	llAfter := heldOutLogLikelihood(m, heldOut)
	gapAfter := energyGap(t, m, heldOut, rng)
	llTrue := trueLogLikelihood(heldOut)
	t.Logf("%s: held-out log-likelihood %.4f → %.4f (true density %.4f), energy gap data − model %.4f → %.4f",
		name, llBefore, llAfter, llTrue, gapBefore, gapAfter)
	assert.Greater(t, llAfter, llBefore+0.3, "log-likelihood did not improve")
	assert.InDelta(t, llTrue, llAfter, 0.03, "log-likelihood far from the true density's")
	assert.Less(t, gapAfter, gapBefore-0.3, "data energy did not fall relative to model samples")
	assert.Less(t, math.Abs(gapAfter), 0.15)
}

func TestMaxLikelihoodLangevin(t *testing.T) {
	for _, persistent := range []bool{false, true} {
		ml := &MaxLikelihood{
			Chains:     200,
			Schedule:   infer.Schedule{Start: 0.05, End: 0.05, Steps: 60},
			Persistent: persistent,
			Init: func(rng *rand.Rand, x []float64) {
				for i := range x {
					x[i] = 2 * rng.NormFloat64()
				}
			},
		}
		name := "langevin ML"
		if persistent {
			name = "persistent langevin ML"
		}
		checkContrastive(t, name, ml.Step)
	}
}

func TestContrastiveDivergence(t *testing.T) {
	cd := ContrastiveDivergence{K: 10, StepSize: 0.05}
	checkContrastive(t, "CD-10", cd.Step)
}
