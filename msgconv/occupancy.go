package msgconv

import (
	"fmt"
	"math"

	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/occupancy"
)

// OccupancyMsg converts s, stamped ns, in the frame s.FrameID. The message's
// start_time is s.Start, so ns must be the cycle time s is relative to.
func OccupancyMsg(s *occupancy.Sequence, ns int64) ebm_av.OccupancySequence {
	return ebm_av.OccupancySequence{
		Header:     Header(ns, s.FrameID),
		Frames:     uint32(s.Frames),
		Height:     uint32(s.Height),
		Width:      uint32(s.Width),
		Resolution: s.Resolution,
		Origin:     Pose(s.OriginX, s.OriginY, s.OriginYaw),
		StartTime:  s.Start,
		TimeStep:   s.TimeStep,
		Data:       s.Data,
	}
}

// Occupancy converts and validates an occupancy sequence message. Errors
// name the message field. The returned sequence aliases m.Data.
func Occupancy(m *ebm_av.OccupancySequence) (*occupancy.Sequence, error) {
	switch {
	case m.Frames == 0:
		return nil, fmt.Errorf("occupancy sequence: invalid frames 0: need at least one frame")
	case m.Height == 0 || m.Width == 0:
		return nil, fmt.Errorf("occupancy sequence: invalid height × width %d × %d: both must be positive", m.Height, m.Width)
	case !(m.Resolution > 0) || math.IsInf(m.Resolution, 0):
		return nil, fmt.Errorf("occupancy sequence: invalid resolution %g m: must be a positive number of metres per cell", m.Resolution)
	case !(m.TimeStep > 0) || math.IsInf(m.TimeStep, 0):
		return nil, fmt.Errorf("occupancy sequence: invalid time_step %g s: must be a positive number of seconds", m.TimeStep)
	case !finite(m.StartTime):
		return nil, fmt.Errorf("occupancy sequence: invalid start_time %g s: must be finite", m.StartTime)
	case !poseFinite(m.Origin):
		return nil, fmt.Errorf("occupancy sequence: origin: invalid value NaN or Inf")
	}
	cells := uint64(m.Height) * uint64(m.Width)
	if want := uint64(m.Frames) * cells; uint64(len(m.Data)) != want {
		return nil, fmt.Errorf("occupancy sequence: data has %d values but frames × height × width = %d × %d × %d = %d",
			len(m.Data), m.Frames, m.Height, m.Width, want)
	}
	for i, p := range m.Data {
		if !(p >= 0 && p <= 1) {
			k := uint64(i)
			return nil, fmt.Errorf("occupancy sequence: data[%d] (frame %d, row %d, col %d) is %g: probabilities must lie in [0, 1]",
				i, k/cells, k%cells/uint64(m.Width), k%uint64(m.Width), p)
		}
	}
	x, y, yaw := PlanarPose(m.Origin)
	return &occupancy.Sequence{
		Frames: int(m.Frames), Height: int(m.Height), Width: int(m.Width),
		Resolution: m.Resolution, OriginX: x, OriginY: y, OriginYaw: yaw,
		FrameID: m.Header.FrameID, TimeStep: m.TimeStep, Start: m.StartTime,
		Data: m.Data,
	}, nil
}

// ForecastsMsg converts a forecast set, every sequence stamped ns.
func ForecastsMsg(set occupancy.ForecastSet, ns int64, frame string) ebm_av.OccupancyForecasts {
	out := ebm_av.OccupancyForecasts{Header: Header(ns, frame), Forecasts: make([]ebm_av.OccupancyForecast, len(set))}
	for k, f := range set {
		out.Forecasts[k] = ebm_av.OccupancyForecast{Source: f.Source, Occupancy: OccupancyMsg(f.Occupancy, ns)}
	}
	return out
}

// Forecasts converts and validates a forecast set message: it rejects an
// empty set and any invalid forecast, naming its index and source. It does
// not check the forecasts against a history; occupancy.ValidateForecasts
// does.
func Forecasts(m *ebm_av.OccupancyForecasts) (occupancy.ForecastSet, error) {
	if len(m.Forecasts) == 0 {
		return nil, fmt.Errorf("occupancy forecasts: empty forecasts: need at least one forecast to score")
	}
	out := make(occupancy.ForecastSet, len(m.Forecasts))
	for k := range m.Forecasts {
		f := &m.Forecasts[k]
		s, err := Occupancy(&f.Occupancy)
		if err != nil {
			return nil, fmt.Errorf("occupancy forecasts: forecasts[%d] (source %q): %w", k, f.Source, err)
		}
		out[k] = occupancy.Forecast{Source: f.Source, Occupancy: s}
	}
	return out, nil
}
