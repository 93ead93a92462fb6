package planner

import (
	"fmt"
	"math"

	"github.com/ebm-av/ebm_av/traj"
)

// StoppingFallback returns the trajectory that brakes at the constant
// deceleration decel (m/s², positive) from the ego speed to a standstill
// along the ego heading, then stays stopped, sampled every dt seconds from
// 0 to horizon. Callers publish it when no candidate passes the gate. A
// negative ego speed is treated as 0. The acceleration steps from −decel
// to 0 at the stop, so the gate's jerk check can reject a fallback that
// stops inside its horizon.
func StoppingFallback(ego traj.EgoState, dt, horizon, decel float64) (traj.Trajectory, error) {
	switch {
	case !(dt > 0) || math.IsInf(dt, 0):
		return traj.Trajectory{}, fmt.Errorf("planner: invalid fallback time step %g s: must be > 0", dt)
	case !(horizon >= dt) || math.IsInf(horizon, 0):
		return traj.Trajectory{}, fmt.Errorf("planner: invalid fallback horizon %g s: must be ≥ the time step %g s", horizon, dt)
	case !(decel > 0) || math.IsInf(decel, 0):
		return traj.Trajectory{}, fmt.Errorf("planner: invalid fallback deceleration %g m/s²: must be > 0", decel)
	}
	v0 := math.Max(ego.V, 0)
	tStop := v0 / decel
	sin, cos := math.Sincos(ego.Yaw)
	n := int(math.Round(horizon/dt)) + 1
	pts := make([]traj.Point, n)
	for k := range pts {
		t := float64(k) * dt
		te := math.Min(t, tStop)
		s := v0*te - decel*te*te/2
		p := traj.Point{T: t, X: ego.X + s*cos, Y: ego.Y + s*sin, Yaw: ego.Yaw}
		if t < tStop {
			p.V = v0 - decel*t
			p.A = -decel
		}
		pts[k] = p
	}
	return traj.Trajectory{Points: pts}, nil
}
