package evaluation

import (
	"fmt"
	"math/rand/v2"

	"github.com/ebm-av/ebm_av/occupancy"
	"github.com/ebm-av/ebm_av/occupancy/energy"
	"github.com/ebm-av/ebm_av/occupancy/forecast"
	"github.com/ebm-av/ebm_av/traj"
)

// StudyConfig sets the grid, timing and energy configuration of a study.
type StudyConfig struct {
	Height, Width int     // cells
	Resolution    float64 // m per cell
	Past          float64 // history span, s
	Horizon       float64 // forecast span, s
	TimeStep      float64 // frame spacing, s
	CycleEvery    float64 // time between evaluated cycles of one scenario, s
	Horizons      []float64
	// MaxCycles caps the cycles per scenario, evenly spread; 0 keeps all.
	MaxCycles int
	Seed      uint64
	Energy    energy.Config
	// ObservedOnly restricts the real future to the agents present at the
	// cycle time, as occupancy-flow benchmarks separate observed agents from
	// those that enter later. Objects entering the view cannot be forecast
	// from the past, so they carry no information about a forecaster.
	ObservedOnly bool
	// Drivable adds the lanelets' drivable area to every scene, for the
	// map-prior term.
	Drivable bool
	// RecordedArea marks as observed only the cells inside the bounding box
	// of every recorded position of the scenario. A drone records objects
	// only inside its view, so tracks start and end at that box, often
	// well inside the ego grid (SinD's box is about 75 m × 45 m).
	RecordedArea bool
}

// DefaultStudyConfig returns the configuration of the measurements. It has a
// 200×200 grid at 0.5 m (100 m square around the ego), 1 s of history and
// 3 s of forecast at 0.25 s, and a cycle every second. It reports IoU at 1, 2
// and 3 s and uses the observed-agent real future, the lanelets' drivable
// area and the recorded area as the observed region.
func DefaultStudyConfig() StudyConfig {
	return StudyConfig{
		Height: 200, Width: 200, Resolution: 0.5,
		Past: 1, Horizon: 3, TimeStep: 0.25, CycleEvery: 1,
		Horizons:     []float64{1, 2, 3},
		Seed:         1,
		Energy:       energy.DefaultConfig(),
		ObservedOnly: true,
		Drivable:     true,
		RecordedArea: true,
	}
}

// Record is the summary a study keeps of one cycle: the energy parts and the
// IoU against the real future of every candidate. Scorers with any weights
// are evaluated from it without rasterising again.
type Record struct {
	Site, Scenario string
	CycleTime      float64  // absolute scene time, s
	Sources        []string // forecaster of each candidate; the real future's is NeutralSource
	Real           int      // index of the real future among the candidates
	Parts          [][]float64
	IoU            [][]IoU // candidate × horizon, against the real future
}

// SourceIndex returns the index of the candidate from source, or −1.
func (r *Record) SourceIndex(source string) int {
	for k, s := range r.Sources {
		if s == source {
			return k
		}
	}
	return -1
}

// partTerms returns the terms whose parts a record stores, in order.
func partTerms() []energy.Decomposer {
	return []energy.Decomposer{energy.NewDynamics(), energy.NewGeometry(), energy.NewMapPrior()}
}

// PartNames returns "term.part" for every part a record stores.
func PartNames() []string {
	return energy.NewLearned(partTerms()...).FeatureNames()
}

// Forecasters returns the candidate forecasters of a study: the classical
// ones, then the deliberately wrong ones.
func Forecasters() []forecast.Forecaster {
	return append(forecast.Classical(), forecast.Broken()...)
}

// RecordCycle rasterises the history and real future of obstacles at
// cycleTime in the ego BEV frame of ego (x, y, yaw) and builds the candidate
// forecasts. It inserts the real future at a random position and stores the
// energy parts and IoU of every candidate. masks returns the scene's masks
// on a layout, or is nil for none. It returns
// false when the last history frame is empty, because there is nothing to
// forecast.
func RecordCycle(obstacles []traj.Obstacle, ego traj.EgoState, cycleTime float64, masks func(occupancy.Layout) energy.Masks, cfg StudyConfig, rng *rand.Rand) (Record, bool, error) {
	layout := occupancy.EgoLayout("map", ego.X, ego.Y, ego.Yaw, cfg.Height, cfg.Width, cfg.Resolution)
	history, err := occupancy.Past(obstacles, layout, cycleTime, cfg.Past, cfg.TimeStep)
	if err != nil {
		return Record{}, false, err
	}
	if history.Mass(history.Frames-1) == 0 {
		return Record{}, false, nil
	}
	future := obstacles
	if cfg.ObservedOnly {
		future = forecast.Observed(obstacles, cycleTime)
	}
	real, err := occupancy.Future(future, layout, cycleTime, cfg.Horizon, cfg.TimeStep)
	if err != nil {
		return Record{}, false, err
	}
	setup := forecast.Setup{Layout: layout, CycleTime: cycleTime, Horizon: cfg.Horizon, TimeStep: cfg.TimeStep}
	set, err := forecast.Build(Forecasters(), obstacles, setup)
	if err != nil {
		return Record{}, false, err
	}
	set, realIndex := InsertReal(set, real, rng)

	var m energy.Masks
	if masks != nil {
		m = masks(layout)
	}
	scene, err := energy.NewScene(history, m, cfg.Energy)
	if err != nil {
		return Record{}, false, err
	}
	frames, err := HorizonFrames(real, cfg.Horizons)
	if err != nil {
		return Record{}, false, err
	}
	terms := partTerms()
	learned := energy.NewLearned(terms...)
	rec := Record{CycleTime: cycleTime, Real: realIndex}
	for _, f := range set {
		c, err := scene.Analyze(f.Occupancy)
		if err != nil {
			return Record{}, false, fmt.Errorf("evaluation: %s: %w", f.Source, err)
		}
		parts := learned.SourceParts(scene, c)
		ious := make([]IoU, len(frames))
		for h, t := range frames {
			ious[h].Add(f.Occupancy, real, t)
		}
		rec.Sources = append(rec.Sources, f.Source)
		rec.Parts = append(rec.Parts, parts)
		rec.IoU = append(rec.IoU, ious)
	}
	return rec, true, nil
}
