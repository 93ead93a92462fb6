package forecast

import (
	"fmt"

	"github.com/ebm-av/ebm_av/occupancy"
	"github.com/ebm-av/ebm_av/traj"
)

// Forecaster predicts obstacle states at future absolute times from the
// obstacles' past states.
type Forecaster interface {
	// Name returns a short identifier such as "constant_velocity".
	Name() string
	// Predict returns obstacles whose states lie at the given absolute
	// times (s). past holds only states at or before cycleTime.
	Predict(past []traj.Obstacle, cycleTime float64, times []float64) []traj.Obstacle
}

// Setup is the grid and timing shared by every forecast of one cycle.
type Setup struct {
	Layout    occupancy.Layout
	CycleTime float64 // absolute time of the cycle, s
	Horizon   float64 // forecast span after CycleTime, s
	TimeStep  float64 // time between forecast frames, s
}

// Times returns the absolute times of the forecast frames, one time step
// after CycleTime up to CycleTime+Horizon.
func (s Setup) Times() ([]float64, error) {
	if !(s.TimeStep > 0) {
		return nil, fmt.Errorf("forecast: invalid time step %g s: must be positive", s.TimeStep)
	}
	n := int(s.Horizon/s.TimeStep + 0.5)
	if n <= 0 {
		return nil, fmt.Errorf("forecast: horizon %g s is shorter than the time step %g s", s.Horizon, s.TimeStep)
	}
	times := make([]float64, n)
	for i := range times {
		times[i] = s.CycleTime + float64(i+1)*s.TimeStep
	}
	return times, nil
}

// Run cuts obstacles to their past, lets f predict them and rasterises the
// prediction on setup's grid.
func Run(f Forecaster, obstacles []traj.Obstacle, setup Setup) (*occupancy.Sequence, error) {
	times, err := setup.Times()
	if err != nil {
		return nil, err
	}
	pred := f.Predict(PastOnly(obstacles, setup.CycleTime), setup.CycleTime, times)
	seq, err := occupancy.Rasterize(pred, setup.Layout, setup.CycleTime, times[0], setup.TimeStep, len(times))
	if err != nil {
		return nil, fmt.Errorf("forecast %s: %w", f.Name(), err)
	}
	return seq, nil
}

// Build runs every forecaster on the same cycle and returns the forecasts
// under the forecasters' names.
func Build(forecasters []Forecaster, obstacles []traj.Obstacle, setup Setup) (occupancy.ForecastSet, error) {
	set := make(occupancy.ForecastSet, 0, len(forecasters))
	for _, f := range forecasters {
		seq, err := Run(f, obstacles, setup)
		if err != nil {
			return nil, err
		}
		set = append(set, occupancy.Forecast{Source: f.Name(), Occupancy: seq})
	}
	return set, nil
}

// Classical returns the classical forecasters: copy-and-paste of the last
// frame, constant velocity and constant turn rate and velocity.
func Classical() []Forecaster {
	return []Forecaster{CopyLast{}, ConstantVelocity{}, CTRV{}}
}

// Broken returns deliberately wrong forecasters built on constant velocity,
// plus time-reversed motion. Their parameters are fixed so that every
// candidate is clearly wrong at the horizon.
func Broken() []Forecaster {
	cv := ConstantVelocity{}
	return []Forecaster{
		Shifted{Base: cv, Lateral: 3.5},
		Dilated{Base: cv, Scale: 1.6},
		Vanishing{Base: cv, After: 0.5},
		Spurious{Base: cv, Count: 3},
		TimeReversed{},
		Teleporting{Base: cv, Jump: 15, At: 1.5},
	}
}
