package forecast

import (
	"math"

	"github.com/ebm-av/ebm_av/traj"
)

// timeEpsilon absorbs rounding in absolute state times, s.
const timeEpsilon = 1e-6

// PastOnly returns copies of the obstacles present at cycleTime, each cut to
// its states at or before cycleTime. When cycleTime falls between two recorded
// states, the state interpolated at cycleTime is appended, because the
// present is observable. Obstacles absent at cycleTime are dropped.
func PastOnly(obstacles []traj.Obstacle, cycleTime float64) []traj.Obstacle {
	var out []traj.Obstacle
	for i := range obstacles {
		o := &obstacles[i]
		now, ok := o.StateAt(cycleTime)
		if !ok {
			continue
		}
		c := *o
		c.States = nil
		for _, s := range o.States {
			if s.T <= cycleTime+timeEpsilon {
				c.States = append(c.States, s)
			}
		}
		if n := len(c.States); n == 0 || c.States[n-1].T < cycleTime-timeEpsilon {
			c.States = append(c.States, now)
		}
		out = append(out, c)
	}
	return out
}

// Observed returns the obstacles present at cycleTime with all their
// states, past and future. Their future is the observed-agent future
// occupancy: the ground truth that a forecaster of the agents in view can
// be held to, without agents that enter the scene later.
func Observed(obstacles []traj.Obstacle, cycleTime float64) []traj.Obstacle {
	var out []traj.Obstacle
	for i := range obstacles {
		if _, ok := obstacles[i].StateAt(cycleTime); ok {
			out = append(out, obstacles[i])
		}
	}
	return out
}

// motion is an obstacle's kinematic state at the cycle time, estimated from
// its past states only.
type motion struct {
	X, Y    float64 // m
	Yaw     float64 // rad
	VX, VY  float64 // m/s
	YawRate float64 // rad/s
}

// lookback is the time span over which velocity and yaw rate are estimated
// by finite differences, s. Half a second smooths the quantisation of the
// recorded positions while staying short enough to follow a turn.
const lookback = 0.5

// estimateMotion estimates the motion of o at its last state by finite
// differences over up to lookback seconds of its past. With a single state
// it falls back to the recorded speed along the recorded heading and no
// turn.
func estimateMotion(o *traj.Obstacle) motion {
	last := o.States[len(o.States)-1]
	m := motion{X: last.X, Y: last.Y, Yaw: last.Yaw}
	ref := -1
	for k := len(o.States) - 2; k >= 0; k-- {
		ref = k
		if last.T-o.States[k].T >= lookback-timeEpsilon {
			break
		}
	}
	if ref < 0 || last.T-o.States[ref].T <= timeEpsilon {
		s, c := math.Sincos(last.Yaw)
		m.VX, m.VY = last.V*c, last.V*s
		return m
	}
	first := o.States[ref]
	dt := last.T - first.T
	m.VX, m.VY = (last.X-first.X)/dt, (last.Y-first.Y)/dt
	m.YawRate = traj.WrapAngle(last.Yaw-first.Yaw) / dt
	// On a turn the chord velocity points along the heading at the middle
	// of the interval and is shorter than the arc: rotate it forward by half
	// the turn and scale it to the arc length.
	if half := m.YawRate * dt / 2; math.Abs(half) > 1e-9 {
		sn, cs := math.Sincos(half)
		scale := half / sn
		m.VX, m.VY = scale*(cs*m.VX-sn*m.VY), scale*(sn*m.VX+cs*m.VY)
	}
	return m
}
