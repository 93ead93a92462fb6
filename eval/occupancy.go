package eval

import (
	"fmt"
	"math"
	"slices"

	"github.com/ebm-av/ebm_av/occupancy"
	"github.com/ebm-av/ebm_av/occupancy/energy"
	"github.com/ebm-av/ebm_av/occupancy/evaluation"
	"github.com/ebm-av/ebm_av/occupancy/forecast"
	"github.com/ebm-av/ebm_av/occupancynode"
)

// OccupancyCycle is the evaluation of one scoring cycle of occupancy_scorer:
// the node's energies of the K forecasts with the real future's energy
// appended as candidate K.
type OccupancyCycle struct {
	Stamp    int64
	Sources  []string  // forecaster of each candidate; the real future's is evaluation.NeutralSource
	Energies []float64 // per candidate; the last is the real future's
	// IoU holds, per candidate and horizon, the IoU against the real future.
	IoU [][]evaluation.IoU
}

// Real returns the index of the real future among the candidates.
func (c *OccupancyCycle) Real() int { return len(c.Energies) - 1 }

// energyTolerance is the relative difference allowed between the node's
// recorded energy of a forecast and the evaluation's, which run the same
// code on the same grids and may differ only by summation order.
const energyTolerance = 1e-9

// evaluateOccupancyCycle scores the real future of p with sc and appends it
// to the node's energies. It scores the node's selected forecast again and
// fails when that energy differs from the node's, because the real future's
// energy is then on another scale than the forecasts'.
func evaluateOccupancyCycle(stamp int64, p *pendingOccupancy, sc OccupancyScorer, horizons []float64) (OccupancyCycle, error) {
	e := p.energies
	if len(e.TotalEnergy) != len(p.forecasts) {
		return OccupancyCycle{}, fmt.Errorf("energies for %d forecasts, the set has %d", len(e.TotalEnergy), len(p.forecasts))
	}
	var masks energy.Masks
	if p.features != nil && p.features.Header.FrameID == p.history.FrameID {
		var err error
		masks, err = occupancynode.MasksFromBEV(p.features, p.history, sc.DrivableChannel, sc.ObservedChannel)
		if err != nil {
			return OccupancyCycle{}, err
		}
	}
	check := int(e.SelectedIndex)
	if check < 0 {
		check = 0
	}
	scored, err := sc.Scorer.Score(p.history, masks, []*occupancy.Sequence{p.future, p.forecasts[check].Occupancy})
	if err != nil {
		return OccupancyCycle{}, fmt.Errorf("real future: %w", err)
	}
	if want, got := e.TotalEnergy[check], scored[1]; math.Abs(want-got) > energyTolerance*math.Max(1, math.Abs(want)) {
		return OccupancyCycle{}, fmt.Errorf("forecast %d (%s): the node's energy %.9g differs from the evaluation's %.9g: evaluate with the node's parameter file",
			check, p.forecasts[check].Source, want, got)
	}

	frames, err := evaluation.HorizonFrames(p.future, horizons)
	if err != nil {
		return OccupancyCycle{}, err
	}
	c := OccupancyCycle{Stamp: stamp, Energies: append(slices.Clone(e.TotalEnergy), scored[0])}
	for _, f := range append(p.forecasts, occupancy.Forecast{Source: evaluation.NeutralSource, Occupancy: p.future}) {
		ious := make([]evaluation.IoU, len(frames))
		for h, t := range frames {
			ious[h].Add(f.Occupancy, p.future, t)
		}
		c.Sources = append(c.Sources, f.Source)
		c.IoU = append(c.IoU, ious)
	}
	return c, nil
}

// OccupancyResult summarises cycles under name in the layout of the
// occupancy study (package occupancy/evaluation). It counts the rank of the
// real future among the candidates and sums the energy gap. Per horizon it
// accumulates the IoU against the real future of the selected forecast
// (lowest energy other than the real future) and of copy-and-paste.
//
// Ranks count ties against the real future, so its position among the
// candidates changes no number here, and the scorer never saw it.
func OccupancyResult(name string, cycles []OccupancyCycle, horizons int) evaluation.SiteResult {
	res := evaluation.SiteResult{Site: name, Selected: make([]evaluation.IoU, horizons), CopyLast: make([]evaluation.IoU, horizons), Picks: map[string]int{}}
	broken := evaluation.BrokenSources()
	copyLast := forecast.CopyLast{}.Name()
	for i := range cycles {
		c := &cycles[i]
		real := c.Real()
		e := c.Energies
		res.Steps++
		sel := evaluation.Select(e, real)
		switch {
		case evaluation.Rank(e, real) == 1:
			res.Top1++
		case sel >= 0 && e[real] <= e[sel]:
			res.TiedTop1++
		}
		ahead := true
		for k, src := range c.Sources {
			if k != real && slices.Contains(broken, src) && e[k] <= e[real] {
				ahead = false
			}
		}
		if ahead {
			res.AheadOfWrong++
		}
		res.GapSum += evaluation.Gap(e, real)
		if sel < 0 {
			continue
		}
		res.Picks[c.Sources[sel]]++
		cp := slices.Index(c.Sources, copyLast)
		for h := 0; h < horizons; h++ {
			res.Selected[h].Merge(c.IoU[sel][h])
			if cp >= 0 {
				res.CopyLast[h].Merge(c.IoU[cp][h])
			}
		}
	}
	return res
}

// MergeOccupancyResults returns the sum of results under name.
func MergeOccupancyResults(name string, results []evaluation.SiteResult, horizons int) evaluation.SiteResult {
	out := evaluation.SiteResult{Site: name, Selected: make([]evaluation.IoU, horizons), CopyLast: make([]evaluation.IoU, horizons), Picks: map[string]int{}}
	for _, r := range results {
		out.Steps += r.Steps
		out.Top1 += r.Top1
		out.TiedTop1 += r.TiedTop1
		out.AheadOfWrong += r.AheadOfWrong
		out.GapSum += r.GapSum
		for h := 0; h < horizons; h++ {
			out.Selected[h].Merge(r.Selected[h])
			out.CopyLast[h].Merge(r.CopyLast[h])
		}
		for k, v := range r.Picks {
			out.Picks[k] += v
		}
	}
	return out
}
