package sampler

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/geom"
	"github.com/ebm-av/ebm_av/traj"
)

func straightReference(t testing.TB) *Reference {
	ref, err := NewReference([]geom.Vec2{{X: -10, Y: 0}, {X: 400, Y: 0}})
	require.NoError(t, err)
	return ref
}

// arcReference returns a counter-clockwise circular arc of radius R about
// the origin, starting at (R, 0), sampled every metre.
func arcReference(t testing.TB, R float64) *Reference {
	var pts []geom.Vec2
	for s := 0.0; s <= 1.5*math.Pi*R; s++ {
		pts = append(pts, geom.Vec2{X: R * math.Cos(s/R), Y: R * math.Sin(s/R)})
	}
	ref, err := NewReference(pts)
	require.NoError(t, err)
	return ref
}

func TestPolynomialBoundaryConditions(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 100 {
		p0, v0, a0 := rng.NormFloat64()*3, rng.NormFloat64(), rng.NormFloat64()
		p1, v1, a1 := rng.NormFloat64()*3, rng.NormFloat64(), rng.NormFloat64()
		T := 1 + 9*rng.Float64()
		q := NewQuintic(p0, v0, a0, p1, v1, a1, T)
		p, v, a, _ := q.Eval(0)
		assert.InDelta(t, p0, p, 1e-9)
		assert.InDelta(t, v0, v, 1e-9)
		assert.InDelta(t, a0, a, 1e-9)
		p, v, a, _ = q.Eval(T)
		assert.InDelta(t, p1, p, 1e-9)
		assert.InDelta(t, v1, v, 1e-9)
		assert.InDelta(t, a1, a, 1e-9)

		r := NewQuartic(p0, v0, a0, v1, a1, T)
		p, v, a, _ = r.Eval(0)
		assert.InDelta(t, p0, p, 1e-9)
		assert.InDelta(t, v0, v, 1e-9)
		assert.InDelta(t, a0, a, 1e-9)
		_, v, a, _ = r.Eval(T)
		assert.InDelta(t, v1, v, 1e-9)
		assert.InDelta(t, a1, a, 1e-9)
	}
}

func TestPolynomialDerivatives(t *testing.T) {
	q := NewQuintic(0.5, 0.2, -0.1, 3.5, 0, 0, 6)
	r := NewQuartic(0, 12, 0.3, 15, 0, 6)
	const h = 1e-5
	for _, tm := range []float64{0.3, 2.1, 5.7} {
		for _, eval := range []func(float64) (float64, float64, float64, float64){q.Eval, r.Eval} {
			p0, v0, a0, _ := eval(tm - h)
			p1, v1, a1, _ := eval(tm + h)
			_, v, a, j := eval(tm)
			assert.InDelta(t, (p1-p0)/(2*h), v, 1e-6)
			assert.InDelta(t, (v1-v0)/(2*h), a, 1e-6)
			assert.InDelta(t, (a1-a0)/(2*h), j, 1e-6)
		}
	}
}

func TestDefaultCandidates(t *testing.T) {
	smp, err := New(Options{})
	require.NoError(t, err)
	ego := traj.EgoState{X: 0, Y: 0.4, Yaw: 0.02, V: 12, A: 0.5}
	cands, err := smp.Sample(ego, straightReference(t))
	require.NoError(t, err)
	assert.Len(t, cands, 252)
	assert.Equal(t, 81, smp.Points())

	durations := map[float64]int{}
	stops := 0
	for _, c := range cands {
		durations[c.Duration]++
		if c.TargetSpeed == 0 {
			stops++
		}
		pts := c.Trajectory.Points
		require.Len(t, pts, 81)
		assert.InDelta(t, 8, c.Trajectory.Duration(), 1e-9)
		// Every candidate starts at the ego state.
		assert.InDelta(t, ego.X, pts[0].X, 1e-9)
		assert.InDelta(t, ego.Y, pts[0].Y, 1e-9)
		assert.InDelta(t, ego.Yaw, pts[0].Yaw, 1e-9)
		assert.InDelta(t, ego.V, pts[0].V, 1e-9)
		assert.InDelta(t, ego.A, pts[0].A, 1e-9)
		for k, p := range pts {
			assert.GreaterOrEqual(t, p.V, 0.0)
			assert.InDelta(t, 0.1*float64(k), p.T, 1e-12)
		}
	}
	assert.Equal(t, map[float64]int{5: 63, 6: 63, 7: 63, 8: 63}, durations)
	assert.Equal(t, 36, stops)

	again, err := smp.Sample(ego, straightReference(t))
	require.NoError(t, err)
	assert.Equal(t, cands, again, "sampling is deterministic")
}

