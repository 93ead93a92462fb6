package planner

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/lanemap"
	"github.com/ebm-av/ebm_av/traj"
)

// check runs a gate with the default parameters, drivable check off unless
// the context has a map or grid, and returns the rejections.
func check(t *testing.T, p GateParams, ctx *Context, cands ...traj.Trajectory) []Rejection {
	t.Helper()
	require.NoError(t, ctx.Validate(cands))
	feasible := make([]bool, len(cands))
	reasons := make([]Rejection, len(cands))
	NewGate(p).Check(ctx, cands, feasible, reasons)
	for i := range cands {
		assert.Equal(t, reasons[i].Check == CheckNone, feasible[i], "candidate %d: feasible flag and reason disagree", i)
	}
	return reasons
}

func TestGateCollisionReason(t *testing.T) {
	// At 10 m/s the ego front (x + 2.149) meets the rear of a box centred
	// at 30 m (rear at 27.75 m) at 2.56 s, so the first step in contact
	// is 2.6 s.
	ctx := &Context{Ego: testEgo, Obstacles: []traj.Obstacle{staticBox(42, 30, 0, 0, 4.5, 1.8, 0)}}
	r := check(t, DefaultParams().Gate, ctx, straight(0, 0, 0, 10), straight(0, 6, 0, 10))
	assert.Equal(t, "collision:obstacle=42,t=2.60s", r[0].String())
	assert.Equal(t, CheckNone, r[1].Check)
	assert.Equal(t, "", r[1].String())
}

func TestGateBoxTouchingDistance(t *testing.T) {
	// Side by side, the boxes touch when the centres are (1.674 + 1.8)/2 apart.
	touch := (testEgo.Width + 1.8) / 2
	for _, c := range []struct {
		offset  float64
		collide bool
	}{{touch - 1e-6, true}, {touch + 1e-6, false}} {
		ctx := &Context{Ego: testEgo, Obstacles: []traj.Obstacle{staticBox(5, 0, c.offset, 0, 4.5, 1.8, 0)}}
		r := check(t, DefaultParams().Gate, ctx, straight(0, 0, 0, 0))
		assert.Equal(t, c.collide, r[0].Check == CheckCollision, "centre offset %.7f m", c.offset)
	}
}

func TestGateRotatedBoxTouchingDistance(t *testing.T) {
	// A 2×2 box turned by 45° in front of the ego reaches √2 back from
	// its centre, so it touches the ego front at x = L/2 + √2.
	touch := testEgo.Length/2 + math.Sqrt2
	for _, c := range []struct {
		x       float64
		collide bool
	}{{touch - 1e-6, true}, {touch + 1e-6, false}} {
		ctx := &Context{Ego: testEgo, Obstacles: []traj.Obstacle{staticBox(9, c.x, 0, math.Pi/4, 2, 2, 0)}}
		r := check(t, DefaultParams().Gate, ctx, straight(0, 0, 0, 0))
		assert.Equal(t, c.collide, r[0].Check == CheckCollision, "centre at %.7f m", c.x)
	}
}

func TestGateCircleTouchingDistance(t *testing.T) {
	// A disc of radius 0.4 beside the ego touches at y = W/2 + 0.4.
	touch := testEgo.Width/2 + 0.4
	for _, c := range []struct {
		y       float64
		collide bool
	}{{touch - 1e-6, true}, {touch + 1e-6, false}} {
		ctx := &Context{Ego: testEgo, Obstacles: []traj.Obstacle{staticCircle(11, 0, c.y, 0.4)}}
		r := check(t, DefaultParams().Gate, ctx, straight(0, 0, 0, 0))
		assert.Equal(t, c.collide, r[0].Check == CheckCollision, "centre at %.7f m", c.y)
	}
}

func TestGateCollisionMargin(t *testing.T) {
	ctx := &Context{Ego: testEgo, Obstacles: []traj.Obstacle{staticCircle(11, 0, testEgo.Width/2+0.4+0.3, 0.4)}}
	p := DefaultParams().Gate
	assert.Equal(t, CheckNone, check(t, p, ctx, straight(0, 0, 0, 0))[0].Check)
	p.CollisionMargin = 0.31
	assert.Equal(t, CheckCollision, check(t, p, ctx, straight(0, 0, 0, 0))[0].Check)
}

func TestGateIgnoresObstacleWithoutState(t *testing.T) {
	// The obstacle is known from 3 s on; the ego passes its spot at 1 s.
	o := staticBox(4, 10, 0, 0, 4.5, 1.8, 0)
	o.States = o.States[30:]
	ctx := &Context{Ego: testEgo, Obstacles: []traj.Obstacle{o}}
	r := check(t, DefaultParams().Gate, ctx, straight(0, 0, 0, 10))
	assert.Equal(t, CheckNone, r[0].Check)
}

