package occupancynode

import (
	"fmt"
	"math"

	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/nav_msgs"
	"github.com/ebm-av/ebm_av/occupancy"
	"github.com/ebm-av/ebm_av/occupancy/energy"
)

// energiesMsg builds the energies of the forecasts of m: breakdown holds the
// unweighted energy of every term (columns) per forecast (rows).
func (s *Scorer) energiesMsg(m *ebm_av.OccupancyForecasts, history *occupancy.Sequence, breakdown [][]float64, total []float64, selected int, cells []float64) ebm_av.ForecastEnergies {
	out := ebm_av.ForecastEnergies{
		Header:        m.Header,
		TotalEnergy:   total,
		Terms:         make([]ebm_av.EnergyTerm, len(s.scorer.Terms)),
		SelectedIndex: int32(selected),
	}
	if selected < 0 {
		out.SelectedIndex = ebm_av.ForecastEnergiesNoSelection
	}
	for i, t := range s.scorer.Terms {
		e := make([]float64, len(breakdown))
		for k, row := range breakdown {
			e[k] = t.Weight() * row[i]
		}
		out.Terms[i] = ebm_av.EnergyTerm{Name: t.Name(), Weight: t.Weight(), Energies: e}
	}
	if cells != nil {
		out.Height, out.Width = uint32(history.Height), uint32(history.Width)
		out.EnergyMap = make([]float32, len(cells))
		for k, v := range cells {
			out.EnergyMap[k] = float32(v)
		}
	}
	return out
}

// energyGridMsg draws the per-cell energy map on the history's grid for
// rviz: a cell shows round(100 · E_cell / fullScale), clamped to 0 … 100,
// so cells with zero or negative energy (the learned term can lower the
// energy) show 0 and cells at or above fullScale show 100.
func energyGridMsg(history *occupancy.Sequence, stamp int64, cells []float64, fullScale float64) nav_msgs.OccupancyGrid {
	out := nav_msgs.OccupancyGrid{
		Header: msgconv.Header(stamp, history.FrameID),
		Info: nav_msgs.MapMetaData{
			MapLoadTime: msgconv.Stamp(stamp),
			Resolution:  float32(history.Resolution),
			Width:       uint32(history.Width),
			Height:      uint32(history.Height),
			Origin:      msgconv.Pose(history.OriginX, history.OriginY, history.OriginYaw),
		},
		Data: make([]int8, len(cells)),
	}
	for k, v := range cells {
		out.Data[k] = int8(math.Round(100 * math.Min(math.Max(v/fullScale, 0), 1)))
	}
	return out
}

// masks returns the drivable-area and observed-region masks on the
// history's grid from the BEV features paired with stamp, and warnings when
// they are stale or unusable. Without BEV features the scene has no masks.
func (s *Scorer) masks(stamp int64, history *occupancy.Sequence) (energy.Masks, []string) {
	var masks energy.Masks
	m, bevStamp, ok := s.bevBuf.Nearest(stamp, int64(s.cfg.SyncTolerance*1e9))
	if !ok {
		if s.bevBuf.Len() > 0 {
			return masks, []string{fmt.Sprintf("BEV features stale by %.3f s; scored without masks", math.Abs(float64(stamp-bevStamp))*1e-9)}
		}
		return masks, nil
	}
	if m.Header.FrameID != history.FrameID {
		return masks, []string{fmt.Sprintf("BEV features in frame %q, the history in %q; scored without masks", m.Header.FrameID, history.FrameID)}
	}
	masks, err := MasksFromBEV(m, history, s.cfg.DrivableChannel, s.cfg.ObservedChannel)
	if err != nil {
		return masks, []string{"BEV features unusable: " + err.Error()}
	}
	return masks, nil
}

// MasksFromBEV resamples the channels drivableChannel and observedChannel
// of m onto the history's grid, taking for each cell the BEV cell under its
// centre. Cells outside the BEV grid get 0 and values are clamped to
// [0, 1]. A channel m lacks, or an empty name, leaves its mask nil. m must
// be in the history's frame.
func MasksFromBEV(m *ebm_av.BEVFeatures, history *occupancy.Sequence, drivableChannel, observedChannel string) (energy.Masks, error) {
	grid, err := msgconv.BEV(m, msgconv.Frame2D{})
	if err != nil {
		return energy.Masks{}, err
	}
	layout := history.Layout()
	resample := func(name string) []float32 {
		c := grid.Channel(name)
		if name == "" || c < 0 {
			return nil
		}
		out := make([]float32, history.Cells())
		for i := 0; i < history.Height; i++ {
			for j := 0; j < history.Width; j++ {
				x, y := layout.ToWorld(float64(j)+0.5, float64(i)+0.5)
				v, inside := grid.Nearest(c, x, y)
				if inside && v > 0 {
					out[i*history.Width+j] = min(v, 1)
				}
			}
		}
		return out
	}
	return energy.Masks{Drivable: resample(drivableChannel), Visible: resample(observedChannel)}, nil
}
