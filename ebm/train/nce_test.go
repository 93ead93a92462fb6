package train

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/ebm-av/ebm_av/ebm"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNCERecoversGaussian fits a 1-D Gaussian energy with a free offset by
// NCE against a wide Gaussian noise density. The minimum is the normalised
// density, so the offset must equal log Z of the fitted Gaussian.
func TestNCERecoversGaussian(t *testing.T) {
	rng := rand.New(rand.NewPCG(objectiveSeed, 31))
	const mu, sigma = 0.7, 0.5
	const noiseStd = 1.5
	const n, nu = 8000, 4
	data := make([]float64, n)
	for i := range data {
		data[i] = mu + sigma*rng.NormFloat64()
	}
	noise := make([]float64, n*nu)
	logQ := func(x float64) float64 {
		return -0.5*x*x/(noiseStd*noiseStd) - math.Log(noiseStd*math.Sqrt(2*math.Pi))
	}
	logQData, logQNoise := make([]float64, n), make([]float64, n*nu)
	for i := range noise {
		noise[i] = noiseStd * rng.NormFloat64()
		logQNoise[i] = logQ(noise[i])
	}
	for i, x := range data {
		logQData[i] = logQ(x)
	}

	m := NewLinearEnergy(QuadraticBasis{D: 1, Bias: true}) // θ: x, ½x², 1
	m.Theta[1] = 1
	adam := &Adam{LearningRate: 0.05}
	grad := make([]float64, 3)
	for range 600 {
		clear(grad)
		NCE{}.Step(m, ebm.NewBatch(1, n, 1, data), ebm.NewBatch(1, n*nu, 1, noise), logQData, logQNoise, grad)
		adam.Step(m.Theta, grad)
	}

	mean, cov, err := GaussianParams(m.Theta[:2], 1)
	require.NoError(t, err)
	std := math.Sqrt(cov.At(0, 0))
	// E = ½Px² − hx + c normalises when c = ½h²/P + log √(2π/P).
	logZ := 0.5*m.Theta[0]*m.Theta[0]/m.Theta[1] + 0.5*math.Log(2*math.Pi/m.Theta[1])
	t.Logf("NCE: mean %.4f (want %.2f), std %.4f (want %.2f), offset %.4f (normalising %.4f)", mean[0], mu, std, sigma, m.Theta[2], logZ)
	assert.InDelta(t, mu, mean[0], 0.03*sigma)
	assert.InDelta(t, sigma, std, 0.03*sigma)
	assert.InDelta(t, logZ, m.Theta[2], 0.04)
}
