package ebm

import (
	"fmt"

	"github.com/ebm-av/ebm_av/traj"
)

// TrajectoryCandidates flattens trajectories into candidates of (x, y) per
// step, laid out [len(ts)][steps][2], for energies such as nn.StepEnergy.
// It returns an error naming the first trajectory that does not have
// exactly steps points.
func TrajectoryCandidates(ts []traj.Trajectory, steps int) ([]float64, error) {
	x := make([]float64, 0, len(ts)*steps*2)
	for i, t := range ts {
		if len(t.Points) != steps {
			return nil, fmt.Errorf("ebm: trajectory %d has %d points, candidates need %d", i, len(t.Points), steps)
		}
		for _, p := range t.Points {
			x = append(x, p.X, p.Y)
		}
	}
	return x, nil
}

// SetTrajectoryXY writes the (x, y) per step of candidate x back into t,
// leaving times and other fields unchanged. It panics when the lengths
// disagree.
func SetTrajectoryXY(t traj.Trajectory, x []float64) {
	if len(x) != 2*len(t.Points) {
		panic(fmt.Sprintf("ebm: candidate has %d values for %d points", len(x), len(t.Points)))
	}
	for i := range t.Points {
		t.Points[i].X, t.Points[i].Y = x[2*i], x[2*i+1]
	}
}
