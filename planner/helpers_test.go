package planner

import (
	"math"

	"github.com/ebm-av/ebm_av/lanemap"
	"github.com/ebm-av/ebm_av/traj"
)

const (
	testDt    = 0.1 // s
	testSteps = 56  // points: a 5.5 s horizon
)

// testHorizon is the span of the test time grid, s.
var testHorizon = float64(testSteps-1) * testDt

// testEgo is a CommonRoad vehicle 1 footprint at the origin heading +x.
var testEgo = traj.EgoState{Length: 4.298, Width: 1.674}

// straight returns a constant-speed straight line from (x, y) along yaw.
func straight(x, y, yaw, v float64) traj.Trajectory {
	pts := make([]traj.Point, testSteps)
	s, c := math.Sincos(yaw)
	for k := range pts {
		t := float64(k) * testDt
		pts[k] = traj.Point{T: t, X: x + v*t*c, Y: y + v*t*s, Yaw: yaw, V: v}
	}
	return traj.Trajectory{Points: pts}
}

// staticBox returns a rectangular obstacle standing at (x, y) over the
// whole test horizon.
func staticBox(id int, x, y, yaw, length, width, stdDev float64) traj.Obstacle {
	o := traj.Obstacle{ID: id, Type: "car", Shape: traj.Rectangle, Length: length, Width: width}
	for k := 0; k < testSteps; k++ {
		o.States = append(o.States, traj.ObstacleState{T: float64(k) * testDt, X: x, Y: y, Yaw: yaw, StdDev: stdDev})
	}
	return o
}

// staticCircle returns a circular obstacle standing at (x, y).
func staticCircle(id int, x, y, radius float64) traj.Obstacle {
	o := traj.Obstacle{ID: id, Type: "pedestrian", Shape: traj.Circle, Radius: radius}
	for k := 0; k < testSteps; k++ {
		o.States = append(o.States, traj.ObstacleState{T: float64(k) * testDt, X: x, Y: y})
	}
	return o
}

// straightLane runs along +x from x0 to x1 with its centre at y, width
// metres wide, with points every step metres.
func straightLane(id int, x0, x1, y, width, step, speedLimit float64) lanemap.Lane {
	l := lanemap.Lane{ID: id, SpeedLimit: speedLimit}
	for x := x0; x <= x1+1e-9; x += step {
		l.Center = append(l.Center, lanemap.Vec2{X: x, Y: y})
		l.Left = append(l.Left, lanemap.Vec2{X: x, Y: y + width/2})
		l.Right = append(l.Right, lanemap.Vec2{X: x, Y: y - width/2})
	}
	return l
}

// evaluate runs term on cands in ctx and returns the energies.
func evaluate(term Term, ctx *Context, cands ...traj.Trajectory) []float64 {
	out := make([]float64, len(cands))
	term.Evaluate(ctx, cands, out)
	return out
}
