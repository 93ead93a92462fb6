package eval

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/traj"
)

// straight returns a trajectory along +x at speed v with lateral offset y.
func straight(v, y float64, n int, dt float64) traj.Trajectory {
	pts := make([]traj.Point, n)
	for i := range pts {
		t := float64(i) * dt
		pts[i] = traj.Point{T: t, X: v * t, Y: y, V: v}
	}
	return traj.Trajectory{Points: pts}
}

func TestDisplacementOverHumanHorizon(t *testing.T) {
	cand := straight(10, 1, 51, 0.1)  // 5 s
	human := straight(10, 0, 21, 0.1) // 2 s
	ade, fde, h := Displacement(cand, human)
	assert.InDelta(t, 1.0, ade, 1e-12)
	assert.InDelta(t, 1.0, fde, 1e-12)
	assert.InDelta(t, 2.0, h, 1e-12)

	// A human future longer than the candidate is compared only where both exist.
	ade, _, h = Displacement(straight(10, 0, 11, 0.1), straight(12, 0, 51, 0.1))
	assert.InDelta(t, 1.0, h, 1e-12)
	// Mean over t = 0, 0.1, …, 1.0 of 2t.
	assert.InDelta(t, 1.0, ade, 1e-12)
}

func TestRankAndGap(t *testing.T) {
	e := []float64{3, 1, 2, 5}
	assert.Equal(t, 0, Rank(e, 1))
	assert.Equal(t, 1, Rank(e, 2))
	assert.Equal(t, 3, Rank(e, 3))
	assert.Equal(t, 1, Rank([]float64{1, 1}, 0), "ties count against the candidate")
	assert.InDelta(t, (3.0+2+5)/3-1, EnergyGap(e, 1), 1e-12)
}

func TestPercentile(t *testing.T) {
	xs := []float64{4, 1, 3, 2, 5}
	assert.Equal(t, 3.0, Percentile(xs, 50))
	assert.InDelta(t, 4.96, Percentile(xs, 99), 1e-12)
	assert.True(t, math.IsNaN(Percentile(nil, 50)))
}

func TestEvaluatePlannerCounts(t *testing.T) {
	human := straight(10, 0, 31, 0.1)
	cands := []traj.Trajectory{straight(10, 3, 51, 0.1), straight(10, 0, 51, 0.1), straight(5, 0, 51, 0.1)}
	cycles := []Cycle{
		// Human-nearest candidate 1 ranked first and selected.
		{Candidates: cands, Energy: []float64{2, 1, 3}, Feasible: []bool{true, true, true}, Selected: 1, Human: human, Latency: 0.002},
		// Human-nearest ranked third; candidate 0 selected; 3 m lateral error.
		{Candidates: cands, Energy: []float64{1, 3, 2}, Feasible: []bool{true, true, true}, Selected: 0, Human: human, Latency: 0.004},
	}
	m := EvaluatePlanner("s", cycles, nil)
	require.Equal(t, 2, m.CyclesWithHuman)
	assert.InDelta(t, 0.5, m.Top1, 1e-12)
	assert.InDelta(t, 1.0, m.Top5, 1e-12)
	assert.InDelta(t, 1.5, m.ADE, 1e-12)
	assert.InDelta(t, 1.5, m.FDE, 1e-12)
	assert.InDelta(t, 3.0, m.Horizon, 1e-12)
	// Gaps: (2+3)/2-1 = 1.5 and (1+2)/2-3 = -1.5.
	assert.InDelta(t, 0, m.EnergyGap, 1e-12)
	assert.InDelta(t, 3.0, m.LatencyP50, 1e-9)
}

func TestPlannerMarkdownHeading(t *testing.T) {
	var b strings.Builder
	PlannerReport{Scenarios: []PlannerMetrics{{Scenario: "highd", Cycles: 3}}, Total: PlannerMetrics{Scenario: "total", Cycles: 3}}.WriteMarkdown(&b)
	assert.True(t, strings.HasPrefix(b.String(), "### planner_ebm\n\n| scenario |"), b.String())
}
