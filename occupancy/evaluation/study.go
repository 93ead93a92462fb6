package evaluation

import (
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/ebm-av/ebm_av/commonroad"
	"github.com/ebm-av/ebm_av/geom"
	"github.com/ebm-av/ebm_av/occupancy"
	"github.com/ebm-av/ebm_av/occupancy/energy"
	"github.com/ebm-av/ebm_av/traj"
)

// Sites lists the recorded sites, each a directory of scenarios.
var Sites = []string{"highD", "exiD", "SinD"}

// ScenarioFiles returns the recorded scenarios of site under root (the
// directory that holds one directory per site), sorted by name.
func ScenarioFiles(root, site string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(root, site, "*.cr.xml"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("evaluation: no *.cr.xml scenarios in %s", filepath.Join(root, site))
	}
	sort.Strings(files)
	return files, nil
}

// ScenarioRecords reads a recorded scenario and the solution beside it
// (same name, .solution.xml) and records the cycles of the solution's ego
// with EgoRecords. The recorded ego is not one of the scenario's obstacles.
func ScenarioRecords(site, scenarioPath string, cfg StudyConfig, rng *rand.Rand) ([]Record, error) {
	sc, err := commonroad.ParseScenarioFile(scenarioPath)
	if err != nil {
		return nil, err
	}
	solutionPath := strings.TrimSuffix(scenarioPath, ".cr.xml") + ".solution.xml"
	sol, err := commonroad.ParseSolutionFile(solutionPath)
	if err != nil {
		return nil, err
	}
	tr, err := sol.Trajectory(0)
	if err != nil {
		return nil, err
	}
	ego := tr.Traj(sc.TimeStep())
	if len(ego.Points) == 0 {
		return nil, fmt.Errorf("evaluation: %s: solution has no states", solutionPath)
	}
	return EgoRecords(site, sc, ego, -1, cfg, rng)
}

// EgoRecords records a cycle of sc every cfg.CycleEvery seconds. Cycles lie
// where ego (absolute scene times, s) has a state, with cfg.Past seconds of
// scene before and cfg.Horizon seconds after. The BEV frame of each cycle
// is centred on ego. The obstacle with id egoID is the ego itself, so it
// counts for the scene's span and recorded area but is left out of the
// rasterised scene. Pass a negative egoID when the ego is not one of sc's
// obstacles.
func EgoRecords(site string, sc *commonroad.Scenario, ego traj.Trajectory, egoID int, cfg StudyConfig, rng *rand.Rand) ([]Record, error) {
	if len(ego.Points) == 0 {
		return nil, fmt.Errorf("evaluation: %s: ego trajectory has no points", sc.ID)
	}
	obstacles := sc.TrajObstacles()
	start, end := math.Inf(1), math.Inf(-1)
	for _, o := range obstacles {
		for _, s := range o.States {
			start, end = math.Min(start, s.T), math.Max(end, s.T)
		}
	}
	// A static obstacle has one state; hold it over the whole scene.
	for i := range sc.Obstacles {
		if sc.Obstacles[i].Static && len(obstacles[i].States) > 0 {
			s0, s1 := obstacles[i].States[0], obstacles[i].States[0]
			s0.T, s1.T = start, end
			obstacles[i].States = []traj.ObstacleState{s0, s1}
		}
	}
	area := recordedArea(obstacles)
	if egoID >= 0 {
		obstacles = slices.DeleteFunc(obstacles, func(o traj.Obstacle) bool { return o.ID == egoID })
	}

	first := math.Max(start+cfg.Past, ego.Points[0].T)
	last := math.Min(end-cfg.Horizon, ego.Points[len(ego.Points)-1].T)
	var times []float64
	for t := first; t <= last+1e-9; t += cfg.CycleEvery {
		times = append(times, t)
	}
	if cfg.MaxCycles > 0 && len(times) > cfg.MaxCycles {
		spread := make([]float64, cfg.MaxCycles)
		for i := range spread {
			spread[i] = times[i*len(times)/cfg.MaxCycles]
		}
		times = spread
	}

	mask := func(l occupancy.Layout) energy.Masks {
		var m energy.Masks
		if cfg.Drivable {
			m.Drivable = DrivableMask(sc, l)
		}
		if cfg.RecordedArea {
			m.Visible = PolygonMask(area, l)
		}
		return m
	}
	var out []Record
	for _, t := range times {
		pose, ok := egoAt(ego.Points, t)
		if !ok {
			continue
		}
		rec, ok, err := RecordCycle(obstacles, pose, t, mask, cfg, rng)
		if err != nil {
			return nil, fmt.Errorf("evaluation: %s at %g s: %w", sc.ID, t, err)
		}
		if !ok {
			continue
		}
		rec.Site, rec.Scenario = site, sc.ID
		out = append(out, rec)
	}
	return out, nil
}

// recordedArea returns the corners of the axis-aligned bounding box of
// every state of obstacles, world coordinates.
func recordedArea(obstacles []traj.Obstacle) []geom.Vec2 {
	lo := geom.Vec2{X: math.Inf(1), Y: math.Inf(1)}
	hi := geom.Vec2{X: math.Inf(-1), Y: math.Inf(-1)}
	for _, o := range obstacles {
		for _, s := range o.States {
			lo.X, lo.Y = math.Min(lo.X, s.X), math.Min(lo.Y, s.Y)
			hi.X, hi.Y = math.Max(hi.X, s.X), math.Max(hi.Y, s.Y)
		}
	}
	return []geom.Vec2{lo, {X: hi.X, Y: lo.Y}, hi, {X: lo.X, Y: hi.Y}}
}

// rngFor returns the random source that places the real future among the
// candidates of site, seeded by cfg.Seed and the site name.
func rngFor(cfg StudyConfig, site string) *rand.Rand {
	var h uint64 = 14695981039346656037 // FNV-1a offset basis
	for _, c := range []byte(site) {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return rand.New(rand.NewPCG(cfg.Seed, h))
}

// egoAt returns the ego pose at absolute time t by linear interpolation of
// points, and false outside them.
func egoAt(points []traj.Point, t float64) (traj.EgoState, bool) {
	n := len(points)
	if n == 0 || t < points[0].T-1e-9 || t > points[n-1].T+1e-9 {
		return traj.EgoState{}, false
	}
	k := sort.Search(n, func(i int) bool { return points[i].T >= t-1e-9 })
	if k == 0 || k == n || points[k].T-t <= 1e-9 {
		p := points[min(k, n-1)]
		return traj.EgoState{X: p.X, Y: p.Y, Yaw: p.Yaw, V: p.V}, true
	}
	a, b := points[k-1], points[k]
	u := (t - a.T) / (b.T - a.T)
	return traj.EgoState{
		X:   a.X + u*(b.X-a.X),
		Y:   a.Y + u*(b.Y-a.Y),
		Yaw: traj.WrapAngle(a.Yaw + u*traj.WrapAngle(b.Yaw-a.Yaw)),
		V:   a.V + u*(b.V-a.V),
	}, true
}

// SiteRecords records every scenario of site under root.
func SiteRecords(root, site string, cfg StudyConfig, maxScenarios int) ([]Record, error) {
	files, err := ScenarioFiles(root, site)
	if err != nil {
		return nil, err
	}
	if maxScenarios > 0 && len(files) > maxScenarios {
		files = files[:maxScenarios]
	}
	rng := rngFor(cfg, site)
	var out []Record
	for _, f := range files {
		recs, err := ScenarioRecords(site, f, cfg, rng)
		if err != nil {
			return nil, err
		}
		out = append(out, recs...)
	}
	return out, nil
}
