package train

import (
	"math/rand/v2"
	"testing"

	"github.com/ebm-av/ebm_av/ebm"
	"github.com/ebm-av/ebm_av/ebm/internal/gradcheck"
	"github.com/stretchr/testify/assert"
)

func randomVector(rng *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v
}

func TestRankingLossGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	b := ebm.Batch{Size: 3, Candidates: 4, Dim: 1, X: make([]float64, 12),
		Mask: []bool{true, true, true, true, true, false, true, true, true, true, true, true}}
	positives := []int{0, 2, 3}
	energies := randomVector(rng, 12)
	for name, loss := range map[string]RankingLoss{
		"margin":  Margin{Margin: 0.5},
		"softmax": Softmax{Temperature: 0.7},
	} {
		dE := make([]float64, 12)
		loss.Loss(b, energies, positives, dE)
		num := gradcheck.Numeric(func(e []float64) float64 {
			return loss.Loss(b, e, positives, make([]float64, 12))
		}, energies)
		rel := gradcheck.RelativeError(dE, num)
		t.Logf("%s: relative error %.2e", name, rel)
		assert.Less(t, rel, 1e-5, name)
		assert.Equal(t, 0.0, dE[5], "%s: masked candidate has a gradient", name)
	}
}

func TestSoftmaxLossExact(t *testing.T) {
	// −log(e^{−1}/(e^{−1} + e^{−2})) = log(1 + e^{−1}).
	b := ebm.NewBatch(1, 2, 1, []float64{0, 0})
	got := Softmax{Temperature: 1}.Loss(b, []float64{1, 2}, []int{0}, make([]float64, 2))
	assert.InDelta(t, 0.31326168751822286, got, 1e-15)
}

func TestBasisDerivatives(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for name, basis := range map[string]Basis{
		"quadratic": QuadraticBasis{D: 3, Bias: true},
		"rbf":       RBFBasis{Centers: []float64{-1, 0, 1.5}, Width: 0.7},
	} {
		d, m := basis.Dim(), basis.Len()
		x := randomVector(rng, d)
		phi, jac, lap := make([]float64, m), make([]float64, m*d), make([]float64, m)
		basis.Eval(x, phi, jac, lap)
		for k := range m {
			feature := func(v []float64) float64 {
				p := make([]float64, m)
				basis.Eval(v, p, nil, nil)
				return p[k]
			}
			assert.Less(t, gradcheck.RelativeError(jac[k*d:(k+1)*d], gradcheck.Numeric(feature, x)), 1e-5, "%s: Jacobian row %d", name, k)
			// The Laplacian is the divergence of the Jacobian row.
			var div float64
			for i := range d {
				partial := func(v []float64) float64 {
					p, j := make([]float64, m), make([]float64, m*d)
					basis.Eval(v, p, j, nil)
					return j[k*d+i]
				}
				div += gradcheck.Numeric(partial, x)[i]
			}
			assert.Less(t, gradcheck.RelativeError([]float64{lap[k]}, []float64{div}), 1e-5, "%s: Laplacian %d", name, k)
		}
	}
}

func TestLinearEnergyGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	l := NewLinearEnergy(QuadraticBasis{D: 2, Bias: true})
	l.Theta = randomVector(rng, l.Basis.Len())
	x := randomVector(rng, 2*5)
	b := ebm.NewBatch(1, 5, 2, x)
	out, grad := make([]float64, 5), make([]float64, 10)
	l.EnergyGrad(b, out, grad)
	total := func([]float64) float64 {
		o := make([]float64, 5)
		l.Energy(b, o)
		var s float64
		for _, v := range o {
			s += v
		}
		return s
	}
	assert.Less(t, gradcheck.RelativeError(grad, gradcheck.Numeric(total, x)), 1e-5)
	dTheta := make([]float64, len(l.Theta))
	l.ParamGrad(b, []float64{1, 1, 1, 1, 1}, dTheta)
	assert.Less(t, gradcheck.RelativeError(dTheta, gradcheck.Numeric(total, l.Theta)), 1e-5)
}

func TestScoreMatchingLossGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	basis := RBFBasis{Centers: []float64{-1, 0, 1}, Width: 0.8}
	x := randomVector(rng, 50)
	theta := randomVector(rng, basis.Len())
	grad := make([]float64, len(theta))
	ScoreMatchingLoss(basis, theta, x, 50, grad)
	num := gradcheck.Numeric(func(th []float64) float64 {
		return ScoreMatchingLoss(basis, th, x, 50, make([]float64, len(th)))
	}, theta)
	assert.Less(t, gradcheck.RelativeError(grad, num), 1e-5)
}

func TestNCEGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	l := NewLinearEnergy(QuadraticBasis{D: 1, Bias: true})
	l.Theta = []float64{0.3, 1.2, 0.5}
	data := ebm.NewBatch(1, 6, 1, randomVector(rng, 6))
	noise := ebm.NewBatch(1, 12, 1, randomVector(rng, 12))
	logQData, logQNoise := randomVector(rng, 6), randomVector(rng, 12)
	grad := make([]float64, 3)
	NCE{}.Step(l, data, noise, logQData, logQNoise, grad)
	num := gradcheck.Numeric(func([]float64) float64 {
		return NCE{}.Step(l, data, noise, logQData, logQNoise, make([]float64, 3))
	}, l.Theta)
	assert.Less(t, gradcheck.RelativeError(grad, num), 1e-5)
}
