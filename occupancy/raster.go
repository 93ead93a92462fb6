package occupancy

import (
	"fmt"
	"math"

	"github.com/ebm-av/ebm_av/traj"
)

// supersampling is the number of sub-samples per cell edge used to compute
// the covered fraction of a cell, so a cell's probability is quantised to
// 1/supersampling².
const supersampling = 4

// Rasterize returns the occupancy of obstacles at the absolute times
// start + t·timeStep, t = 0 … frames−1, on layout. Rectangles are drawn as
// oriented boxes and circles as discs. A cell's probability is the fraction
// of its area covered, and overlapping obstacles take the maximum. An
// obstacle contributes to a frame only when its states cover that time. The
// returned sequence's Start is start − cycleTime.
func Rasterize(obstacles []traj.Obstacle, layout Layout, cycleTime, start, timeStep float64, frames int) (*Sequence, error) {
	if err := layout.Validate(); err != nil {
		return nil, err
	}
	if !(timeStep > 0) || math.IsInf(timeStep, 0) {
		return nil, fmt.Errorf("occupancy: invalid time step %g s: must be a positive number of seconds", timeStep)
	}
	if frames <= 0 {
		return nil, fmt.Errorf("occupancy: invalid frame count %d: need at least one frame", frames)
	}
	seq := layout.newSequence(frames, start-cycleTime, timeStep)
	for t := 0; t < frames; t++ {
		at := start + float64(t)*timeStep
		plane := seq.Frame(t)
		for i := range obstacles {
			o := &obstacles[i]
			st, ok := o.StateAt(at)
			if !ok {
				continue
			}
			if err := fillObstacle(plane, layout, o, st); err != nil {
				return nil, fmt.Errorf("occupancy: obstacle %d at %g s: %w", o.ID, at, err)
			}
		}
	}
	return seq, nil
}

// Past returns the occupancy over the duration seconds up to cycleTime,
// round(duration/timeStep)+1 frames ending with the frame at cycleTime.
func Past(obstacles []traj.Obstacle, layout Layout, cycleTime, duration, timeStep float64) (*Sequence, error) {
	n, err := frameCount("past duration", duration, timeStep)
	if err != nil {
		return nil, err
	}
	return Rasterize(obstacles, layout, cycleTime, cycleTime-float64(n)*timeStep, timeStep, n+1)
}

// Future returns the occupancy over the horizon seconds after cycleTime,
// round(horizon/timeStep) frames starting one time step after cycleTime.
func Future(obstacles []traj.Obstacle, layout Layout, cycleTime, horizon, timeStep float64) (*Sequence, error) {
	n, err := frameCount("horizon", horizon, timeStep)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, fmt.Errorf("occupancy: horizon %g s is shorter than the time step %g s", horizon, timeStep)
	}
	return Rasterize(obstacles, layout, cycleTime, cycleTime+timeStep, timeStep, n)
}

func frameCount(field string, span, timeStep float64) (int, error) {
	if !(timeStep > 0) || math.IsInf(timeStep, 0) {
		return 0, fmt.Errorf("occupancy: invalid time step %g s: must be a positive number of seconds", timeStep)
	}
	if !(span >= 0) || math.IsInf(span, 0) {
		return 0, fmt.Errorf("occupancy: invalid %s %g s: must be a non-negative number of seconds", field, span)
	}
	return int(math.Round(span / timeStep)), nil
}

func fillObstacle(plane []float32, l Layout, o *traj.Obstacle, st traj.ObstacleState) error {
	col, row := l.ToGrid(st.X, st.Y)
	switch o.Shape {
	case traj.Rectangle:
		if !(o.Length > 0 && o.Width > 0) {
			return fmt.Errorf("invalid rectangle %g×%g m: length and width must be positive", o.Length, o.Width)
		}
		FillOrientedBox(plane, l.Height, l.Width, col, row, st.Yaw-l.OriginYaw, o.Length/l.Resolution, o.Width/l.Resolution)
	case traj.Circle:
		if !(o.Radius > 0) {
			return fmt.Errorf("invalid circle radius %g m: must be positive", o.Radius)
		}
		FillCircle(plane, l.Height, l.Width, col, row, o.Radius/l.Resolution)
	default:
		return fmt.Errorf("unknown shape %d", o.Shape)
	}
	return nil
}

// FillOrientedBox raises the cells of the height×width plane covered by a box
// to the covered fraction of each cell. The box is centred at (col, row)
// cells with heading yaw (rad, from the grid's +x axis), and its length
// along the heading and width across it are in cells.
//
// Package bev's fills set whole cells whose centre lies inside the shape.
// This one computes covered fractions, because the energy terms' blob
// centroids and areas rely on sub-cell coverage.
func FillOrientedBox(plane []float32, height, width int, col, row, yaw, length, boxWidth float64) {
	s, c := math.Sincos(yaw)
	hl, hw := length/2, boxWidth/2
	ex := math.Abs(c)*hl + math.Abs(s)*hw
	ey := math.Abs(s)*hl + math.Abs(c)*hw
	inside := func(x, y float64) bool {
		dx, dy := x-col, y-row
		u := c*dx + s*dy
		v := -s*dx + c*dy
		return math.Abs(u) <= hl && math.Abs(v) <= hw
	}
	fillCoverage(plane, height, width, col-ex, col+ex, row-ey, row+ey, inside)
}

// FillCircle raises the cells of the height×width plane covered by a disc
// centred at (col, row) with the given radius (cells) to the covered fraction
// of each cell.
func FillCircle(plane []float32, height, width int, col, row, radius float64) {
	r2 := radius * radius
	inside := func(x, y float64) bool {
		dx, dy := x-col, y-row
		return dx*dx+dy*dy <= r2
	}
	fillCoverage(plane, height, width, col-radius, col+radius, row-radius, row+radius, inside)
}

func fillCoverage(plane []float32, height, width int, x0, x1, y0, y1 float64, inside func(x, y float64) bool) {
	j0, j1 := max(int(math.Floor(x0)), 0), min(int(math.Ceil(x1)), width-1)
	i0, i1 := max(int(math.Floor(y0)), 0), min(int(math.Ceil(y1)), height-1)
	const step = 1.0 / supersampling
	for i := i0; i <= i1; i++ {
		for j := j0; j <= j1; j++ {
			hits := 0
			for a := 0; a < supersampling; a++ {
				y := float64(i) + (float64(a)+0.5)*step
				for b := 0; b < supersampling; b++ {
					if inside(float64(j)+(float64(b)+0.5)*step, y) {
						hits++
					}
				}
			}
			if hits == 0 {
				continue
			}
			p := float32(hits) / (supersampling * supersampling)
			if k := i*width + j; p > plane[k] {
				plane[k] = p
			}
		}
	}
}
