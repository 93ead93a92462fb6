package infer

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/ebm-av/ebm_av/ebm/toy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

func twoComponentMixture(t *testing.T) *toy.Mixture {
	m, err := toy.NewMixture(
		[]float64{0.3, 0.7},
		[][]float64{{-1, 0}, {1, 0.5}},
		[]*mat.SymDense{
			mat.NewSymDense(2, []float64{0.5, 0.15, 0.15, 0.4}),
			mat.NewSymDense(2, []float64{0.4, -0.1, -0.1, 0.3}),
		})
	require.NoError(t, err)
	return m
}

// TestLangevinMixtureMoments samples the energy −log p of a known 2-D
// Gaussian mixture and recovers its weights, means and covariances from the
// samples. Each sample x contributes to component k with weight p(k | x),
// which gives unbiased estimates for exact samples whatever the overlap.
func TestLangevinMixtureMoments(t *testing.T) {
	mix := twoComponentMixture(t)
	const chains = 4000
	rng := rand.New(rand.NewPCG(1, 1))
	x := make([]float64, chains*2)
	Gaussian{Mean: []float64{0, 0}, Std: 2}.Propose(rng, chains, x)
	// Burn in with a shrinking step, then keep every 25th state of a
	// constant small step, about 0.1 time units apart.
	Langevin(mix, x, chains, Schedule{Start: 0.1, End: 0.005, Steps: 300}, 1, rng, nil, nil)

	r := make([]float64, 2)
	var weight [2]float64
	var mean [2][2]float64
	var second [2][2][2]float64
	samples := 0
	collect := func(step int, x, _ []float64) {
		if step%25 != 0 {
			return
		}
		for c := range chains {
			p := x[2*c : 2*c+2]
			mix.Responsibilities(p, r)
			for k := range 2 {
				weight[k] += r[k]
				for i := range 2 {
					mean[k][i] += r[k] * p[i]
					for j := range 2 {
						second[k][i][j] += r[k] * p[i] * p[j]
					}
				}
			}
		}
		samples += chains
	}
	Langevin(mix, x, chains, Schedule{Start: 0.005, End: 0.005, Steps: 600}, 1, rng, nil, collect)

	for k := range 2 {
		wantCov := mix.Covariances[k]
		for i := range 2 {
			mean[k][i] /= weight[k]
		}
		gotWeight := weight[k] / float64(samples)
		t.Logf("component %d: weight %.4f (want %.2f), mean %.4f (want %v)", k, gotWeight, mix.Weights[k], mean[k], mix.Means[k])
		assert.InDelta(t, mix.Weights[k], gotWeight, 0.05*mix.Weights[k], "weight of component %d", k)
		for i := range 2 {
			scale := math.Sqrt(wantCov.At(i, i))
			assert.InDelta(t, mix.Means[k][i], mean[k][i], 0.05*scale, "mean %d of component %d", i, k)
			for j := range 2 {
				cov := second[k][i][j]/weight[k] - mean[k][i]*mean[k][j]
				want := wantCov.At(i, j)
				t.Logf("component %d: covariance (%d, %d) %.4f (want %.2f)", k, i, j, cov, want)
				assert.InDelta(t, want, cov, 0.05*math.Sqrt(wantCov.At(i, i)*wantCov.At(j, j)),
					"covariance (%d, %d) of component %d", i, j, k)
			}
		}
	}
}
