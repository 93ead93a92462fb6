package planner_test

import (
	"fmt"

	"github.com/ebm-av/ebm_av/planner"
	"github.com/ebm-av/ebm_av/traj"
)

// line returns a constant-speed straight candidate along +x at lateral
// offset y, 56 points at 0.1 s.
func line(y, v float64) traj.Trajectory {
	pts := make([]traj.Point, 56)
	for k := range pts {
		t := 0.1 * float64(k)
		pts[k] = traj.Point{T: t, X: v * t, Y: y, V: v}
	}
	return traj.Trajectory{Points: pts}
}

func ExampleScorer() {
	scorer, err := planner.NewScorer(planner.DefaultParams())
	if err != nil {
		panic(err)
	}
	ctx := &planner.Context{
		Ego: traj.EgoState{V: 10, Length: 4.3, Width: 1.7},
		Obstacles: []traj.Obstacle{{
			ID: 42, Shape: traj.Circle, Radius: 0.5,
			States: []traj.ObstacleState{{T: 0, X: 30, Y: 0}, {T: 5.5, X: 30, Y: 0}},
		}},
		SpeedLimit: 13.9,
	}
	cands := []traj.Trajectory{line(0, 10), line(3.5, 10), line(3.5, 12)}

	var res planner.Result // reuse across cycles
	if err := scorer.Score(ctx, cands, &res); err != nil {
		panic(err)
	}
	for i := range cands {
		if !res.Feasible[i] {
			fmt.Printf("candidate %d: rejected, %s\n", i, res.Rejections[i])
			continue
		}
		fmt.Printf("candidate %d: energy %.2f, probability %.3f\n", i, res.Total[i], res.Probability[i])
	}
	if res.Selected == planner.NoSelection {
		fallback, _ := planner.StoppingFallback(ctx.Ego, 0.1, 5.5, 3)
		fmt.Println("stopping over", fallback.Duration(), "s")
		return
	}
	fmt.Println("selected", res.Selected)
	// Output:
	// candidate 0: rejected, collision:obstacle=42,t=2.80s
	// candidate 1: energy -7.62, probability 0.034
	// candidate 2: energy -10.96, probability 0.966
	// selected 2
}
