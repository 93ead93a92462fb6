package commonroad

import (
	"log/slog"
	"math"
	"slices"
)

// minMeasureSpeed is the speed below which a state pair is too noisy to
// measure the time step from, m/s.
const minMeasureSpeed = 1.0

// measureTimeStep estimates the seconds per time step from the obstacles'
// motion: the median over consecutive state pairs of
// distance / (mean speed × steps between them), using pairs whose mean speed
// exceeds minMeasureSpeed. It returns 0 and the pair count when no pair
// qualifies.
func measureTimeStep(obstacles []Obstacle) (float64, int) {
	var ratios []float64
	for i := range obstacles {
		o := &obstacles[i]
		if o.Static {
			continue
		}
		for j := 1; j < len(o.States); j++ {
			a, b := o.States[j-1], o.States[j]
			v := (math.Abs(a.Velocity) + math.Abs(b.Velocity)) / 2
			if v < minMeasureSpeed {
				continue
			}
			steps := float64(b.TimeStep - a.TimeStep)
			ratios = append(ratios, b.Position.Sub(a.Position).Norm()/(v*steps))
		}
	}
	if len(ratios) == 0 {
		return 0, 0
	}
	slices.Sort(ratios)
	n := len(ratios)
	if n%2 == 1 {
		return ratios[n/2], n
	}
	return (ratios[n/2-1] + ratios[n/2]) / 2, n
}

// WarnTimeStep logs a warning to logger when the measured time step differs
// from the declared one by more than the relative tolerance tol, and reports
// whether it did. Callers then use TimeStep, which returns the measured step.
func (s *Scenario) WarnTimeStep(logger *slog.Logger, tol float64) bool {
	if !s.TimeStepMismatch(tol) {
		return false
	}
	logger.Warn("commonroad: declared time step disagrees with the motion; using the measured step",
		"file", s.Path, "scenario", s.ID,
		"declared_s", s.DeclaredTimeStep, "measured_s", s.MeasuredTimeStep, "state_pairs", s.MeasuredPairs)
	return true
}
