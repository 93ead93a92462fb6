package energy

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/occupancy"
	"github.com/ebm-av/ebm_av/occupancy/forecast"
	"github.com/ebm-av/ebm_av/traj"
)

func TestTrainRankingSeparatesGroups(t *testing.T) {
	// The positive has a small first feature and any second feature; the
	// negatives have a large first feature. Training must put a positive
	// coefficient on feature 0 and rank every positive first.
	rng := rand.New(rand.NewPCG(3, 4))
	var groups []Group
	for range 40 {
		g := Group{Positive: rng.IntN(5)}
		for k := 0; k < 5; k++ {
			f := []float64{1 + rng.Float64(), rng.Float64()}
			if k == g.Positive {
				f[0] = rng.Float64() * 0.5
			}
			g.Features = append(g.Features, f)
		}
		groups = append(groups, g)
	}

	coef, losses, err := TrainRanking(groups, DefaultTrainConfig())
	require.NoError(t, err)
	assert.Greater(t, coef[0], 1.0)
	assert.Less(t, losses[len(losses)-1], 0.2*losses[0], "loss falls")
	assert.InDelta(t, math.Log(5), losses[0], 1e-9, "zero coefficients give the uniform softmax")

	for _, g := range groups {
		best := 0
		for k, f := range g.Features {
			if weightedSum(coef, f) < weightedSum(coef, g.Features[best]) {
				best = k
			}
		}
		assert.Equal(t, g.Positive, best)
	}
}

func TestTrainRankingRejectsBadGroups(t *testing.T) {
	cases := []struct {
		name   string
		groups []Group
		want   string
	}{
		{"empty", nil, "no training groups"},
		{"positive", []Group{{Features: [][]float64{{1}}, Positive: 1}}, "positive index 1 outside its 1 candidates"},
		{"dimension", []Group{{Features: [][]float64{{1}, {1, 2}}}}, "group 0 candidate 1: 2 features, want 1"},
		{"nan", []Group{{Features: [][]float64{{1}, {math.NaN()}}}}, "feature 0: invalid value NaN"},
		{"offset", []Group{{Features: [][]float64{{1}, {2}}, Offset: []float64{1}}}, "1 offsets for 2 candidates"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := TrainRanking(c.groups, DefaultTrainConfig())
			assert.ErrorContains(t, err, c.want)
		})
	}
	_, _, err := TrainRanking([]Group{{Features: [][]float64{{1}}}}, TrainConfig{Epochs: 1, LearningRate: 0.1})
	assert.ErrorContains(t, err, "temperature")
}

func TestLearnedEnergyMapSumsToEnergy(t *testing.T) {
	obstacles := []traj.Obstacle{movingCar(1, -10, 2, 8), movingCar(2, -5, -4, 5)}
	history, setup := testScene(t, obstacles)
	f := runForecaster(t, forecast.Teleporting{Base: forecast.Dilated{Base: forecastCV, Scale: 1.3}, Jump: 12, At: 1}, obstacles, setup)
	learned := NewLearned(NewDynamics(), NewGeometry(), NewMapPrior())
	require.Equal(t, []string{"dynamics.appear", "dynamics.vanish", "dynamics.accel", "geometry.total", "geometry.area", "geometry.lost", "map_prior.off_road"}, learned.FeatureNames())
	for i := range learned.Coef {
		learned.Coef[i] = float64(i + 1)
	}
	sc := &Scorer{Config: DefaultConfig(), Terms: []Term{learned}}
	e, err := sc.Score(history, Masks{}, []*occupancy.Sequence{f})
	require.NoError(t, err)
	total, _, err := sc.EnergyMap(history, Masks{}, f)
	require.NoError(t, err)
	var sum float64
	for _, v := range total {
		sum += v
	}
	require.Greater(t, e[0], 1.0)
	assert.InDelta(t, e[0], sum, 1e-6*e[0])
}

