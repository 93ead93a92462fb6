package calib

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/ebm-av/ebm_av/ebm"
	"github.com/ebm-av/ebm_av/ebm/internal/gradcheck"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// overconfident draws sets whose labels follow softmax(z) of random logits
// z, then reports energies E = −3z, so the scores are three times too
// sharp and the calibrating temperature is exactly 3 in the limit.
func overconfident(rng *rand.Rand, sets, candidates int) Sets {
	s := Sets{Candidates: candidates}
	z := make([]float64, candidates)
	p := make([]float64, candidates)
	for range sets {
		for k := range z {
			z[k] = 1.5 * rng.NormFloat64()
		}
		neg := make([]float64, candidates)
		for k := range z {
			neg[k] = -z[k]
		}
		ebm.Boltzmann(p, neg, 1)
		u, y := rng.Float64(), candidates-1
		for k, v := range p {
			if u < v {
				y = k
				break
			}
			u -= v
		}
		for k := range z {
			s.Energies = append(s.Energies, -3*z[k])
		}
		s.Labels = append(s.Labels, y)
	}
	return s
}

func TestTemperatureScalingFixesOverconfidence(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	fit, test := overconfident(rng, 10000, 5), overconfident(rng, 10000, 5)

	tau, nll, err := FitTemperature(fit)
	require.NoError(t, err)
	before, _ := ECE(test, 1, 10)
	after, bins := ECE(test, tau, 10)
	nll1, _ := fit.NLL(1)
	t.Logf("temperature %.4f (want 3), NLL %.4f → %.4f, held-out ECE %.4f → %.4f", tau, nll1, nll, before, after)
	assert.InDelta(t, 3, tau, 0.15)
	assert.Less(t, nll, nll1)
	assert.Greater(t, before, 0.1)
	assert.Less(t, after, 0.02)
	assert.Len(t, bins, 10)
}

func TestNLLDerivative(t *testing.T) {
	s := overconfident(rand.New(rand.NewPCG(2, 2)), 50, 4)
	_, d := s.NLL(1.7)
	num := gradcheck.Numeric(func(v []float64) float64 { n, _ := s.NLL(v[0]); return n }, []float64{1.7})
	assert.Less(t, gradcheck.RelativeError([]float64{d}, num), 1e-5)
}

func TestNLLMasked(t *testing.T) {
	// Two live candidates with energies 0 and 1 at τ = 1: NLL = log(1 + e^{−1}).
	s := Sets{Energies: []float64{0, 1, math.Inf(1)}, Candidates: 3, Labels: []int{0}}
	nll, _ := s.NLL(1)
	assert.InDelta(t, math.Log1p(math.Exp(-1)), nll, 1e-15)
}

func TestValidateRejectsBadSets(t *testing.T) {
	assert.ErrorContains(t, Sets{Energies: []float64{0, 1}, Candidates: 3, Labels: []int{0}}.Validate(), "do not form")
	assert.ErrorContains(t, Sets{Energies: []float64{0, 1}, Candidates: 2, Labels: []int{2}}.Validate(), "outside")
	assert.ErrorContains(t, Sets{Energies: []float64{math.Inf(1), 1}, Candidates: 2, Labels: []int{0}}.Validate(), "energy +Inf")
}

func TestFitTemperatureSeparable(t *testing.T) {
	// The labelled candidate always has the lowest energy, so the NLL keeps
	// falling as τ → 0.
	s := Sets{Energies: []float64{0, 1, 0, 2}, Candidates: 2, Labels: []int{0, 0}}
	_, _, err := FitTemperature(s)
	assert.ErrorContains(t, err, "lowest energy in every set")
}
