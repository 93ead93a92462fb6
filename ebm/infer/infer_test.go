package infer

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/ebm-av/ebm_av/ebm"
	"github.com/ebm-av/ebm_av/ebm/toy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

func newMethod(t *testing.T, cfg Config) Method {
	m, err := New(cfg)
	require.NoError(t, err)
	require.Equal(t, cfg.Method, m.Name())
	return m
}

// illConditioned is a 3-D quadratic with condition number 100 and a
// coupling term, centred at (1, −2, 0.5).
func illConditioned() toy.Quadratic {
	a := mat.NewSymDense(3, []float64{
		10, 3, 0,
		3, 2, 0,
		0, 0, 0.1,
	})
	return toy.Quadratic{A: a, Center: []float64{1, -2, 0.5}}
}

// clampFirst is the projection x₀ ≤ 0.5.
func clampFirst(x []float64) { x[0] = math.Min(x[0], 0.5) }

// recording wraps an energy and records whether any scored candidate left
// the feasible set x₀ ≤ 0.5.
type recording struct {
	ebm.Differentiable
	violated bool
}

func (r *recording) check(b ebm.Batch) {
	for n := range b.Len() {
		if b.X[n*b.Dim] > 0.5 {
			r.violated = true
		}
	}
}

func (r *recording) Energy(b ebm.Batch, out []float64) {
	r.check(b)
	r.Differentiable.Energy(b, out)
}

func (r *recording) EnergyGrad(b ebm.Batch, out, grad []float64) {
	r.check(b)
	r.Differentiable.EnergyGrad(b, out, grad)
}

func TestRegistryNames(t *testing.T) {
	assert.Equal(t, []string{"beam", "cem", "enumerate", "langevin", "pgd", "sample_rank"}, Names())
	_, err := New(Config{Method: "annealing"})
	assert.ErrorContains(t, err, `"annealing"`)
	_, err = New(Config{Method: "cem", EliteFraction: 2})
	assert.ErrorContains(t, err, "elite fraction")
}

func TestEnumerateMask(t *testing.T) {
	q := toy.Quadratic{A: mat.NewSymDense(1, []float64{2}), Center: []float64{0}}
	p := Problem{Energy: q, Candidates: []float64{3, 0.1, -0.5, 2}}
	m := newMethod(t, Config{Method: "enumerate"})

	res, err := m.Infer(p, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Index)
	assert.InDelta(t, 0.01, res.Energy, 1e-15)

	p.Mask = []bool{true, false, true, true}
	res, err = m.Infer(p, nil)
	require.NoError(t, err)
	assert.Equal(t, 2, res.Index)
	assert.True(t, math.IsInf(res.Energies[1], 1))

	p.Mask = []bool{false, false, false, false}
	_, err = m.Infer(p, nil)
	assert.ErrorContains(t, err, "masked")
}

func TestSampleRankQuadratic(t *testing.T) {
	rec := &recording{Differentiable: illConditioned()}
	m := newMethod(t, Config{Method: "sample_rank", Samples: 4000, InitStd: 2})
	res, err := m.Infer(Problem{Energy: rec, Init: []float64{0, 0, 0}, Project: clampFirst}, rand.New(rand.NewPCG(1, 1)))
	require.NoError(t, err)
	assert.False(t, rec.violated, "a scored candidate left the feasible set")
	assert.Equal(t, 4000, res.Evaluations)
	require.Len(t, res.Energies, 4000)
	for _, e := range res.Energies {
		require.GreaterOrEqual(t, e, res.Energy)
	}
	// E(0) of the quadratic is 6.0125; the best of 4000 draws is far lower.
	assert.Less(t, res.Energy, 1.0)
}

func TestPGDQuadratic(t *testing.T) {
	m := newMethod(t, Config{Method: "pgd", Steps: 2000, StepSize: 1})
	res, err := m.Infer(Problem{Energy: illConditioned(), Init: []float64{5, 5, 5}}, nil)
	require.NoError(t, err)
	t.Logf("pgd quadratic: %v after %d evaluations", res.X, res.Evaluations)
	assert.InDeltaSlice(t, []float64{1, -2, 0.5}, res.X, 1e-6)
}

func TestPGDRosenbrock(t *testing.T) {
	m := newMethod(t, Config{Method: "pgd", Steps: 50000, StepSize: 1e-3, Tolerance: 1e-12})
	res, err := m.Infer(Problem{Energy: toy.Rosenbrock{N: 2}, Init: []float64{-1.2, 1}}, nil)
	require.NoError(t, err)
	t.Logf("pgd Rosenbrock: %v, energy %.3g after %d evaluations", res.X, res.Energy, res.Evaluations)
	assert.InDeltaSlice(t, []float64{1, 1}, res.X, 1e-4)
}

