package planner

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/traj"
)

// constTerm gives candidate i the energy values[i].
type constTerm struct {
	name   string
	values []float64
}

func (c constTerm) Name() string { return c.name }

func (c constTerm) Evaluate(_ *Context, _ []traj.Trajectory, out []float64) { copy(out, c.values) }

// onlyParams returns parameters with every built-in term weighted 0.
func onlyParams() Params {
	p := DefaultParams()
	p.CollisionRisk.Weight, p.Lane.Weight, p.Comfort.Weight = 0, 0, 0
	p.Progress.Weight, p.Rules.Weight, p.Uncertainty.Weight = 0, 0, 0
	return p
}

func TestScorerSoftmaxHandComputed(t *testing.T) {
	p := onlyParams()
	p.Temperature = 2
	s, err := NewScorer(p, WithTerm(constTerm{"fixed", []float64{1, 2, 3}}, 1))
	require.NoError(t, err)
	ctx := &Context{Ego: testEgo}
	var res Result
	require.NoError(t, s.Score(ctx, []traj.Trajectory{straight(0, 0, 0, 1), straight(0, 0, 0, 1), straight(0, 0, 0, 1)}, &res))

	z := math.Exp(-0.5) + math.Exp(-1) + math.Exp(-1.5)
	want := []float64{math.Exp(-0.5) / z, math.Exp(-1) / z, math.Exp(-1.5) / z}
	assert.InDeltaSlice(t, want, res.Probability, 1e-12)
	assert.InDelta(t, math.Log(z), res.LogPartition, 1e-12)
	assert.Equal(t, 0, res.Selected)
	assert.Equal(t, 2.0, res.Temperature)
	assert.False(t, res.TemperatureCalibrated)
}

func TestScorerSelectionIgnoresInfeasible(t *testing.T) {
	ctx := &Context{Ego: testEgo, Obstacles: []traj.Obstacle{staticBox(42, 20, 0, 0, 4.5, 1.8, 0)}}
	// The lowest energy belongs to candidate 0, which collides.
	s, err := NewScorer(onlyParams(), WithTerm(constTerm{"fixed", []float64{-5, 3, 1}}, 2))
	require.NoError(t, err)
	var res Result
	cands := []traj.Trajectory{straight(0, 0, 0, 10), straight(0, 6, 0, 10), straight(0, -6, 0, 10)}
	require.NoError(t, s.Score(ctx, cands, &res))

	assert.Equal(t, []bool{false, true, true}, res.Feasible)
	assert.Equal(t, "collision:obstacle=42,t=1.60s", res.Rejections[0].String())
	assert.Equal(t, []string{"collision:obstacle=42,t=1.60s", "", ""}, res.Reasons(nil))
	assert.Equal(t, 2, res.Selected)
	assert.Equal(t, []float64{-10, 6, 2}, res.Total, "energies are reported for every candidate")
	assert.Equal(t, 0.0, res.Probability[0])
	assert.InDelta(t, 1.0, res.Probability[1]+res.Probability[2], 1e-12)
	assert.InDelta(t, 1/(1+math.Exp(-4)), res.Probability[2], 1e-12)
}

func TestScorerNoFeasibleCandidate(t *testing.T) {
	ctx := &Context{Ego: testEgo, Obstacles: []traj.Obstacle{staticBox(1, 20, 0, 0, 4.5, 1.8, 0)}}
	s, err := NewScorer(DefaultParams())
	require.NoError(t, err)
	var res Result
	require.NoError(t, s.Score(ctx, []traj.Trajectory{straight(0, 0, 0, 10)}, &res))
	assert.Equal(t, NoSelection, res.Selected)
	assert.Equal(t, []float64{0}, res.Probability)
	assert.True(t, math.IsInf(res.LogPartition, -1))
}

func TestScorerWeightedTermsSumToTotal(t *testing.T) {
	ctx := &Context{Ego: testEgo, SpeedLimit: 12, Obstacles: []traj.Obstacle{staticBox(1, 30, 3, 0, 4.5, 1.8, 0.5)}}
	cands := []traj.Trajectory{straight(0, 0, 0, 10), straight(0, 0, 0.05, 14), straight(0, -1, 0, 8)}
	s, err := NewScorer(DefaultParams(), WithLearned(func(_ *Context, c []traj.Trajectory, out []float64) {
		for i := range out {
			out[i] = float64(i)
		}
	}))
	require.NoError(t, err)
	var res Result
	require.NoError(t, s.Score(ctx, cands, &res))

	want := []string{"collision_risk", "lane", "comfort", "progress", "rules", "uncertainty", "learned"}
	assert.Equal(t, want, res.Names)
	assert.Equal(t, want, s.TermNames())
	for i := range cands {
		sum := 0.0
		for j := range res.Terms {
			sum += res.Terms[j][i]
		}
		assert.InDelta(t, sum, res.Total[i], 1e-9, "candidate %d", i)
	}
	assert.Equal(t, []float64{0, 1, 2}, res.Terms[6], "learned term, weight 1")

	// Each weighted term is the weight times the term evaluated alone.
	raw := evaluate(NewProgress(DefaultParams().Progress), ctx, cands...)
	for i := range cands {
		assert.InDelta(t, DefaultParams().Progress.Weight*raw[i], res.Terms[3][i], 1e-12)
	}
}

