package eval

import (
	"github.com/ebm-av/ebm_av/geom"
	"github.com/ebm-av/ebm_av/traj"
)

// Collides reports whether the ego footprint, following t, overlaps any
// obstacle at the same time. Obstacle states are interpolated to the
// trajectory's times (relative to its first point); an obstacle with no state
// at a time is absent then. It is the evaluation's CollisionFunc.
func Collides(ego traj.EgoState, t traj.Trajectory, obstacles []traj.Obstacle) bool {
	if len(t.Points) == 0 {
		return false
	}
	t0 := t.Points[0].T
	for _, p := range t.Points {
		box := geom.Box{Center: geom.Vec2{X: p.X, Y: p.Y}, Yaw: p.Yaw, Length: ego.Length, Width: ego.Width}
		for i := range obstacles {
			o := &obstacles[i]
			s, ok := o.StateAt(p.T - t0)
			if !ok {
				continue
			}
			if o.Shape == traj.Circle {
				if geom.OverlapCircle(box, geom.Circle{Center: geom.Vec2{X: s.X, Y: s.Y}, Radius: o.Radius}) {
					return true
				}
				continue
			}
			ob := geom.Box{Center: geom.Vec2{X: s.X, Y: s.Y}, Yaw: s.Yaw, Length: o.Length, Width: o.Width}
			if geom.Overlap(box, ob) {
				return true
			}
		}
	}
	return false
}