func TestPGDProjection(t *testing.T) {
	// The constrained Rosenbrock minimum under x₀ ≤ 0.5 is (0.5, 0.25).
	rec := &recording{Differentiable: toy.Rosenbrock{N: 2}}
	m := newMethod(t, Config{Method: "pgd", Steps: 50000, StepSize: 1e-3, Tolerance: 1e-12})
	res, err := m.Infer(Problem{Energy: rec, Init: []float64{-1.2, 1}, Project: clampFirst}, nil)
	require.NoError(t, err)
	assert.False(t, rec.violated, "a scored candidate left the feasible set")
	assert.InDeltaSlice(t, []float64{0.5, 0.25}, res.X, 1e-5)
}

func TestCEMQuadratic(t *testing.T) {
	for _, full := range []bool{false, true} {
		m := newMethod(t, Config{Method: "cem", Steps: 60, Samples: 200, InitStd: 3, FullCovariance: full, Smoothing: 0.5})
		res, err := m.Infer(Problem{Energy: illConditioned(), Init: []float64{5, 5, 5}}, rand.New(rand.NewPCG(2, 2)))
		require.NoError(t, err)
		t.Logf("cem quadratic (full covariance %v): %v", full, res.X)
		assert.InDeltaSlice(t, []float64{1, -2, 0.5}, res.X, 1e-3)
	}
}

// rosenbrockCEM keeps a standard-deviation floor of 0.01 so the search keeps
// moving along the curved valley instead of collapsing early, which plain
// CEM does on Rosenbrock for most seeds.
var rosenbrockCEM = Config{Method: "cem", Steps: 300, Samples: 200, InitStd: 1,
	FullCovariance: true, Smoothing: 0.5, MinStd: 0.01}

func TestCEMRosenbrock(t *testing.T) {
	m := newMethod(t, rosenbrockCEM)
	res, err := m.Infer(Problem{Energy: toy.Rosenbrock{N: 2}, Init: []float64{-1.2, 1}}, rand.New(rand.NewPCG(1, 2)))
	require.NoError(t, err)
	t.Logf("cem Rosenbrock: %v, energy %.3g", res.X, res.Energy)
	assert.InDeltaSlice(t, []float64{1, 1}, res.X, 0.02)
	assert.Less(t, res.Energy, 1e-3)
}

func TestCEMProjection(t *testing.T) {
	rec := &recording{Differentiable: toy.Rosenbrock{N: 2}}
	m := newMethod(t, rosenbrockCEM)
	res, err := m.Infer(Problem{Energy: rec, Init: []float64{-1.2, 1}, Project: clampFirst}, rand.New(rand.NewPCG(1, 2)))
	require.NoError(t, err)
	t.Logf("cem constrained Rosenbrock: %v", res.X)
	assert.False(t, rec.violated, "a scored candidate left the feasible set")
	assert.InDeltaSlice(t, []float64{0.5, 0.25}, res.X, 0.01)
}

func TestLangevinInferenceQuadratic(t *testing.T) {
	// At a low temperature the best visited state is close to the minimum.
	m := newMethod(t, Config{Method: "langevin", Steps: 2000, StepSize: 0.15, FinalStepSize: 0.01, Temperature: 1e-4, Chains: 8})
	res, err := m.Infer(Problem{Energy: illConditioned(), Init: []float64{0, 0, 0}}, rand.New(rand.NewPCG(5, 5)))
	require.NoError(t, err)
	assert.InDeltaSlice(t, []float64{1, -2, 0.5}, res.X, 0.05)
	assert.Len(t, res.Samples, 8*3)
}

// chain is a token problem whose energy is the sum of per-position costs
// plus a penalty of 5 for token 0 followed by token 0. Greedy decoding takes
// the cheapest first token, 0, and can then only reach energy 3; the
// optimum (1, 0, 1) has energy 0.1.
type chain struct{}

func (chain) Vocabulary() int { return 3 }
func (chain) Length() int     { return 3 }

func (chain) PrefixEnergy(prefixes []int, n, l int, out []float64) {
	unary := [3][3]float64{{0, 0.1, 2}, {0, 3, 3}, {1, 0, 3}}
	for k := range n {
		seq := prefixes[k*l : (k+1)*l]
		var e float64
		for i, tok := range seq {
			e += unary[i][tok]
			if i > 0 && seq[i-1] == 0 && tok == 0 {
				e += 5
			}
		}
		out[k] = e
	}
}

func TestBeamSearch(t *testing.T) {
	exhaustive := newMethod(t, Config{Method: "beam", BeamWidth: 9})
	res, err := exhaustive.Infer(Problem{Sequence: chain{}}, nil)
	require.NoError(t, err)
	assert.Equal(t, []int{1, 0, 1}, res.Tokens)
	assert.InDelta(t, 0.1, res.Energy, 1e-15)
	assert.Equal(t, 3+9+27, res.Evaluations)

	greedy := newMethod(t, Config{Method: "beam", BeamWidth: 1})
	res, err = greedy.Infer(Problem{Sequence: chain{}}, nil)
	require.NoError(t, err)
	assert.Equal(t, []int{0, 1, 1}, res.Tokens)
	assert.InDelta(t, 3, res.Energy, 1e-15)
	assert.Equal(t, 9, res.Evaluations)
}
