package occupancy

import (
	"fmt"
	"math"
)

// Sequence is an occupancy sequence: Frames frames of Height×Width cell
// probabilities, stored row-major as [frame][row][col] in Data.
type Sequence struct {
	Frames, Height, Width int
	Resolution            float64 // cell edge, m
	OriginX, OriginY      float64 // world position of the corner of cell (0, 0), m
	OriginYaw             float64 // world heading of the grid's +x axis, rad
	FrameID               string  // reference frame of the origin pose, for example "map"
	TimeStep              float64 // time between consecutive frames, s
	Start                 float64 // time of frame 0 relative to the cycle time, s
	Data                  []float32
}

// NewSequence returns a zeroed sequence of frames × height × width cells.
// It panics on non-positive dimensions, resolution or time step, which are
// programmer errors here; data read from outside goes through Validate.
func NewSequence(frames, height, width int, resolution, timeStep float64) *Sequence {
	if frames <= 0 || height <= 0 || width <= 0 || !(resolution > 0) || !(timeStep > 0) {
		panic(fmt.Sprintf("occupancy: invalid sequence %d×%d×%d at %g m, %g s", frames, height, width, resolution, timeStep))
	}
	return &Sequence{
		Frames:     frames,
		Height:     height,
		Width:      width,
		Resolution: resolution,
		TimeStep:   timeStep,
		Data:       make([]float32, frames*height*width),
	}
}

// Cells returns the number of cells in one frame, Height×Width.
func (s *Sequence) Cells() int { return s.Height * s.Width }

// Frame returns frame t as a row-major slice that aliases Data.
func (s *Sequence) Frame(t int) []float32 {
	n := s.Height * s.Width
	return s.Data[t*n : (t+1)*n]
}

// Time returns the time of frame t relative to the cycle time, s.
func (s *Sequence) Time(t int) float64 { return s.Start + float64(t)*s.TimeStep }

// Mass returns the sum of the probabilities of frame t, in cells.
func (s *Sequence) Mass(t int) float64 {
	var m float64
	for _, p := range s.Frame(t) {
		m += float64(p)
	}
	return m
}

// Clone returns a deep copy of s.
func (s *Sequence) Clone() *Sequence {
	c := *s
	c.Data = append([]float32(nil), s.Data...)
	return &c
}

// EmptyLike returns a zeroed sequence with the layout, frame count and timing of s.
func (s *Sequence) EmptyLike() *Sequence {
	c := *s
	c.Data = make([]float32, len(s.Data))
	return &c
}

// Validate checks the dimensions, resolution and time step of s and that
// every probability lies in [0, 1]. Errors name the field and its value.
func (s *Sequence) Validate() error {
	switch {
	case s.Frames <= 0:
		return fmt.Errorf("occupancy: invalid frame count %d: need at least one frame", s.Frames)
	case s.Height <= 0 || s.Width <= 0:
		return fmt.Errorf("occupancy: invalid size %d×%d cells: height and width must be positive", s.Height, s.Width)
	case !(s.Resolution > 0) || math.IsInf(s.Resolution, 0):
		return fmt.Errorf("occupancy: invalid resolution %g m: must be a positive number of metres per cell", s.Resolution)
	case !(s.TimeStep > 0) || math.IsInf(s.TimeStep, 0):
		return fmt.Errorf("occupancy: invalid time step %g s: must be a positive number of seconds", s.TimeStep)
	}
	if want := s.Frames * s.Height * s.Width; len(s.Data) != want {
		return fmt.Errorf("occupancy: data has %d values, %d×%d×%d cells need %d", len(s.Data), s.Frames, s.Height, s.Width, want)
	}
	for i, p := range s.Data {
		if !(p >= 0 && p <= 1) {
			n := s.Height * s.Width
			return fmt.Errorf("occupancy: probability %g at frame %d, row %d, col %d: must lie in [0, 1]", p, i/n, i%n/s.Width, i%s.Width)
		}
	}
	return nil
}

// CheckCompatible reports whether forecast lies on the same grid as history:
// equal size, resolution, origin pose, frame id and time step. It does not
// validate the cells; call Validate for that.
func CheckCompatible(history, forecast *Sequence) error {
	const tol = 1e-9
	switch {
	case forecast.Height != history.Height || forecast.Width != history.Width:
		return fmt.Errorf("size %d×%d cells differs from the history's %d×%d", forecast.Height, forecast.Width, history.Height, history.Width)
	case math.Abs(forecast.Resolution-history.Resolution) > tol:
		return fmt.Errorf("resolution %g m differs from the history's %g m", forecast.Resolution, history.Resolution)
	case math.Abs(forecast.TimeStep-history.TimeStep) > tol:
		return fmt.Errorf("time step %g s differs from the history's %g s", forecast.TimeStep, history.TimeStep)
	case forecast.FrameID != history.FrameID:
		return fmt.Errorf("frame id %q differs from the history's %q", forecast.FrameID, history.FrameID)
	case math.Abs(forecast.OriginX-history.OriginX) > tol || math.Abs(forecast.OriginY-history.OriginY) > tol ||
		math.Abs(forecast.OriginYaw-history.OriginYaw) > tol:
		return fmt.Errorf("origin (%g m, %g m, %g rad) differs from the history's (%g m, %g m, %g rad)",
			forecast.OriginX, forecast.OriginY, forecast.OriginYaw, history.OriginX, history.OriginY, history.OriginYaw)
	}
	return nil
}

// ValidateForecasts checks history and every forecast, and that forecasts is
// non-empty, that all forecasts have the same frame count and lie on the
// history's grid. Errors name the forecast index and the field.
func ValidateForecasts(history *Sequence, forecasts []*Sequence) error {
	if history == nil {
		return fmt.Errorf("occupancy: missing history: need at least one past frame")
	}
	if err := history.Validate(); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	if len(forecasts) == 0 {
		return fmt.Errorf("occupancy: empty forecast set: need at least one forecast to score")
	}
	for k, f := range forecasts {
		if f == nil {
			return fmt.Errorf("occupancy: forecast %d of %d is nil", k, len(forecasts))
		}
		if err := f.Validate(); err != nil {
			return fmt.Errorf("forecast %d of %d: %w", k, len(forecasts), err)
		}
		if err := CheckCompatible(history, f); err != nil {
			return fmt.Errorf("occupancy: forecast %d of %d: %w", k, len(forecasts), err)
		}
		if f.Frames != forecasts[0].Frames {
			return fmt.Errorf("occupancy: forecast %d of %d: %d frames, forecast 0 has %d", k, len(forecasts), f.Frames, forecasts[0].Frames)
		}
	}
	return nil
}
