package negatives

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/ebm-av/ebm_av/traj"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// straight returns 41 points at 0.1 s along +x at 10 m/s.
func straight() traj.Trajectory {
	var t traj.Trajectory
	for i := range 41 {
		tau := 0.1 * float64(i)
		t.Points = append(t.Points, traj.Point{T: tau, X: 10 * tau, V: 10})
	}
	return t
}

func TestLateralShiftExact(t *testing.T) {
	n := Lateral(straight(), 1.2, 0)
	assert.Equal(t, LateralShift, n.Kind)
	assert.Equal(t, 1.2, n.Magnitude)
	assert.Equal(t, 0.0, n.Trajectory.Points[0].Y, "start state moved")
	for _, p := range n.Trajectory.Points[1:] {
		require.InDelta(t, 1.2, p.Y, 1e-12)
		require.InDelta(t, 10*p.T, p.X, 1e-12)
	}
}

func TestLateralRampStartsAtEgo(t *testing.T) {
	n := Lateral(straight(), -2, 1)
	p := n.Trajectory.Points
	assert.InDelta(t, 0, p[1].Y, 0.1, "ramp should begin near the start")
	assert.InDelta(t, -1, p[5].Y, 1e-12, "smoothstep is ½ at half the ramp")
	assert.InDelta(t, -2, p[40].Y, 1e-12)
}

func TestLongitudinalShiftExact(t *testing.T) {
	n := Longitudinal(straight(), 3, 0)
	for _, p := range n.Trajectory.Points[1:] {
		require.InDelta(t, 10*p.T+3, p.X, 1e-9)
	}
	assert.InDelta(t, 10, n.Trajectory.Points[20].V, 1e-9)
}

func TestSpeedScaleExact(t *testing.T) {
	n := Speed(straight(), 0.5)
	for _, p := range n.Trajectory.Points[1:] {
		require.InDelta(t, 5*p.T, p.X, 1e-9)
	}
	assert.InDelta(t, 5, n.Trajectory.Points[20].V, 1e-9)
}

func TestTimingShiftExact(t *testing.T) {
	n := Timing(straight(), 0.5)
	for _, p := range n.Trajectory.Points {
		require.InDelta(t, 10*math.Max(p.T-0.5, 0), p.X, 1e-9)
	}
}

func TestSwerveHitsObstacle(t *testing.T) {
	// A parked car 2.5 m left of the path at x = 20 m (reached at 2 s).
	ob := traj.Obstacle{ID: 7, States: []traj.ObstacleState{{T: 0, X: 20, Y: 2.5}, {T: 4, X: 20, Y: 2.5}}}
	n, err := SwerveInto(straight(), &ob, 2, 0.5)
	require.NoError(t, err)
	assert.Equal(t, Swerve, n.Kind)
	assert.Equal(t, 7, n.ObstacleID)
	assert.InDelta(t, 2.5, n.Magnitude, 1e-12)
	p := n.Trajectory.Points[20]
	assert.InDelta(t, 20, p.X, 1e-9)
	assert.InDelta(t, 2.5, p.Y, 1e-9)
	assert.Equal(t, 0.0, n.Trajectory.Points[0].Y)

	_, err = SwerveInto(straight(), &ob, 9, 0.5)
	assert.ErrorContains(t, err, "outside the trajectory")
}

// maxLateralJerk returns the maximum |d³y/dt³| by finite differences.
func maxLateralJerk(t traj.Trajectory) float64 {
	p := t.Points
	var worst float64
	for i := 2; i+1 < len(p); i++ {
		dt := p[i].T - p[i-1].T
		j := (p[i+1].Y - 3*p[i].Y + 3*p[i-1].Y - p[i-2].Y) / (dt * dt * dt)
		worst = math.Max(worst, math.Abs(j))
	}
	return worst
}

func TestComfortViolations(t *testing.T) {
	w := Weave(straight(), 0.5, 1.5)
	assert.Equal(t, WeaveComfort, w.Kind)
	// The sinusoid alone peaks at 0.5·(2π/1.5)³ ≈ 36.7 m/s³.
	assert.Greater(t, maxLateralJerk(w.Trajectory), 20.0)
	assert.Equal(t, 0.0, maxLateralJerk(straight()))

	b := Brake(straight(), 6, 1, 1)
	assert.Equal(t, BrakeComfort, b.Kind)
	minA := math.Inf(1)
	for _, p := range b.Trajectory.Points {
		minA = math.Min(minA, p.A)
	}
	assert.InDelta(t, -6, minA, 0.5)
	assert.InDelta(t, 4, b.Trajectory.Points[30].V, 1e-6, "speed after the pulse")
}

func TestGenerateKindsAndSeed(t *testing.T) {
	ob := []traj.Obstacle{
		{ID: 3, States: []traj.ObstacleState{{T: 0, X: 25, Y: 3}, {T: 4, X: 25, Y: 3}}},
		{ID: 4, States: []traj.ObstacleState{{T: 0, X: 25, Y: 300}, {T: 4, X: 25, Y: 300}}}, // too far to swerve into
	}
	cfg := DefaultConfig()
	a := Generate(straight(), ob, cfg, rand.New(rand.NewPCG(1, 2)))
	b := Generate(straight(), ob, cfg, rand.New(rand.NewPCG(1, 2)))
	assert.Equal(t, a, b, "same seed, different negatives")

	counts := map[Kind]int{}
	for _, n := range a {
		counts[n.Kind]++
		assert.Equal(t, straight().Points[0], n.Trajectory.Points[0], "%v moved the start state", n.Kind)
		assert.Len(t, n.Trajectory.Points, 41)
		if n.Kind == Swerve {
			assert.Equal(t, 3, n.ObstacleID)
		}
	}
	assert.Equal(t, map[Kind]int{LateralShift: 4, LongitudinalShift: 2, SpeedScale: 2, TimeShift: 2, Swerve: 1, WeaveComfort: 1, BrakeComfort: 1}, counts)
	assert.Equal(t, "swerve", Swerve.String())
}

func TestRecomputeCircle(t *testing.T) {
	// 10 m/s on a circle of radius 20 m, counter-clockwise from (20, 0).
	var c traj.Trajectory
	for i := range 41 {
		tau := 0.1 * float64(i)
		th := 0.5 * tau
		c.Points = append(c.Points, traj.Point{T: tau, X: 20 * math.Cos(th), Y: 20 * math.Sin(th)})
	}
	Recompute(c)
	for _, p := range c.Points[1:40] {
		require.InDelta(t, 0.05, p.Kappa, 1e-3)
		require.InDelta(t, 10, p.V, 1e-2)
		require.InDelta(t, 0, traj.WrapAngle(p.Yaw-(0.5*p.T+math.Pi/2)), 1e-3)
	}
}
