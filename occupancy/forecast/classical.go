package forecast

import (
	"math"

	"github.com/ebm-av/ebm_av/traj"
)

// CopyLast repeats every obstacle's state at the cycle time: the
// copy-and-paste baseline of occupancy forecasting.
type CopyLast struct{}

// Name returns "copy_last".
func (CopyLast) Name() string { return "copy_last" }

// Predict holds every obstacle at its last past state.
func (CopyLast) Predict(past []traj.Obstacle, _ float64, times []float64) []traj.Obstacle {
	return predictEach(past, times, func(o *traj.Obstacle, _ motion, t float64) traj.ObstacleState {
		s := o.States[len(o.States)-1]
		s.T = t
		return s
	})
}

// ConstantVelocity moves every obstacle along its velocity vector estimated
// from its past positions, keeping its heading.
type ConstantVelocity struct{}

// Name returns "constant_velocity".
func (ConstantVelocity) Name() string { return "constant_velocity" }

// Predict extrapolates every obstacle at constant velocity.
func (ConstantVelocity) Predict(past []traj.Obstacle, cycleTime float64, times []float64) []traj.Obstacle {
	return predictEach(past, times, func(_ *traj.Obstacle, m motion, t float64) traj.ObstacleState {
		tau := t - cycleTime
		return traj.ObstacleState{T: t, X: m.X + m.VX*tau, Y: m.Y + m.VY*tau, Yaw: m.Yaw, V: math.Hypot(m.VX, m.VY)}
	})
}

// CTRV moves every obstacle at constant speed and constant turn rate, both
// estimated from its past states: the velocity vector and the heading turn
// at the yaw rate.
type CTRV struct{}

// Name returns "ctrv".
func (CTRV) Name() string { return "ctrv" }

// minYawRate is the yaw rate below which CTRV uses the straight-line limit,
// rad/s, to avoid dividing by a vanishing turn rate.
const minYawRate = 1e-4

// Predict extrapolates every obstacle at constant turn rate and velocity.
func (CTRV) Predict(past []traj.Obstacle, cycleTime float64, times []float64) []traj.Obstacle {
	return predictEach(past, times, func(_ *traj.Obstacle, m motion, t float64) traj.ObstacleState {
		tau := t - cycleTime
		w := m.YawRate
		if math.Abs(w) < minYawRate {
			return traj.ObstacleState{T: t, X: m.X + m.VX*tau, Y: m.Y + m.VY*tau, Yaw: m.Yaw, V: math.Hypot(m.VX, m.VY)}
		}
		// The position integrates the velocity vector rotated by w·s for s in [0, tau].
		sn, cs := math.Sincos(w * tau)
		a, b := sn/w, (1-cs)/w
		return traj.ObstacleState{
			T:   t,
			X:   m.X + a*m.VX - b*m.VY,
			Y:   m.Y + b*m.VX + a*m.VY,
			Yaw: traj.WrapAngle(m.Yaw + w*tau),
			V:   math.Hypot(m.VX, m.VY),
		}
	})
}

// predictEach returns a copy of every past obstacle whose states are state
// evaluated at each of times.
func predictEach(past []traj.Obstacle, times []float64, state func(o *traj.Obstacle, m motion, t float64) traj.ObstacleState) []traj.Obstacle {
	out := make([]traj.Obstacle, 0, len(past))
	for i := range past {
		o := &past[i]
		if len(o.States) == 0 {
			continue
		}
		m := estimateMotion(o)
		p := *o
		p.States = make([]traj.ObstacleState, len(times))
		for k, t := range times {
			p.States[k] = state(o, m, t)
		}
		out = append(out, p)
	}
	return out
}
