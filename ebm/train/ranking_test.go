package train

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/ebm-av/ebm_av/ebm"
	"github.com/ebm-av/ebm_av/ebm/metrics"
	"github.com/ebm-av/ebm_av/ebm/nn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const objectiveSeed = 1

// rankingTask draws sets of 8 candidates in R⁴ whose positive minimises the
// hidden energy ‖x − c‖² and beats every negative by at least 0.5, so that
// the task is learnable exactly.
func rankingTask(rng *rand.Rand, sets int) (ebm.Batch, []int) {
	const candidates, dim = 8, 4
	c := []float64{0.5, -1, 0.3, 0.8}
	x := make([]float64, 0, sets*candidates*dim)
	positives := make([]int, 0, sets)
	hidden := func(v []float64) float64 {
		var s float64
		for i := range v {
			s += (v[i] - c[i]) * (v[i] - c[i])
		}
		return s
	}
	for len(positives) < sets {
		set := make([]float64, candidates*dim)
		for i := range set {
			set[i] = 1.5 * rng.NormFloat64()
		}
		e := make([]float64, candidates)
		for k := range e {
			e[k] = hidden(set[k*dim : (k+1)*dim])
		}
		best := ebm.Argmin(e)
		second := math.Inf(1)
		for k, v := range e {
			if k != best {
				second = math.Min(second, v)
			}
		}
		if second-e[best] < 0.5 {
			continue
		}
		x = append(x, set...)
		positives = append(positives, best)
	}
	return ebm.NewBatch(sets, candidates, dim, x), positives
}

func newRankingModel(t *testing.T, seed uint64) *nn.VectorEnergy {
	head := nn.NewMLP([]int{4, 32, 1}, []nn.Activation{nn.Softplus, nn.Identity})
	head.Init(rand.New(rand.NewPCG(seed, 1)))
	m, err := nn.NewVectorEnergy(head)
	require.NoError(t, err)
	return m
}

// trainRanking runs Adam over the training sets in minibatches of 32 for
// the given number of epochs.
func trainRanking(t *testing.T, m Model, loss RankingLoss, train ebm.Batch, positives []int, epochs int) {
	adam := &Adam{LearningRate: 0.01}
	grad := make([]float64, len(m.Params()))
	const mini = 32
	per := train.Candidates * train.Dim
	for range epochs {
		for lo := 0; lo+mini <= train.Size; lo += mini {
			clear(grad)
			b := ebm.NewBatch(mini, train.Candidates, train.Dim, train.X[lo*per:(lo+mini)*per])
			RankingStep(m, loss, b, positives[lo:lo+mini], grad)
			adam.Step(m.Params(), grad)
		}
	}
}

func TestSoftmaxRankingAccuracy(t *testing.T) {
	rng := rand.New(rand.NewPCG(objectiveSeed, 21))
	train, trainPos := rankingTask(rng, 1024)
	test, testPos := rankingTask(rng, 1000)
	m := newRankingModel(t, 1)

	trainRanking(t, m, Softmax{Temperature: 1}, train, trainPos, 40)

	e := make([]float64, test.Len())
	m.Energy(test, e)
	top1 := metrics.TopKAccuracy(e, test.Candidates, testPos, 1)
	stats := metrics.Energies(e, test.Candidates, testPos)
	t.Logf("softmax ranking: held-out top-1 %.4f, top-3 %.4f, energy gap %.3f",
		top1, metrics.TopKAccuracy(e, test.Candidates, testPos, 3), stats.Gap)
	assert.GreaterOrEqual(t, top1, 0.99)
}

func TestMarginSeparatesClasses(t *testing.T) {
	// Positives come from N((1, 1, 0, 0), 0.3²I) and negatives from
	// N((−1, −1, 0, 0), 0.3²I); each set pairs one positive with 3 negatives.
	rng := rand.New(rand.NewPCG(objectiveSeed, 22))
	draw := func(sets int) (ebm.Batch, []int) {
		x := make([]float64, 0, sets*4*4)
		for range sets {
			for k := range 4 {
				sign := -1.0
				if k == 0 {
					sign = 1
				}
				x = append(x, sign+0.3*rng.NormFloat64(), sign+0.3*rng.NormFloat64(), 0.3*rng.NormFloat64(), 0.3*rng.NormFloat64())
			}
		}
		return ebm.NewBatch(sets, 4, 4, x), make([]int, sets)
	}
	train, trainPos := draw(256)
	test, testPos := draw(500)
	m := newRankingModel(t, 2)

	trainRanking(t, m, Margin{Margin: 1}, train, trainPos, 20)

	e := make([]float64, test.Len())
	m.Energy(test, e)
	maxPos, minNeg := math.Inf(-1), math.Inf(1)
	for i := range test.Size {
		for k := range 4 {
			if k == 0 {
				maxPos = math.Max(maxPos, e[i*4])
			} else {
				minNeg = math.Min(minNeg, e[i*4+k])
			}
		}
	}
	t.Logf("margin: highest positive energy %.3f, lowest negative energy %.3f", maxPos, minNeg)
	assert.Less(t, maxPos, minNeg, "classes overlap in energy")
	assert.Equal(t, 1.0, metrics.TopKAccuracy(e, 4, testPos, 1))
}
