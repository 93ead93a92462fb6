package msgconv

import (
	"fmt"

	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/traj"
)

// TrajectoryMsg converts t to a message stamped at ns in frame; point times
// become time_from_start relative to the first point.
func TrajectoryMsg(t traj.Trajectory, ns int64, frame string) ebm_av.Trajectory {
	m := ebm_av.Trajectory{Header: Header(ns, frame), Points: make([]ebm_av.TrajectoryPoint, len(t.Points))}
	var t0 float64
	if len(t.Points) > 0 {
		t0 = t.Points[0].T
	}
	for i, p := range t.Points {
		m.Points[i] = ebm_av.TrajectoryPoint{
			TimeFromStart: Duration(p.T - t0),
			Pose:          Pose(p.X, p.Y, p.Yaw),
			Velocity:      p.V,
			Acceleration:  p.A,
			Curvature:     p.Kappa,
		}
	}
	return m
}

// Trajectory converts a message to a trajectory whose times are
// time_from_start. It rejects NaN values and time grids that do not
// strictly increase.
func Trajectory(m *ebm_av.Trajectory) (traj.Trajectory, error) {
	pts := make([]traj.Point, len(m.Points))
	for i, p := range m.Points {
		x, y, yaw := PlanarPose(p.Pose)
		pts[i] = traj.Point{T: Seconds(p.TimeFromStart), X: x, Y: y, Yaw: yaw, V: p.Velocity, A: p.Acceleration, Kappa: p.Curvature}
		if !poseFinite(p.Pose) || !finite(p.Velocity, p.Acceleration, p.Curvature) {
			return traj.Trajectory{}, fmt.Errorf("points[%d]: invalid value NaN or Inf in pose, velocity, acceleration or curvature", i)
		}
		if i > 0 && pts[i].T <= pts[i-1].T {
			return traj.Trajectory{}, fmt.Errorf("points[%d].time_from_start %.9f s does not increase from %.9f s", i, pts[i].T, pts[i-1].T)
		}
	}
	return traj.Trajectory{Points: pts}, nil
}

// CandidatesMsg converts a candidate set.
func CandidatesMsg(cands []traj.Trajectory, generator string, ns int64, frame string) ebm_av.CandidateTrajectories {
	m := ebm_av.CandidateTrajectories{Header: Header(ns, frame), GeneratorID: generator, Candidates: make([]ebm_av.Trajectory, len(cands))}
	for i, c := range cands {
		m.Candidates[i] = TrajectoryMsg(c, ns, frame)
	}
	return m
}

// Candidates converts a candidate set and checks that every candidate shares
// the first one's time grid, which the energy terms assume.
func Candidates(m *ebm_av.CandidateTrajectories) ([]traj.Trajectory, error) {
	out := make([]traj.Trajectory, len(m.Candidates))
	for i := range m.Candidates {
		t, err := Trajectory(&m.Candidates[i])
		if err != nil {
			return nil, fmt.Errorf("candidates[%d]: %w", i, err)
		}
		if len(t.Points) == 0 {
			return nil, fmt.Errorf("candidates[%d]: no points", i)
		}
		if i > 0 {
			ref := out[0].Points
			if len(t.Points) != len(ref) {
				return nil, fmt.Errorf("candidates[%d]: %d points, candidates[0] has %d: all candidates must share one time grid", i, len(t.Points), len(ref))
			}
			for k := range ref {
				if d := t.Points[k].T - ref[k].T; d > 1e-6 || d < -1e-6 {
					return nil, fmt.Errorf("candidates[%d].points[%d]: time %.6f s differs from candidates[0]'s %.6f s: all candidates must share one time grid", i, k, t.Points[k].T, ref[k].T)
				}
			}
		}
		out[i] = t
	}
	return out, nil
}

// EgoStateMsg converts an ego state.
func EgoStateMsg(e traj.EgoState, ns int64, frame string) ebm_av.EgoState {
	return ebm_av.EgoState{
		Header: Header(ns, frame), Pose: Pose(e.X, e.Y, e.Yaw),
		Velocity: e.V, Acceleration: e.A, YawRate: e.YawRate, SteeringAngle: e.SteeringAngle,
		Length: e.Length, Width: e.Width,
	}
}

// EgoState converts and validates an ego state message.
func EgoState(m *ebm_av.EgoState) (traj.EgoState, error) {
	x, y, yaw := PlanarPose(m.Pose)
	e := traj.EgoState{X: x, Y: y, Yaw: yaw, V: m.Velocity, A: m.Acceleration, YawRate: m.YawRate,
		SteeringAngle: m.SteeringAngle, Length: m.Length, Width: m.Width}
	if !poseFinite(m.Pose) || !finite(m.Velocity, m.Acceleration, m.YawRate, m.SteeringAngle) {
		return e, fmt.Errorf("ego state: invalid value NaN or Inf in pose or motion fields")
	}
	if !(m.Length > 0) || !(m.Width > 0) {
		return e, fmt.Errorf("ego state: invalid footprint %g × %g m: length and width must be positive", m.Length, m.Width)
	}
	return e, nil
}
