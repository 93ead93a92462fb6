package toy

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/ebm-av/ebm_av/ebm"
	"github.com/ebm-av/ebm_av/ebm/internal/gradcheck"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

func testMixture(t *testing.T) *Mixture {
	m, err := NewMixture([]float64{0.25, 0.75}, [][]float64{{-1, 0}, {1, 1}},
		[]*mat.SymDense{mat.NewSymDense(2, []float64{0.5, 0.1, 0.1, 0.3}), mat.NewSymDense(2, []float64{1, -0.2, -0.2, 0.6})})
	require.NoError(t, err)
	return m
}

func TestToyGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for name, e := range map[string]ebm.Differentiable{
		"quadratic":  Quadratic{A: mat.NewSymDense(2, []float64{3, 1, 1, 2}), Center: []float64{1, -1}},
		"rosenbrock": Rosenbrock{N: 3},
		"mixture":    testMixture(t),
	} {
		x := make([]float64, e.Dim())
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		out, grad := make([]float64, 1), make([]float64, len(x))
		e.EnergyGrad(ebm.NewBatch(1, 1, len(x), x), out, grad)
		f := func(v []float64) float64 {
			o := make([]float64, 1)
			e.Energy(ebm.NewBatch(1, 1, len(v), v), o)
			return o[0]
		}
		assert.InDelta(t, f(x), out[0], 1e-12, name)
		assert.Less(t, gradcheck.RelativeError(grad, gradcheck.Numeric(f, x)), 1e-5, name)
	}
}

func TestMixtureDensityExact(t *testing.T) {
	m := testMixture(t)
	// A single standard normal component in 2-D has log density −log 2π at 0.
	single, err := NewMixture([]float64{1}, [][]float64{{0, 0}}, []*mat.SymDense{mat.NewSymDense(2, []float64{1, 0, 0, 1})})
	require.NoError(t, err)
	assert.InDelta(t, -math.Log(2*math.Pi), single.LogProb([]float64{0, 0}), 1e-14)

	// The density integrates to 1 on a grid wide enough to hold its mass.
	const h = 0.05
	var total float64
	for x := -8.0; x < 8; x += h {
		for y := -8.0; y < 8; y += h {
			total += math.Exp(m.LogProb([]float64{x + h/2, y + h/2})) * h * h
		}
	}
	assert.InDelta(t, 1, total, 1e-6)

	r := make([]float64, 2)
	m.Responsibilities([]float64{-1, 0}, r)
	assert.InDelta(t, 1, r[0]+r[1], 1e-15)
	assert.Greater(t, r[0], r[1])
}

func TestMixtureRejectsBadInput(t *testing.T) {
	_, err := NewMixture([]float64{0.5, 0.6}, [][]float64{{0}, {1}}, []*mat.SymDense{mat.NewSymDense(1, []float64{1}), mat.NewSymDense(1, []float64{1})})
	assert.ErrorContains(t, err, "sum to")
	_, err = NewMixture([]float64{1}, [][]float64{{0, 0}}, []*mat.SymDense{mat.NewSymDense(2, []float64{1, 2, 2, 1})})
	assert.ErrorContains(t, err, "not positive definite")
}