func TestStraightConstantSpeedCandidate(t *testing.T) {
	smp, err := New(Options{LateralOffsets: []float64{0}, Durations: []float64{5}, SpeedTargets: 1, SpeedSpan: 0.0001})
	require.NoError(t, err)
	ego := traj.EgoState{X: 3, Y: 0, Yaw: 0, V: 10}
	cands, err := smp.Sample(ego, straightReference(t))
	require.NoError(t, err)
	require.Len(t, cands, 2, "stop plus one moving target")
	c := cands[1]
	require.InDelta(t, 10, c.TargetSpeed, 1e-3)
	for _, p := range c.Trajectory.Points {
		// The target is 10 ± 0.00005 m/s, so positions agree to 0.5 mm.
		assert.InDelta(t, 3+10*p.T, p.X, 5e-4, "x at %g s", p.T)
		assert.InDelta(t, 0, p.Y, 1e-9)
		assert.InDelta(t, 0, p.Yaw, 1e-9)
		assert.InDelta(t, 10, p.V, 1e-4)
		assert.InDelta(t, 0, p.Kappa, 1e-9)
		assert.InDelta(t, 0, p.A, 1e-4)
	}
}

func TestStopCandidate(t *testing.T) {
	smp, err := New(Options{LateralOffsets: []float64{0}, Durations: []float64{5}})
	require.NoError(t, err)
	cands, err := smp.Sample(traj.EgoState{V: 15, A: -1}, straightReference(t))
	require.NoError(t, err)
	c := cands[0]
	require.Zero(t, c.TargetSpeed)
	pts := c.Trajectory.Points
	for k := 1; k < len(pts); k++ {
		assert.GreaterOrEqual(t, pts[k].X, pts[k-1].X-1e-9, "no reversing at %g s", pts[k].T)
	}
	last := pts[len(pts)-1]
	assert.InDelta(t, 0, last.V, 1e-9)
	assert.InDelta(t, pts[50].X, last.X, 1e-9, "stands after the manoeuvre")
}

// checkFiniteDifferences compares Yaw, V, A and Kappa with central
// differences of X, Y over the candidate's moving points. The point at the
// end of the manoeuvre is skipped: the jerk jumps there, which biases the
// second difference by jump × dt / 6.
func checkFiniteDifferences(t *testing.T, c Candidate) {
	t.Helper()
	pts := c.Trajectory.Points
	for k := 1; k+1 < len(pts); k++ {
		a, p, b := pts[k-1], pts[k], pts[k+1]
		if a.V < 1 || p.V < 1 || b.V < 1 || math.Abs(p.T-c.Duration) < 1e-9 {
			continue
		}
		dt := b.T - p.T
		vx, vy := (b.X-a.X)/(2*dt), (b.Y-a.Y)/(2*dt)
		ax, ay := (b.X-2*p.X+a.X)/(dt*dt), (b.Y-2*p.Y+a.Y)/(dt*dt)
		speed := math.Hypot(vx, vy)
		msg := []any{"offset %g speed %g duration %g at %g s", c.Offset, c.TargetSpeed, c.Duration, p.T}
		require.InDelta(t, 0, traj.WrapAngle(math.Atan2(vy, vx)-p.Yaw), 2e-3, msg...)
		require.InDelta(t, speed, p.V, 2e-2, msg...)
		require.InDelta(t, (vx*ax+vy*ay)/speed, p.A, 5e-2, msg...)
		require.InDelta(t, (vx*ay-vy*ax)/(speed*speed*speed), p.Kappa, 2e-3, msg...)
	}
}

func TestKinematicsMatchFiniteDifferences(t *testing.T) {
	smp, err := New(Options{})
	require.NoError(t, err)
	ref := arcReference(t, 60)
	// Ego on the arc, 0.5 m right of it, heading along it and turning.
	ego := traj.EgoState{X: 60.5 * math.Cos(0.2), Y: 60.5 * math.Sin(0.2), Yaw: 0.2 + math.Pi/2 + 0.03, V: 9, A: 0.4, YawRate: 9.0 / 60}
	cands, err := smp.Sample(ego, ref)
	require.NoError(t, err)
	for _, c := range cands {
		checkFiniteDifferences(t, c)
		// The Frenet round trip reproduces the ego state exactly.
		p := c.Trajectory.Points[0]
		assert.InDelta(t, ego.X, p.X, 1e-6)
		assert.InDelta(t, ego.Y, p.Y, 1e-6)
		assert.InDelta(t, ego.Yaw, p.Yaw, 1e-6)
		assert.InDelta(t, ego.V, p.V, 1e-6)
		assert.InDelta(t, ego.A, p.A, 1e-6)
		assert.InDelta(t, ego.YawRate/ego.V, p.Kappa, 1e-6)
	}
}

