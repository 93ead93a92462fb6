package fusion

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSweepCaptureTime(t *testing.T) {
	cw := Sweep{Period: 0.1, Clockwise: true}
	ccw := Sweep{Period: 0.1}
	right := Sweep{Period: 0.1, Clockwise: true, TriggerAzimuth: -math.Pi / 2}
	tests := []struct {
		name  string
		sweep Sweep
		az    float64
		want  float64
	}{
		{"clockwise, trigger azimuth", cw, 0, 0},
		// Clockwise, the azimuth falls with time: the right side (negative
		// azimuth) comes after the trigger, the left side before.
		{"clockwise, right", cw, -math.Pi / 2, 0.025},
		{"clockwise, left", cw, math.Pi / 2, -0.025},
		{"counter-clockwise, right", ccw, -math.Pi / 2, -0.025},
		{"counter-clockwise, left", ccw, math.Pi / 2, 0.025},
		// Behind the LiDAR the sweep is half a period from the trigger.
		{"clockwise, behind", cw, math.Pi, -0.05},
		// The phase wraps: 3π/2 is the right side.
		{"clockwise, wrapped azimuth", cw, 3 * math.Pi / 2, 0.025},
		{"trigger facing right, left side", right, math.Pi / 2, -0.05},
		{"trigger facing right, forward", right, 0, -0.025},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.InDelta(t, tc.want, tc.sweep.CaptureTime(tc.az), 1e-15)
		})
	}
}

func TestDeskewMovesPointsToExposure(t *testing.T) {
	sw := Sweep{Period: 0.1, Clockwise: true}
	// Points 10 m away forward, to the right and to the left, 1 m up.
	src := []float32{10, 0, 1, 0, -10, 1, 0, 10, 1}
	dst := make([]float32, len(src))

	// Straight at 10 m/s: the right point, measured 25 ms after the
	// exposure, moves 25 cm forward. The left one, 25 ms before, moves back.
	deskew(dst, src, &sw, EgoMotion{Velocity: [2]float64{10, 0}})
	want := []float64{10, 0, 1, 0.25, -10, 1, -0.25, 10, 1}
	for i := range want {
		assert.InDelta(t, want[i], float64(dst[i]), 1e-6, "coordinate %d", i)
	}

	// Turning left at 0.4 rad/s without speed: the right point turns by
	// 0.4·0.025 = 0.01 rad about z.
	deskew(dst, src, &sw, EgoMotion{YawRate: 0.4})
	sin, cos := math.Sincos(0.01)
	assert.InDelta(t, 10*sin, float64(dst[3]), 1e-6)
	assert.InDelta(t, -10*cos, float64(dst[4]), 1e-6)
	assert.InDelta(t, 10, float64(dst[0]), 1e-6, "the point at the trigger azimuth stays")
}

func TestEgoMotionValidate(t *testing.T) {
	bad := EgoMotion{Velocity: [2]float64{math.NaN(), 0}}
	require.ErrorContains(t, bad.validate(), "non-finite")
	good := EgoMotion{Velocity: [2]float64{12, -0.3}, YawRate: 0.1}
	require.NoError(t, good.validate())
	assert.True(t, EgoMotion{}.IsZero())
	assert.False(t, good.IsZero())

	cfg := DefaultSceneConfig()
	cfg.Sweep.Period = 0
	assert.ErrorContains(t, cfg.validate(), "sweep period 0 s")
	cfg = DefaultSceneConfig()
	cfg.Sweep.TriggerAzimuth = math.Inf(1)
	assert.ErrorContains(t, cfg.validate(), "trigger azimuth")
}