func TestScorerStatistics(t *testing.T) {
	s, err := NewScorer(onlyParams(), WithTerm(constTerm{"fixed", []float64{4, -2, 1}}, 0.5))
	require.NoError(t, err)
	ctx := &Context{Ego: testEgo}
	cands := []traj.Trajectory{straight(0, 0, 0, 1), straight(0, 0, 0, 1), straight(0, 0, 0, 1)}
	var res Result
	require.NoError(t, s.Score(ctx, cands, &res))
	assert.Nil(t, res.Stats, "statistics are off by default")

	s.SetStatistics(true)
	require.NoError(t, s.Score(ctx, cands, &res))
	require.Len(t, res.Stats, 7)
	assert.Equal(t, TermStats{Name: "fixed", Sum: 1.5, Mean: 0.5, Min: -1, Max: 2}, res.Stats[6])
	assert.Equal(t, TermStats{Name: "collision_risk"}, res.Stats[0], "a zero-weight term")
	assert.Positive(t, res.Elapsed)
}

func TestScorerInvalidEnergyRejects(t *testing.T) {
	s, err := NewScorer(onlyParams(), WithTerm(constTerm{"broken", []float64{math.NaN(), 1}}, 1))
	require.NoError(t, err)
	var res Result
	require.NoError(t, s.Score(&Context{Ego: testEgo}, []traj.Trajectory{straight(0, 0, 0, 1), straight(0, 0, 0, 1)}, &res))
	assert.Equal(t, []bool{false, true}, res.Feasible)
	assert.Equal(t, "invalid_energy:term=broken", res.Rejections[0].String())
	assert.Equal(t, []float64{0, 1}, res.Probability)
	assert.Equal(t, 1, res.Selected)
}

func TestScorerRejectsBadInput(t *testing.T) {
	s, err := NewScorer(DefaultParams())
	require.NoError(t, err)
	var res Result
	short := straight(0, 0, 0, 1)
	short.Points = short.Points[:10]
	err = s.Score(&Context{Ego: testEgo}, []traj.Trajectory{straight(0, 0, 0, 1), short}, &res)
	assert.ErrorContains(t, err, "candidate 1 has 10 points, candidate 0 has 56")

	err = s.Score(&Context{}, []traj.Trajectory{straight(0, 0, 0, 1)}, &res)
	assert.ErrorContains(t, err, "invalid ego footprint")

	nan := straight(0, 0, 0, 1)
	nan.Points[3].V = math.NaN()
	err = s.Score(&Context{Ego: testEgo}, []traj.Trajectory{nan}, &res)
	assert.ErrorContains(t, err, "candidate 0: point 3 has a non-finite value")

	g := bev.NewGrid([]string{bev.ChannelDrivable}, 4, 4, 0.5)
	g.Data[5] = float32(math.NaN())
	err = s.Score(&Context{Ego: testEgo, Grid: g}, []traj.Trajectory{straight(0, 0, 0, 1)}, &res)
	assert.ErrorContains(t, err, `planner: BEV grid: bev: NaN in channel "drivable_area" at cell 5`)

	o := staticCircle(3, 5, 5, 1)
	o.States[4].T = 0.1
	err = s.Score(&Context{Ego: testEgo, Obstacles: []traj.Obstacle{o}}, []traj.Trajectory{straight(0, 0, 0, 1)}, &res)
	assert.ErrorContains(t, err, "obstacle 3: state 4 at 0.1 s precedes state 3 at 0.3 s")

	_, err = NewScorer(DefaultParams(), WithLearned(nil))
	assert.ErrorContains(t, err, "nil learned energy function")
	_, err = NewScorer(DefaultParams(), WithTerm(constTerm{name: "lane"}, 1))
	assert.ErrorContains(t, err, `duplicate term "lane"`)
	_, err = NewScorer(DefaultParams(), WithTerm(constTerm{name: "extra"}, -1))
	assert.ErrorContains(t, err, "invalid extra.weight -1: must be finite and ≥ 0")
}

func TestScorerSteadyStateAllocations(t *testing.T) {
	ctx := &Context{Ego: testEgo, SpeedLimit: 12, Obstacles: []traj.Obstacle{staticBox(1, 30, 3, 0, 4.5, 1.8, 0.5)}}
	ctx.Map.Lanes = laneContext().Map.Lanes
	cands := []traj.Trajectory{straight(0, 0, 0, 10), straight(0, 0, 0.05, 14), straight(0, 30, 0, 8)}
	s, err := NewScorer(DefaultParams())
	require.NoError(t, err)
	var res Result
	require.NoError(t, s.Score(ctx, cands, &res))
	allocs := testing.AllocsPerRun(5, func() { _ = s.Score(ctx, cands, &res) })
	assert.LessOrEqual(t, allocs, 1.0)
}

func TestSoftmaxLargeEnergies(t *testing.T) {
	prob := make([]float64, 3)
	logZ := Softmax([]float64{1e4, 1e4 + 1, -3}, []bool{true, true, false}, 0.5, prob)
	assert.InDeltaSlice(t, []float64{1 / (1 + math.Exp(-2)), math.Exp(-2) / (1 + math.Exp(-2)), 0}, prob, 1e-12)
	assert.InDelta(t, -2e4+math.Log(1+math.Exp(-2)), logZ, 1e-9)
}
