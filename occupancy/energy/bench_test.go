package energy

import (
	"fmt"
	"testing"

	"github.com/ebm-av/ebm_av/occupancy"
	"github.com/ebm-av/ebm_av/occupancy/forecast"
	"github.com/ebm-av/ebm_av/traj"
)

// benchScene returns a 200×200 grid at 0.5 m with 24 cars on four lanes, a
// 5-frame history and 16 forecasts of 12 frames: the classical and wrong
// forecasters, repeated.
func benchScene(b *testing.B) (*occupancy.Sequence, Masks, []*occupancy.Sequence) {
	b.Helper()
	layout := occupancy.EgoLayout("map", 0, 0, 0, 200, 200, 0.5)
	var obstacles []traj.Obstacle
	for lane := 0; lane < 4; lane++ {
		for k := 0; k < 6; k++ {
			obstacles = append(obstacles, movingCar(lane*10+k, -45+16*float64(k), -6+3.5*float64(lane), 5+3*float64(lane)))
		}
	}
	history, err := occupancy.Past(obstacles, layout, 0, 1, 0.25)
	if err != nil {
		b.Fatal(err)
	}
	setup := forecast.Setup{Layout: layout, CycleTime: 0, Horizon: 3, TimeStep: 0.25}
	all := append(forecast.Classical(), forecast.Broken()...)
	var forecasts []*occupancy.Sequence
	for len(forecasts) < 16 {
		seq, err := forecast.Run(all[len(forecasts)%len(all)], obstacles, setup)
		if err != nil {
			b.Fatal(err)
		}
		forecasts = append(forecasts, seq)
	}
	drivable := make([]float32, 200*200)
	for k := range drivable {
		if r := k / 200; r >= 80 && r < 130 {
			drivable[k] = 1
		}
	}
	return history, Masks{Drivable: drivable}, forecasts
}

// BenchmarkScore scores 16 forecasts of 12 frames of 200×200 cells with the
// default scorer and with the learned term added.
func BenchmarkScore(b *testing.B) {
	history, masks, forecasts := benchScene(b)
	dynamics, geometry, mapPrior := NewDynamics(), NewGeometry(), NewMapPrior()
	learned := NewLearned(dynamics, geometry, mapPrior)
	for i := range learned.Coef {
		learned.Coef[i] = 1
	}
	scorers := map[string]*Scorer{
		"default": NewDefaultScorer(),
		// The learned term shares the scorer's term instances, so their
		// parts are computed once.
		"default+learned": {Config: DefaultConfig(), Terms: []Term{dynamics, geometry, mapPrior, learned}},
	}
	for _, name := range []string{"default", "default+learned"} {
		sc := scorers[name]
		b.Run(fmt.Sprintf("%s/K=16/T=12/200x200", name), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := sc.Score(history, masks, forecasts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
