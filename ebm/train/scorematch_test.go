package train

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

const scoreMatchingSeed = 1

var (
	gaussMean = []float64{1, -0.5, 2}
	gaussCov  = mat.NewSymDense(3, []float64{
		1.0, 0.3, -0.2,
		0.3, 0.5, 0.1,
		-0.2, 0.1, 0.8,
	})
)

// gaussianSamples draws n samples of N(gaussMean, gaussCov), laid out [n][3].
func gaussianSamples(rng *rand.Rand, n int) []float64 {
	var chol mat.Cholesky
	chol.Factorize(gaussCov)
	var l mat.TriDense
	chol.LTo(&l)
	x := make([]float64, n*3)
	z := make([]float64, 3)
	for s := range n {
		for i := range z {
			z[i] = rng.NormFloat64()
		}
		for i := range 3 {
			v := gaussMean[i]
			for j := 0; j <= i; j++ {
				v += l.At(i, j) * z[j]
			}
			x[s*3+i] = v
		}
	}
	return x
}

// assertGaussian checks a recovered mean and covariance element by element
// against want within tol times the standard deviations involved.
func assertGaussian(t *testing.T, mean []float64, cov, wantCov *mat.SymDense, tol float64) {
	t.Helper()
	var worstMean, worstCov float64
	for i := range 3 {
		si := math.Sqrt(wantCov.At(i, i))
		worstMean = math.Max(worstMean, math.Abs(mean[i]-gaussMean[i])/si)
		for j := range 3 {
			sj := math.Sqrt(wantCov.At(j, j))
			worstCov = math.Max(worstCov, math.Abs(cov.At(i, j)-wantCov.At(i, j))/(si*sj))
		}
	}
	t.Logf("max mean error %.4f σ, max covariance error %.4f σσ", worstMean, worstCov)
	assert.Less(t, worstMean, tol, "mean")
	assert.Less(t, worstCov, tol, "covariance")
}

func TestScoreMatchingGaussian(t *testing.T) {
	rng := rand.New(rand.NewPCG(scoreMatchingSeed, 1))
	const n = 60000
	x := gaussianSamples(rng, n)
	basis := QuadraticBasis{D: 3}
	theta, err := FitScoreMatching(basis, x, n, 0)
	require.NoError(t, err)
	mean, cov, err := GaussianParams(theta, 3)
	require.NoError(t, err)
	assertGaussian(t, mean, cov, gaussCov, 0.02)

	// Gradient descent on the same objective reaches the closed form.
	l := NewLinearEnergy(basis)
	for i := range 3 {
		l.Theta[3+[]int{0, 3, 5}[i]] = 1 // start at the standard normal
	}
	adam := &Adam{LearningRate: 0.02}
	grad := make([]float64, len(l.Theta))
	sub := x[:3*500]
	for range 3000 {
		ScoreMatchingLoss(basis, l.Theta, sub, 500, grad)
		adam.Step(l.Theta, grad)
	}
	exact, err := FitScoreMatching(basis, sub, 500, 0)
	require.NoError(t, err)
	assert.InDeltaSlice(t, exact, l.Theta, 1e-3)
}

func TestDenoisingScoreMatchingGaussian(t *testing.T) {
	// Denoising fits the score of the data convolved with N(0, σ²I), whose
	// covariance is Σ + σ²I.
	rng := rand.New(rand.NewPCG(scoreMatchingSeed, 2))
	const n, sigma = 40000, 0.3
	x := gaussianSamples(rng, n)
	theta, err := FitDenoisingScoreMatching(QuadraticBasis{D: 3}, x, n, sigma, 8, 0, rng)
	require.NoError(t, err)
	mean, cov, err := GaussianParams(theta, 3)
	require.NoError(t, err)
	want := mat.NewSymDense(3, nil)
	want.CopySym(gaussCov)
	for i := range 3 {
		want.SetSym(i, i, want.At(i, i)+sigma*sigma)
	}
	assertGaussian(t, mean, cov, want, 0.02)
}

// mixtureScore returns d/dx log p for p = Σ w_k N(μ_k, s_k²) in 1-D.
func mixtureScore(x float64, w, mu, s []float64) (score, density float64) {
	var p, dp float64
	for k := range w {
		g := w[k] * math.Exp(-0.5*(x-mu[k])*(x-mu[k])/(s[k]*s[k])) / (s[k] * math.Sqrt(2*math.Pi))
		p += g
		dp += -g * (x - mu[k]) / (s[k] * s[k])
	}
	return dp / p, p
}

func TestScoreMatchingMixture1D(t *testing.T) {
	w, mu, s := []float64{0.4, 0.6}, []float64{-1.5, 1}, []float64{0.6, 0.8}
	rng := rand.New(rand.NewPCG(scoreMatchingSeed, 3))
	const n = 40000
	x := make([]float64, n)
	for i := range x {
		k := 0
		if rng.Float64() > w[0] {
			k = 1
		}
		x[i] = mu[k] + s[k]*rng.NormFloat64()
	}
	centers := make([]float64, 25)
	for i := range centers {
		centers[i] = -4 + float64(i)*8.0/24
	}
	basis := RBFBasis{Centers: centers, Width: 0.7}
	theta, err := FitScoreMatching(basis, x, n, 1e-5)
	require.NoError(t, err)

	// Compare −dE/dx with the true score where the density is at least 5%
	// of its peak, weighting by density. The remaining error is mostly the
	// basis: it stays near 5% with five times the samples.
	phi, jac := make([]float64, basis.Len()), make([]float64, basis.Len())
	var errSq, refSq float64
	for v := -4.0; v <= 4; v += 0.01 {
		want, p := mixtureScore(v, w, mu, s)
		if p < 0.05*0.33 {
			continue
		}
		basis.Eval([]float64{v}, phi, jac, nil)
		got := -dot(theta, jac)
		errSq += p * (got - want) * (got - want)
		refSq += p * want * want
	}
	rel := math.Sqrt(errSq / refSq)
	t.Logf("density-weighted relative RMS score error %.4f", rel)
	assert.Less(t, rel, 0.1)
}
