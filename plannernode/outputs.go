package plannernode

import (
	"time"

	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/geometry_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/nav_msgs"
	"github.com/ebm-av/ebm_av/planner"
	"github.com/ebm-av/ebm_av/traj"
)

func energiesMsg(m *ebm_av.CandidateTrajectories, res *planner.Result) ebm_av.CandidateEnergies {
	out := ebm_av.CandidateEnergies{
		Header:                m.Header,
		GeneratorID:           m.GeneratorID,
		TotalEnergy:           append([]float64(nil), res.Total...),
		Feasible:              append([]bool(nil), res.Feasible...),
		RejectionReason:       res.Reasons(nil),
		Probability:           append([]float64(nil), res.Probability...),
		Temperature:           res.Temperature,
		TemperatureCalibrated: res.TemperatureCalibrated,
		SelectedIndex:         int32(res.Selected),
		Terms:                 make([]ebm_av.EnergyTerm, len(res.Names)),
	}
	for j, name := range res.Names {
		out.Terms[j] = ebm_av.EnergyTerm{Name: name, Weight: res.Weights[j], Energies: append([]float64(nil), res.Terms[j]...)}
	}
	return out
}

func pathMsg(t traj.Trajectory, stamp int64, frame string) nav_msgs.Path {
	out := nav_msgs.Path{Header: msgconv.Header(stamp, frame), Poses: make([]geometry_msgs.PoseStamped, len(t.Points))}
	var t0 float64
	if len(t.Points) > 0 {
		t0 = t.Points[0].T
	}
	for i, pt := range t.Points {
		out.Poses[i] = geometry_msgs.PoseStamped{
			Header: msgconv.Header(stamp+int64((pt.T-t0)*1e9), frame),
			Pose:   msgconv.Pose(pt.X, pt.Y, pt.Yaw),
		}
	}
	return out
}

// statisticsMsg summarises each weighted term over the candidates, in the
// manner of Nav2 MPPI's critic statistics.
func statisticsMsg(res *planner.Result, stamp int64, elapsed time.Duration) ebm_av.EnergyStatistics {
	n := len(res.Names)
	out := ebm_av.EnergyStatistics{
		Header:    msgconv.Header(stamp, ""),
		TermNames: append([]string(nil), res.Names...),
		Sums:      make([]float64, n), Means: make([]float64, n), Minimums: make([]float64, n), Maximums: make([]float64, n),
		CycleTime: elapsed.Seconds(),
	}
	for j := range res.Names {
		e := res.Terms[j]
		if len(e) == 0 {
			continue
		}
		lo, hi, sum := e[0], e[0], 0.0
		for _, v := range e {
			sum += v
			lo = min(lo, v)
			hi = max(hi, v)
		}
		out.Sums[j], out.Means[j], out.Minimums[j], out.Maximums[j] = sum, sum/float64(len(e)), lo, hi
	}
	return out
}