func TestDistanceTransformMatchesBruteForce(t *testing.T) {
	const h, w = 23, 31
	rng := rand.New(rand.NewPCG(5, 6))
	plane := make([]float32, h*w)
	for k := range plane {
		if rng.Float64() < 0.03 {
			plane[k] = 1
		}
	}
	dist := make([]float64, h*w)
	distanceTransform(plane, h, w, 0.5, dist, make([]float64, 3*w+1))
	for k := range plane {
		want := math.Inf(1)
		for q, p := range plane {
			if p >= 0.5 {
				want = math.Min(want, math.Hypot(float64(k/w-q/w), float64(k%w-q%w)))
			}
		}
		require.InDelta(t, want, dist[k], 1e-9, "cell %d", k)
	}
	distanceTransform(make([]float32, h*w), h, w, 0.5, dist, make([]float64, 3*w+1))
	assert.True(t, math.IsInf(dist[0], 1), "no occupied cell")
}

func TestLabelBlobsCentroidsAndMass(t *testing.T) {
	const h, w = 6, 8
	plane := make([]float32, h*w)
	// A 2×2 blob of 1 at rows 1–2, cols 1–2, touching a diagonal 0.5 cell,
	// and a lone cell at row 4, col 6.
	for _, k := range []int{1*w + 1, 1*w + 2, 2*w + 1, 2*w + 2} {
		plane[k] = 1
	}
	plane[3*w+3] = 0.5
	plane[4*w+6] = 0.25
	blobs, _ := labelBlobs(plane, h, w, 0.05, make([]int32, h*w), nil)
	require.Len(t, blobs, 2)
	assert.InDelta(t, 4.5, blobs[0].Mass, 1e-12)
	assert.Equal(t, 5, blobs[0].Cells)
	assert.InDelta(t, (4*2.0+0.5*3.5)/4.5, blobs[0].Col, 1e-12)
	assert.InDelta(t, 6.5, blobs[1].Col, 1e-12)
	assert.InDelta(t, 4.5, blobs[1].Row, 1e-12)
	assert.True(t, blobs[1].nearBorder(h, w, 1))
	assert.False(t, blobs[0].nearBorder(h, w, 0))
}

func TestPartsCachedPerTermInstance(t *testing.T) {
	obstacles := []traj.Obstacle{movingCar(1, -10, 2, 8)}
	history, setup := testScene(t, obstacles)
	f := runForecaster(t, forecast.CopyLast{}, obstacles, setup)
	strict, lax := NewDynamics(), NewDynamics()
	lax.AccelMax = 1000
	sc := &Scorer{Config: DefaultConfig(), Terms: []Term{strict, lax}}
	rows, err := sc.Breakdown(history, Masks{}, []*occupancy.Sequence{f})
	require.NoError(t, err)
	assert.Greater(t, rows[0][0], 1.0, "copy-and-paste of a moving car brakes hard")
	assert.Equal(t, 0.0, rows[0][1], "no acceleration is above 1000 m/s²")
}

func TestCoefficientsRoundTrip(t *testing.T) {
	a := NewLearned(NewDynamics(), NewGeometry())
	for i := range a.Coef {
		a.Coef[i] = 0.5 - float64(i)
	}
	var buf bytes.Buffer
	require.NoError(t, a.WriteCoefficients(&buf))
	written := buf.String()

	b := NewLearned(NewDynamics(), NewGeometry())
	require.NoError(t, b.ReadCoefficients(strings.NewReader(written)))
	assert.Equal(t, a.Coef, b.Coef)

	other := NewLearned(NewDynamics(), NewGeometry(), NewMapPrior())
	assert.ErrorContains(t, other.ReadCoefficients(strings.NewReader(written)), "retrain or build the term over the same terms")
	assert.ErrorContains(t, b.ReadCoefficients(strings.NewReader(`{"features": ["dynamics.appear"], "coefficients": [1], "bias": 2}`)), "unknown field")
	short := strings.Replace(written, "0.5,", "", 1)
	assert.ErrorContains(t, b.ReadCoefficients(strings.NewReader(short)), "5 values for 6 features")
}
