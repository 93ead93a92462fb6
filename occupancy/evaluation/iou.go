package evaluation

import (
	"fmt"
	"math"

	"github.com/ebm-av/ebm_av/occupancy"
)

// OccupiedThreshold is the probability at or above which a cell counts as
// occupied for IoU.
const OccupiedThreshold = 0.5

// IoU accumulates intersection and union cell counts over frames and scenes,
// so that Value is the dataset-level IoU that occupancy-forecasting
// benchmarks report, not a mean of per-frame ratios.
type IoU struct {
	Intersection, Union float64 // cells
}

// Add accumulates frame t of prediction against frame t of truth.
func (u *IoU) Add(prediction, truth *occupancy.Sequence, t int) {
	p, q := prediction.Frame(t), truth.Frame(t)
	for k := range p {
		a, b := p[k] >= OccupiedThreshold, q[k] >= OccupiedThreshold
		if a && b {
			u.Intersection++
		}
		if a || b {
			u.Union++
		}
	}
}

// Merge adds the counts of v.
func (u *IoU) Merge(v IoU) {
	u.Intersection += v.Intersection
	u.Union += v.Union
}

// Value returns Intersection/Union, or NaN when the union is empty.
func (u IoU) Value() float64 {
	if u.Union == 0 {
		return math.NaN()
	}
	return u.Intersection / u.Union
}

// HorizonFrames returns, for every horizon (s after the cycle time), the
// index of the frame of seq at that time. It fails when a horizon falls
// between frames or outside seq.
func HorizonFrames(seq *occupancy.Sequence, horizons []float64) ([]int, error) {
	out := make([]int, len(horizons))
	for i, h := range horizons {
		f := (h - seq.Start) / seq.TimeStep
		t := int(math.Round(f))
		if math.Abs(f-float64(t)) > 1e-6 || t < 0 || t >= seq.Frames {
			return nil, fmt.Errorf("evaluation: horizon %g s is not a frame of a forecast of %d frames from %g s every %g s", h, seq.Frames, seq.Start, seq.TimeStep)
		}
		out[i] = t
	}
	return out, nil
}
