package evaluation

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"

	"github.com/ebm-av/ebm_av/commonroad"
	"github.com/ebm-av/ebm_av/traj"
)

// UnseenSite is a site of scenarios without a solution file, named by its
// source dataset. No energy term, weight or setting was chosen while looking
// at results on these scenarios.
type UnseenSite struct {
	Name  string
	Files []string // scenario files, relative to the directory of unsolved scenarios
}

// UnseenSites lists the sites of the unsolved CommonRoad scenarios, those
// without a solution file: NGSIM (US-101 and Peachtree Street) and inD (an
// intersection in Aachen).
//
// NOTE: USA_US101-3_3_T-1 spans 3.1 s, less than the 4 s of history and
// forecast that a cycle of DefaultStudyConfig needs, so it adds no cycles.
var UnseenSites = []UnseenSite{
	{Name: "NGSIM", Files: []string{"USA_Peach-4_8_T-1.xml", "USA_US101-3_3_T-1.xml", "USA_US101-4_1_T-1.xml"}},
	{Name: "inD", Files: []string{"DEU_AachenBendplatz-1_90_T-300.xml"}},
}

// MaxUnseenEgos is the number of egos taken from each unsolved scenario.
const MaxUnseenEgos = 5

// LongestCars returns the ids of up to n dynamic obstacles of sc of type
// "car", longest recorded span (last minus first time step) first, ties
// broken by lower id.
func LongestCars(sc *commonroad.Scenario, n int) []int {
	type car struct{ id, span int }
	var cars []car
	for i := range sc.Obstacles {
		o := &sc.Obstacles[i]
		if o.Static || o.Type != "car" || len(o.States) == 0 {
			continue
		}
		cars = append(cars, car{o.ID, o.States[len(o.States)-1].TimeStep - o.States[0].TimeStep})
	}
	slices.SortFunc(cars, func(a, b car) int {
		return cmp.Or(cmp.Compare(b.span, a.span), cmp.Compare(a.id, b.id))
	})
	ids := make([]int, 0, min(n, len(cars)))
	for _, c := range cars[:min(n, len(cars))] {
		ids = append(ids, c.id)
	}
	return ids
}

// egoTrajectory converts the states of obstacle o to an ego trajectory with
// absolute scene times, s, at time step dt.
func egoTrajectory(o *commonroad.Obstacle, dt float64) traj.Trajectory {
	t := o.Traj(dt)
	out := traj.Trajectory{Points: make([]traj.Point, len(t.States))}
	for i, s := range t.States {
		out.Points[i] = traj.Point{T: s.T, X: s.X, Y: s.Y, Yaw: s.Yaw, V: s.V}
	}
	return out
}

// UnsolvedScenarioRecords reads a scenario without a solution file and
// records, with EgoRecords, the cycles of each of its LongestCars(sc,
// maxEgos) as the ego, in that order. The time step is Scenario.TimeStep,
// as for the recorded scenarios.
func UnsolvedScenarioRecords(site, scenarioPath string, maxEgos int, cfg StudyConfig, rng *rand.Rand) ([]Record, error) {
	sc, err := commonroad.ParseScenarioFile(scenarioPath)
	if err != nil {
		return nil, err
	}
	ids := LongestCars(sc, maxEgos)
	if len(ids) == 0 {
		return nil, fmt.Errorf("evaluation: %s: no dynamic obstacle of type car to take as the ego, so the scenario cannot be evaluated", scenarioPath)
	}
	dt := sc.TimeStep()
	var out []Record
	for _, id := range ids {
		i := slices.IndexFunc(sc.Obstacles, func(o commonroad.Obstacle) bool { return o.ID == id })
		recs, err := EgoRecords(site, sc, egoTrajectory(&sc.Obstacles[i], dt), id, cfg, rng)
		if err != nil {
			return nil, fmt.Errorf("evaluation: ego %d: %w", id, err)
		}
		out = append(out, recs...)
	}
	return out, nil
}

// UnseenSiteRecords records every scenario of site under root (the
// directory of unsolved scenarios), MaxUnseenEgos egos per scenario.
func UnseenSiteRecords(root string, site UnseenSite, cfg StudyConfig) ([]Record, error) {
	rng := rngFor(cfg, site.Name)
	var out []Record
	for _, f := range site.Files {
		recs, err := UnsolvedScenarioRecords(site.Name, filepath.Join(root, f), MaxUnseenEgos, cfg, rng)
		if err != nil {
			return nil, err
		}
		out = append(out, recs...)
	}
	return out, nil
}
