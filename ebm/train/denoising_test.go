package train

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/ebm-av/ebm_av/ebm"
	"github.com/ebm-av/ebm_av/ebm/internal/gradcheck"
	"github.com/ebm-av/ebm_av/ebm/nn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDenoisingStepGradient(t *testing.T) {
	head := nn.NewMLP([]int{2, 8, 1}, []nn.Activation{nn.Tanh, nn.Identity})
	head.Init(rand.New(rand.NewPCG(1, 1)))
	vector, err := nn.NewVectorEnergy(head)
	require.NoError(t, err)
	linear := NewLinearEnergy(QuadraticBasis{D: 2})
	linear.Theta = []float64{0.3, -0.2, 1.1, 0.4, 0.9}

	data := ebm.NewBatch(1, 5, 2, randomVector(rand.New(rand.NewPCG(2, 2)), 10))
	dsm := DenoisingScoreMatching{Sigma: 0.3}
	for name, m := range map[string]ScoreModel{"mlp": vector, "linear": linear} {
		grad := make([]float64, len(m.Params()))
		dsm.Step(m, data, rand.New(rand.NewPCG(3, 3)), grad)
		// The same seed redraws the same noise for every evaluation.
		loss := func([]float64) float64 {
			return dsm.Step(m, data, rand.New(rand.NewPCG(3, 3)), make([]float64, len(m.Params())))
		}
		rel := gradcheck.RelativeError(grad, gradcheck.Numeric(loss, m.Params()))
		t.Logf("%s: relative error %.2e", name, rel)
		assert.Less(t, rel, 1e-5, name)
	}
}

func TestStepEnergyDirectionalGradient(t *testing.T) {
	// A StepEnergy over a smooth analytic feature, checked through the
	// denoising objective, which exercises DirectionalParamGrad.
	head := nn.NewMLP([]int{2, 6, 1}, []nn.Activation{nn.SiLU, nn.Identity})
	head.Init(rand.New(rand.NewPCG(4, 4)))
	e, err := nn.NewStepEnergy(3, sinFeatures{}, head)
	require.NoError(t, err)
	data := ebm.NewBatch(1, 4, 6, randomVector(rand.New(rand.NewPCG(5, 5)), 24))
	dsm := DenoisingScoreMatching{Sigma: 0.5}
	grad := make([]float64, len(e.Params()))
	dsm.Step(e, data, rand.New(rand.NewPCG(6, 6)), grad)
	loss := func([]float64) float64 {
		return dsm.Step(e, data, rand.New(rand.NewPCG(6, 6)), make([]float64, len(e.Params())))
	}
	assert.Less(t, gradcheck.RelativeError(grad, gradcheck.Numeric(loss, e.Params())), 1e-5)
}

// sinFeatures maps each step's point (x, y) to (sin x, x·y).
type sinFeatures struct{}

func (sinFeatures) PointDim() int    { return 2 }
func (sinFeatures) NumFeatures() int { return 2 }
func (sinFeatures) StepFeatures(x []float64, steps int, feat, jac []float64) {
	for t := range steps {
		px, py := x[2*t], x[2*t+1]
		feat[2*t], feat[2*t+1] = math.Sin(px), px*py
		if jac != nil {
			copy(jac[4*t:4*t+4], []float64{math.Cos(px), 0, py, px})
		}
	}
}

const denoisingSeed = 1

// TestDenoisingMLPGaussianScore trains an MLP energy on samples of
// N(1, 0.5²) with σ = 0.2. The fitted score should match the score of
// N(1, 0.5² + 0.2²), −(x − 1)/0.29, over the bulk of the data.
func TestDenoisingMLPGaussianScore(t *testing.T) {
	rng := rand.New(rand.NewPCG(denoisingSeed, 7))
	head := nn.NewMLP([]int{1, 16, 1}, []nn.Activation{nn.Softplus, nn.Identity})
	head.Init(rng)
	m, err := nn.NewVectorEnergy(head)
	require.NoError(t, err)

	const batch = 128
	x := make([]float64, batch)
	adam := &Adam{LearningRate: 0.01}
	grad := make([]float64, len(m.Params()))
	dsm := DenoisingScoreMatching{Sigma: 0.2}
	for it := range 2500 {
		if it == 1500 {
			adam.LearningRate = 0.002 // anneal to average out the noisy targets
		}
		for i := range x {
			x[i] = 1 + 0.5*rng.NormFloat64()
		}
		clear(grad)
		dsm.Step(m, ebm.NewBatch(1, batch, 1, x), rng, grad)
		adam.Step(m.Params(), grad)
	}

	var errSq, refSq float64
	out, g := make([]float64, 1), make([]float64, 1)
	for v := 0.0; v <= 2.0; v += 0.05 {
		m.EnergyGrad(ebm.NewBatch(1, 1, 1, []float64{v}), out, g)
		want := -(v - 1) / 0.29
		errSq += (-g[0] - want) * (-g[0] - want)
		refSq += want * want
	}
	rel := math.Sqrt(errSq / refSq)
	t.Logf("relative RMS score error on [0, 2]: %.4f", rel)
	assert.Less(t, rel, 0.1)
}
