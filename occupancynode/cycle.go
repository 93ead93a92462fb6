package occupancynode

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/node/diag"
	"github.com/ebm-av/ebm_av/occupancy"
)

// score runs one scoring cycle for the forecast set m, received on topic.
func (s *Scorer) score(topic string, m *ebm_av.OccupancyForecasts, set occupancy.ForecastSet) {
	stamp := msgconv.Nanos(m.Header.Stamp)
	tol := int64(s.cfg.SyncTolerance * 1e9)
	now := s.node.Clock().Now()
	s.cycles++

	history, historyStamp, ok := s.historyBuf.Nearest(stamp, tol)
	if !ok {
		reason := "no occupancy history"
		if s.historyBuf.Len() > 0 {
			reason = fmt.Sprintf("occupancy history stale by %.3f s", math.Abs(float64(stamp-historyStamp))*1e-9)
		}
		s.node.Logger().Warn("skipped scoring cycle", "stamp", stamp, "reason", reason)
		s.publishDiagnostic(stamp, diag.Stale, reason+"; forecasts not scored", nil)
		return
	}
	grids := set.Grids()
	if err := occupancy.ValidateForecasts(history, grids); err != nil {
		s.reject(topic, stamp, "forecast set rejected", err)
		return
	}
	masks, warnings := s.masks(stamp, history)

	start := time.Now()
	breakdown, err := s.scorer.Breakdown(history, masks, grids)
	if err != nil {
		s.reject(topic, stamp, "forecast set rejected", err)
		return
	}
	total := make([]float64, len(grids))
	for k, row := range breakdown {
		for i, t := range s.scorer.Terms {
			total[k] += t.Weight() * row[i]
		}
	}
	selected := lowest(total)
	var cells []float64
	if selected >= 0 {
		cells, _, err = s.scorer.EnergyMap(history, masks, grids[selected])
		if err != nil {
			// Breakdown accepted the same inputs, so this is a bug.
			s.node.Logger().Error("energy map failed", "stamp", stamp, "forecast", selected, "err", err)
			warnings = append(warnings, "energy map failed: "+err.Error())
		}
	}
	elapsed := time.Since(start)
	_, reasons := s.watchdog.Check(now, elapsed)
	warnings = append(warnings, reasons...)

	ctx := context.Background()
	energies := s.energiesMsg(m, history, breakdown, total, selected, cells)
	s.publish(s.energies.Publish(ctx, &energies))
	if selected < 0 {
		s.publishDiagnostic(stamp, diag.Error, fmt.Sprintf("no forecast of %d has a finite energy", len(grids)), nil)
		return
	}
	s.publish(s.selected.Publish(ctx, &m.Forecasts[selected]))
	if cells != nil {
		grid := energyGridMsg(history, stamp, cells, s.cfg.EnergyMapFullScale)
		s.publish(s.energyMap.Publish(ctx, &grid))
	}

	level := diag.OK
	msg := fmt.Sprintf("selected forecast %d of %d", selected, len(grids))
	if len(warnings) > 0 {
		level = diag.Warn
		msg += "; " + strings.Join(warnings, "; ")
	}
	s.publishDiagnostic(stamp, level, msg, []diag.KeyValue{
		{Key: "forecasts", Value: fmt.Sprint(len(grids))},
		{Key: "selected_energy", Value: fmt.Sprintf("%.6g", total[selected])},
		{Key: "masks", Value: maskNames(masks.Drivable != nil, masks.Visible != nil)},
		{Key: "cycle_time_ms", Value: fmt.Sprintf("%.3f", float64(elapsed.Microseconds())/1e3)},
	})
}

// lowest returns the index of the lowest finite energy, the first on ties,
// or −1 when none is finite.
func lowest(energies []float64) int {
	best := -1
	for k, e := range energies {
		if math.IsNaN(e) || math.IsInf(e, 0) {
			continue
		}
		if best < 0 || e < energies[best] {
			best = k
		}
	}
	return best
}

func maskNames(drivable, observed bool) string {
	var names []string
	if drivable {
		names = append(names, "drivable")
	}
	if observed {
		names = append(names, "observed")
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

func (s *Scorer) publishDiagnostic(stamp int64, level diag.Level, msg string, values []diag.KeyValue) {
	shown := s.level.Update(level)
	st := diag.Status{Level: shown, Name: s.node.Name() + diagnosticCheck, Message: msg,
		HardwareID: s.node.FullyQualifiedName(), Values: values}
	if shown != level {
		st.Add("raw_level", level.String())
	}
	for topic, count := range s.node.DecodeErrors() {
		st.Add("rejected_messages "+topic, count)
	}
	arr := msgconv.DiagnosticArray(stamp, st)
	s.publish(s.diags.Publish(context.Background(), &arr))
}

func (s *Scorer) publish(err error) {
	if err != nil {
		s.node.Logger().Error("publish failed", "err", err)
	}
}
