package planner

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/traj"
)

func TestStoppingFallbackStopsAndStays(t *testing.T) {
	ego := traj.EgoState{X: 1, Y: 2, Yaw: math.Pi / 6, V: 6, Length: 4.3, Width: 1.7}
	fb, err := StoppingFallback(ego, 0.1, 5.5, 2)
	require.NoError(t, err)
	require.Len(t, fb.Points, 56)

	// Braking at 2 m/s² from 6 m/s stops after 3 s and 9 m.
	s, c := math.Sin(ego.Yaw), math.Cos(ego.Yaw)
	for k, p := range fb.Points {
		tk := 0.1 * float64(k)
		assert.InDelta(t, tk, p.T, 1e-12)
		if tk < 3-1e-9 {
			assert.InDelta(t, 6-2*tk, p.V, 1e-9, "speed at %.1f s", tk)
			assert.Equal(t, -2.0, p.A, "acceleration at %.1f s", tk)
		} else {
			assert.Equal(t, 0.0, p.V, "speed at %.1f s", tk)
			assert.Equal(t, 0.0, p.A, "acceleration at %.1f s", tk)
			assert.InDelta(t, 1+9*c, p.X, 1e-9, "x at %.1f s", tk)
			assert.InDelta(t, 2+9*s, p.Y, 1e-9, "y at %.1f s", tk)
		}
		assert.Equal(t, ego.Yaw, p.Yaw)
		if k > 0 {
			assert.LessOrEqual(t, p.V, fb.Points[k-1].V, "speed never increases")
		}
	}
}

func TestStoppingFallbackPassesGate(t *testing.T) {
	fb, err := StoppingFallback(traj.EgoState{V: 20, Length: 4.3, Width: 1.7}, 0.1, 5.5, 3)
	require.NoError(t, err)
	r := check(t, DefaultParams().Gate, &Context{Ego: testEgo}, fb)
	// The step from −3 m/s² to 0 at the stop is a jerk of 30 m/s³ over one
	// step, but the stop at 6.67 s lies beyond this horizon.
	assert.Equal(t, CheckNone, r[0].Check)
}

func TestStoppingFallbackInvalidArguments(t *testing.T) {
	ego := traj.EgoState{V: 5}
	_, err := StoppingFallback(ego, 0, 5, 2)
	assert.ErrorContains(t, err, "invalid fallback time step 0 s")
	_, err = StoppingFallback(ego, 0.1, 0.05, 2)
	assert.ErrorContains(t, err, "invalid fallback horizon 0.05 s")
	_, err = StoppingFallback(ego, 0.1, 5, -1)
	assert.ErrorContains(t, err, "invalid fallback deceleration -1 m/s²")
}