func TestGateInterpolatesObstacles(t *testing.T) {
	// The disc has states only at 0 s and 5.5 s, so it moves along x = 20
	// at y = −11 + 4t. The first candidate spans x = 20 from 1.79 s to
	// 2.21 s, while the disc is still 2.1 m or more off its side. The
	// second spans it from 2.54 s, and at 2.5 s its front at 19.649 m
	// already reaches into the disc at (20, −1).
	o := traj.Obstacle{ID: 8, Shape: traj.Circle, Radius: 0.5, States: []traj.ObstacleState{
		{T: 0, X: 20, Y: -11}, {T: testHorizon, X: 20, Y: 11},
	}}
	ctx := &Context{Ego: testEgo, Obstacles: []traj.Obstacle{o}}
	r := check(t, DefaultParams().Gate, ctx, straight(0, 0, 0, 10), straight(-7.5, 0, 0, 10))
	assert.Equal(t, CheckNone, r[0].Check, "the ego passes before the crossing")
	assert.Equal(t, "collision:obstacle=8,t=2.50s", r[1].String())
}

func TestGateKinematicsReasons(t *testing.T) {
	p := DefaultParams().Gate
	curvy := straight(0, 0, 0, 1)
	curvy.Points[11].Kappa = -0.31
	accel := straight(0, 0, 0, 1)
	for k := range accel.Points {
		accel.Points[k].A = -0.9 * float64(k) // jerk −9 m/s³, within the bound
	}
	jerky := straight(0, 0, 0, 1)
	jerky.Points[20].A = 1.2
	jerky.Points[21].A = 2.5
	lateral := straight(0, 0, 0, 20)
	lateral.Points[30].Kappa = 0.019 // v²κ = 7.6 m/s²

	r := check(t, p, &Context{Ego: testEgo}, curvy, accel, jerky, lateral)
	assert.Equal(t, "kinematics:curvature=0.31>0.20,t=1.10s", r[0].String())
	assert.Equal(t, "kinematics:acceleration=-8.10<-8.00,t=0.90s", r[1].String())
	assert.Equal(t, "kinematics:jerk=12.00>10.00,t=2.00s", r[2].String())
	assert.Equal(t, "kinematics:lateral_acceleration=7.60>6.00,t=3.00s", r[3].String())
}

func TestGateReportsFirstViolation(t *testing.T) {
	cand := straight(0, 0, 0, 10)
	cand.Points[40].Kappa = 0.5
	ctx := &Context{Ego: testEgo, Obstacles: []traj.Obstacle{staticBox(42, 30, 0, 0, 4.5, 1.8, 0)}}
	r := check(t, DefaultParams().Gate, ctx, cand)
	assert.Equal(t, CheckCollision, r[0].Check, "the collision at 2.6 s comes before the curvature at 4 s")
}

func TestGateDrivableAreaLanes(t *testing.T) {
	ctx := &Context{Ego: testEgo, Map: lanemap.Map{Lanes: []lanemap.Lane{
		straightLane(1, -50, 200, 0, 3.5, 5, 0),
		straightLane(2, -50, 200, 3.5, 3.5, 5, 0),
	}}}
	// Drifting left at 1 m/s from y = 3.5, the left corners leave the road
	// edge at y = 5.25 when the centre passes 4.413, after 0.913 s.
	drift := straight(0, 3.5, 0, 10)
	for k := range drift.Points {
		drift.Points[k].Y += drift.Points[k].T
	}
	p := DefaultParams().Gate
	r := check(t, p, ctx, straight(0, 0, 0, 10), straight(0, 1.75, 0, 10), drift)
	assert.Equal(t, CheckNone, r[0].Check)
	assert.Equal(t, CheckNone, r[1].Check, "straddling two lanes is drivable")
	assert.Equal(t, "drivable_area:t=1.00s", r[2].String())

	p.CheckDrivable = false
	assert.Equal(t, CheckNone, check(t, p, ctx, drift)[0].Check)
}

func TestGateDrivableAreaGrid(t *testing.T) {
	// Drivable cells cover x ∈ [−10, 40) and y ∈ [−5, 5).
	g := bev.NewGrid([]string{bev.ChannelDrivable}, 20, 100, 0.5)
	g.OriginX, g.OriginY = -10, -5
	for i := range g.Plane(0) {
		g.Plane(0)[i] = 1
	}
	ctx := &Context{Ego: testEgo, Grid: g}
	cand := straight(0, 0, 0, 10) // the front corners leave the grid after 3.8 s

	p := DefaultParams().Gate
	assert.Equal(t, CheckNone, check(t, p, ctx, cand)[0].Check)
	p.OutsideGridUndrivable = true
	assert.Equal(t, "drivable_area:t=3.80s", check(t, p, ctx, cand)[0].String())

	// A hole of undrivable cells at x ∈ [20, 22) is off the road either way.
	for i := 0; i < g.Height; i++ {
		for j := 60; j < 64; j++ {
			g.Plane(0)[i*g.Width+j] = 0
		}
	}
	p.OutsideGridUndrivable = false
	assert.Equal(t, "drivable_area:t=1.80s", check(t, p, ctx, cand)[0].String())
}
