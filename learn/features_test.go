package learn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/traj"
)

// straight returns a trajectory along +x at speed v from the origin,
// sampled every 0.1 s for duration s.
func straight(v, duration float64) traj.Trajectory {
	var t traj.Trajectory
	for k := 0; float64(k)*0.1 <= duration+1e-9; k++ {
		tk := float64(k) * 0.1
		t.Points = append(t.Points, traj.Point{T: tk, X: v * tk, V: v})
	}
	return t
}

func column(name string) int {
	for i, n := range FeatureNames() {
		if n == name {
			return i
		}
	}
	panic("no feature " + name)
}

func TestFeaturesConstantSpeed(t *testing.T) {
	f := Featurizer{Steps: 4, Interval: 0.5}
	ego := traj.EgoState{V: 10, Length: 4.3, Width: 1.7}
	out := make([]float64, f.Dim())
	f.Features(ego, nil, straight(10, 1.5), out)

	for k := range 4 {
		row := out[k*NumFeatures : (k+1)*NumFeatures]
		if k == 3 {
			assert.Equal(t, 0.0, row[colValid], "step beyond the horizon is invalid")
			continue
		}
		assert.Equal(t, 1.0, row[colValid])
		assert.InDelta(t, float64(k+1)/4, row[colTime], 1e-12)
		assert.InDelta(t, 10, row[column("speed")], 1e-9)
		assert.InDelta(t, 0, row[column("acceleration")], 1e-9)
		assert.InDelta(t, 0, row[column("lateral_offset")], 1e-9)
		assert.InDelta(t, 0, row[column("progress_vs_constant")], 1e-9)
		assert.InDelta(t, 0, row[column("ctra_longitudinal")], 1e-9)
		assert.InDelta(t, 10, row[column("initial_speed")], 1e-12)
	}
}

func TestFeaturesLaneChange(t *testing.T) {
	f := Featurizer{Steps: 2, Interval: 0.5}
	ego := traj.EgoState{V: 10, Length: 4.3, Width: 1.7}
	tr := traj.Trajectory{Points: []traj.Point{{T: 0}, {T: 0.5, X: 5, Y: 0.5}, {T: 1, X: 10, Y: 1}}}
	out := make([]float64, f.Dim())
	f.Features(ego, nil, tr, out)

	row := out[NumFeatures : 2*NumFeatures]
	assert.InDelta(t, 1, row[column("lateral_offset")], 1e-12)
	assert.InDelta(t, 1, row[column("ctra_lateral")], 1e-9)
	assert.InDelta(t, math.Atan2(0.5, 5), row[column("heading_change")], 1e-12)
	first := out[:NumFeatures]
	assert.InDelta(t, math.Hypot(5, 0.5)/0.5, first[column("speed")], 1e-12)
	assert.InDelta(t, math.Atan2(0.5, 5)/0.5, first[column("lateral_acceleration")]/first[column("speed")], 1e-12)
}

func TestCTRAQuarterCircle(t *testing.T) {
	// At 10 m/s and π/20 rad/s the ego drives a circle of radius 200/π m;
	// after 10 s it has turned by 90°.
	ego := traj.EgoState{V: 10, YawRate: math.Pi / 20}
	x, y := ctra(ego, 10)
	r := 200 / math.Pi
	require.InDelta(t, r, x, 0.01)
	require.InDelta(t, r, y, 0.01)
}