func TestCandidateFollowsCurvedLane(t *testing.T) {
	smp, err := New(Options{LateralOffsets: []float64{0, 1.75}})
	require.NoError(t, err)
	const R = 60
	ref := arcReference(t, R)
	ego := traj.EgoState{X: R, Y: 0, Yaw: math.Pi / 2, V: 8, YawRate: 8.0 / R}
	cands, err := smp.Sample(ego, ref)
	require.NoError(t, err)
	for _, c := range cands {
		if c.TargetSpeed == 0 || c.Duration != 5 {
			continue
		}
		// After the manoeuvre the candidate keeps its offset from the arc:
		// radius R − offset, as the offset is to the left (the centre side).
		for _, p := range c.Trajectory.Points[51:] {
			assert.InDelta(t, R-c.Offset, math.Hypot(p.X, p.Y), 0.02, "offset %g at %g s", c.Offset, p.T)
			assert.InDelta(t, 1/(R-c.Offset), p.Kappa, 2e-3)
		}
	}
}

func TestReferenceProject(t *testing.T) {
	ref := arcReference(t, 50)
	for _, tc := range []struct{ angle, radius float64 }{{0.3, 50}, {1.0, 48}, {2.5, 53}} {
		s, d := ref.Project(geom.Vec2{X: tc.radius * math.Cos(tc.angle), Y: tc.radius * math.Sin(tc.angle)})
		assert.InDelta(t, 50*tc.angle, s, 0.02, "angle %g", tc.angle)
		assert.InDelta(t, 50-tc.radius, d, 0.01, "angle %g", tc.angle)
	}
	f := ref.eval(60)
	assert.InDelta(t, 1.0/50, f.kappa, 1e-4)
	assert.InDelta(t, 1, f.speed, 1e-3)
}

func TestInvalidOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  Options
		want string
	}{
		{"negative DT", Options{DT: -1}, "invalid DT"},
		{"short horizon", Options{Horizon: 4}, "horizon 4 s"},
		{"tiny duration", Options{Durations: []float64{0.01}}, "invalid durations"},
		{"max speed below span", Options{MaxSpeed: 5}, "invalid speed range"},
	} {
		_, err := New(tc.opt)
		assert.ErrorContains(t, err, tc.want, tc.name)
	}
	smp, err := New(Options{})
	require.NoError(t, err)
	_, err = smp.Sample(traj.EgoState{}, nil)
	assert.ErrorContains(t, err, "nil reference")
	_, err = NewReference([]geom.Vec2{{X: 1, Y: 1}})
	assert.Error(t, err)
}

func BenchmarkSample(b *testing.B) {
	smp, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	ref := arcReference(b, 80)
	ego := traj.EgoState{X: 80, Y: 0.3, Yaw: math.Pi / 2, V: 12}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := smp.Sample(ego, ref); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSampleLowSpeedLateralInArcLength(t *testing.T) {
	ref, err := NewReference([]geom.Vec2{{X: -50}, {X: 300}})
	require.NoError(t, err)
	s, err := New(Options{})
	require.NoError(t, err)
	// Nearly stopped, 0.3 m left of the reference, as at a red light.
	ego := traj.EgoState{X: 0, Y: 0.3, V: 0.35, Length: 4.3, Width: 1.7}
	cands, err := s.Sample(ego, ref)
	require.NoError(t, err)
	for _, c := range cands {
		require.Positive(t, c.LateralLength, "below LowSpeed every lateral profile runs in arc length")
		if c.TargetSpeed == 0 {
			// A stopping candidate travels too little to move sideways.
			for _, p := range c.Trajectory.Points {
				assert.InDelta(t, 0.3, p.Y, 1e-9)
				assert.InDelta(t, 0, p.Kappa, 1e-9)
			}
		}
	}
	// With lateral motion tied to distance, curvature stays bounded at
	// walking speed for a lane-keeping candidate.
	for _, c := range cands {
		if c.Offset != 0 || c.TargetSpeed < 5 {
			continue
		}
		for _, p := range c.Trajectory.Points {
			assert.Less(t, math.Abs(p.Kappa), 0.2, "offset %g, speed %g, t %g", c.Offset, c.TargetSpeed, p.T)
		}
	}
}
