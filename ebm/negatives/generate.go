package negatives

import (
	"fmt"
	"math"

	"github.com/ebm-av/ebm_av/traj"
)

// Lateral returns the expert shifted by offset metres along the left normal
// of its heading (negative offsets go right), ramped in over rampTime
// seconds.
func Lateral(expert traj.Trajectory, offset, rampTime float64) Negative {
	out := clone(expert)
	t0 := expert.Points[0].T
	for i := 1; i < len(out.Points); i++ {
		p := &out.Points[i]
		w := offset * ramp(p.T, t0, rampTime)
		s, c := math.Sincos(expert.Points[i].Yaw)
		p.X += -s * w
		p.Y += c * w
	}
	Recompute(out)
	return Negative{Trajectory: out, Kind: LateralShift, Magnitude: offset, ObstacleID: -1}
}

// Longitudinal returns the expert moved ds metres further along its own
// path (negative ds falls behind), ramped in over rampTime seconds.
func Longitudinal(expert traj.Trajectory, ds, rampTime float64) Negative {
	out := clone(expert)
	s := arcLengths(expert)
	t0 := expert.Points[0].T
	for i := 1; i < len(out.Points); i++ {
		p := &out.Points[i]
		p.X, p.Y = pointAtArc(expert, s, s[i]+ds*ramp(p.T, t0, rampTime))
	}
	Recompute(out)
	return Negative{Trajectory: out, Kind: LongitudinalShift, Magnitude: ds, ObstacleID: -1}
}

// Speed returns the expert's path driven with every arc length scaled by
// factor, so speeds and accelerations scale by factor as well.
func Speed(expert traj.Trajectory, factor float64) Negative {
	out := clone(expert)
	s := arcLengths(expert)
	for i := 1; i < len(out.Points); i++ {
		out.Points[i].X, out.Points[i].Y = pointAtArc(expert, s, s[i]*factor)
	}
	Recompute(out)
	return Negative{Trajectory: out, Kind: SpeedScale, Magnitude: factor, ObstacleID: -1}
}

// Timing returns the expert delayed by dt seconds: the position at time τ
// is the expert's at τ − dt, held at the start before the delay runs out.
// Negative dt runs ahead, holding the last position at the end.
func Timing(expert traj.Trajectory, dt float64) Negative {
	out := clone(expert)
	for i := 1; i < len(out.Points); i++ {
		out.Points[i].X, out.Points[i].Y = pointAtTime(expert, out.Points[i].T-dt)
	}
	Recompute(out)
	return Negative{Trajectory: out, Kind: TimeShift, Magnitude: dt, ObstacleID: -1}
}

// SwerveInto returns the expert bent so that it passes through the centre
// of obstacle ob at time tc. The offset has a Gaussian time profile of
// standard deviation width seconds and peaks at tc with the obstacle's
// displacement from the expert. It returns an error when ob has no state
// at tc or tc is outside the trajectory.
func SwerveInto(expert traj.Trajectory, ob *traj.Obstacle, tc, width float64) (Negative, error) {
	p := expert.Points
	if tc <= p[0].T || tc > p[len(p)-1].T {
		return Negative{}, fmt.Errorf("negatives: swerve time %g s outside the trajectory (%g, %g]", tc, p[0].T, p[len(p)-1].T)
	}
	state, ok := ob.StateAt(tc)
	if !ok {
		return Negative{}, fmt.Errorf("negatives: obstacle %d has no state at %g s", ob.ID, tc)
	}
	ex, ey := pointAtTime(expert, tc)
	// Offset vector at the peak, spread over time by a Gaussian bump that
	// is zero at the start state.
	dx, dy := state.X-ex, state.Y-ey
	bump := func(tau float64) float64 {
		return math.Exp(-0.5 * (tau - tc) * (tau - tc) / (width * width))
	}
	b0 := bump(p[0].T)
	out := clone(expert)
	for i := 1; i < len(out.Points); i++ {
		w := (bump(out.Points[i].T) - b0) / (1 - b0)
		out.Points[i].X += w * dx
		out.Points[i].Y += w * dy
	}
	Recompute(out)
	return Negative{Trajectory: out, Kind: Swerve, Magnitude: math.Hypot(dx, dy), ObstacleID: ob.ID}, nil
}

// Weave returns the expert with a lateral sinusoid of the given amplitude
// (m) and period (s) added along its normal, ramped in over one period. It
// keeps the path's mean but raises lateral acceleration and jerk, by
// amplitude·(2π/period)² and amplitude·(2π/period)³ at the peaks.
func Weave(expert traj.Trajectory, amplitude, period float64) Negative {
	out := clone(expert)
	t0 := expert.Points[0].T
	for i := 1; i < len(out.Points); i++ {
		tau := out.Points[i].T - t0
		w := amplitude * math.Sin(2*math.Pi*tau/period) * ramp(out.Points[i].T, t0, period)
		s, c := math.Sincos(expert.Points[i].Yaw)
		out.Points[i].X += -s * w
		out.Points[i].Y += c * w
	}
	Recompute(out)
	return Negative{Trajectory: out, Kind: WeaveComfort, Magnitude: amplitude, ObstacleID: -1}
}

// Brake returns the expert's path driven with an extra deceleration of
// decel m/s² between start and start+duration seconds, never reversing:
// the arc length advanced by time τ is the expert's minus the integral of
// the braking pulse, floored at standstill.
func Brake(expert traj.Trajectory, decel, start, duration float64) Negative {
	out := clone(expert)
	s := arcLengths(expert)
	t0 := expert.Points[0].T
	// Speed lost by time τ and the resulting arc-length deficit.
	lost := func(tau float64) float64 {
		return decel * math.Min(math.Max(tau-t0-start, 0), duration)
	}
	prevS, deficit := 0.0, 0.0
	for i := 1; i < len(out.Points); i++ {
		dt := out.Points[i].T - out.Points[i-1].T
		deficit += 0.5 * (lost(out.Points[i-1].T) + lost(out.Points[i].T)) * dt
		target := math.Max(s[i]-deficit, prevS) // never drive backwards
		prevS = target
		out.Points[i].X, out.Points[i].Y = pointAtArc(expert, s, target)
	}
	Recompute(out)
	return Negative{Trajectory: out, Kind: BrakeComfort, Magnitude: decel, ObstacleID: -1}
}
