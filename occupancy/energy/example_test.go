package energy_test

import (
	"fmt"

	"github.com/ebm-av/ebm_av/occupancy"
	"github.com/ebm-av/ebm_av/occupancy/energy"
	"github.com/ebm-av/ebm_av/occupancy/forecast"
	"github.com/ebm-av/ebm_av/traj"
)

// Example scores the classical and wrong forecasts of one car driving along
// +x at 10 m/s and prints the lowest-energy forecast.
func Example() {
	car := traj.Obstacle{ID: 1, Type: "car", Shape: traj.Rectangle, Length: 4.5, Width: 1.8}
	for k := -20; k <= 40; k++ {
		t := float64(k) / 10
		car.States = append(car.States, traj.ObstacleState{T: t, X: -10 + 10*t, Y: 2, V: 10})
	}
	obstacles := []traj.Obstacle{car}
	layout := occupancy.EgoLayout("map", 0, 0, 0, 100, 100, 0.5)

	history, err := occupancy.Past(obstacles, layout, 0, 1, 0.25)
	if err != nil {
		panic(err)
	}
	setup := forecast.Setup{Layout: layout, CycleTime: 0, Horizon: 3, TimeStep: 0.25}
	set, err := forecast.Build(append(forecast.Classical(), forecast.Broken()...), obstacles, setup)
	if err != nil {
		panic(err)
	}

	energies, err := energy.NewDefaultScorer().Score(history, energy.Masks{}, set.Grids())
	if err != nil {
		panic(err)
	}
	best := 0
	for k, e := range energies {
		if e < energies[best] {
			best = k
		}
	}
	fmt.Printf("lowest energy: %s (%.1f)\n", set[best].Source, energies[best])
	// Output: lowest energy: constant_velocity (0.0)
}
