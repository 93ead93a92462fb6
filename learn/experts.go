package learn

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ebm-av/ebm_av/commonroad"
	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/sampler"
	"github.com/ebm-av/ebm_av/traj"
)

// Sites are the recorded sites, the unit of every split: the scenarios of
// one site are consecutive windows of a single recording, so splitting
// inside a site leaks.
var Sites = []string{"highD", "exiD", "SinD"}

// ExpertOptions selects the experts of a site and the cycles built for them.
type ExpertOptions struct {
	ExpertSelection
	// Importer configures cycle building (sampler, BEV frame, predictions);
	// its EgoID, CyclePeriod, MaxCycles and MinHumanFuture are set from the
	// selection.
	Importer importer.CommonRoadOptions
}

// ExpertSelection selects the experts and cycles of a scenario. A dataset
// stores it so that evaluation draws cycles the same way.
type ExpertSelection struct {
	// MaxExperts caps the experts drawn per scenario. Default 12.
	MaxExperts int
	// MinFuture is the shortest recorded track an expert needs, s, and the
	// shortest human future of a cycle. Default 3.
	MinFuture float64
	// MinSpeed is the lowest mean speed of an expert, m/s; parked vehicles
	// demonstrate nothing. Default 1.
	MinSpeed float64
	// CyclePeriod is the time between the cycles of one expert, s.
	// Default 2.
	CyclePeriod float64
	// MaxCycles caps the cycles per expert. Default 4.
	MaxCycles int
	// Seed fixes the draw of experts.
	Seed uint64
}

func (o *ExpertSelection) defaults() {
	if o.MaxExperts == 0 {
		o.MaxExperts = 12
	}
	if o.MinFuture == 0 {
		o.MinFuture = 3
	}
	if o.MinSpeed == 0 {
		o.MinSpeed = 1
	}
	if o.CyclePeriod == 0 {
		o.CyclePeriod = 2
	}
	if o.MaxCycles == 0 {
		o.MaxCycles = 4
	}
}

// Sample is one planning cycle with a recorded vehicle as the ego.
type Sample struct {
	Site, Scenario string
	Expert         int // obstacle id of the recorded vehicle driving the ego
	importer.Cycle
}

// ScenarioFiles returns the scenario files of a site directory, sorted by
// name, or an error when there are none.
func ScenarioFiles(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.cr.xml"))
	if err != nil {
		return nil, fmt.Errorf("learn: %s: %w", dir, err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("learn: no *.cr.xml scenarios in %s: pass the directory of one recorded site", dir)
	}
	sort.Strings(files)
	return files, nil
}

// LoadScenario builds the expert cycles of one scenario file.
func LoadScenario(site, path string, opts ExpertOptions) ([]Sample, error) {
	opts.defaults()
	sc, err := commonroad.ParseScenarioFile(path)
	if err != nil {
		return nil, err
	}
	importOpts := opts.Importer
	importOpts.CyclePeriod, importOpts.MaxCycles, importOpts.MinHumanFuture = opts.CyclePeriod, opts.MaxCycles, opts.MinFuture
	dt, err := importer.UsedTimeStep(sc, importOpts)
	if err != nil {
		return nil, err
	}
	smp, err := sampler.New(importOpts.Sampler)
	if err != nil {
		return nil, fmt.Errorf("learn: %w", err)
	}
	name := strings.TrimSuffix(filepath.Base(path), ".cr.xml")
	var out []Sample
	for _, id := range drawExperts(sc, dt, opts) {
		importOpts.EgoID = id
		cycles, err := importer.ExpertCycles(sc, smp, importOpts)
		if err != nil {
			return nil, err
		}
		for _, c := range cycles {
			out = append(out, Sample{Site: site, Scenario: name, Expert: id, Cycle: c})
		}
	}
	return out, nil
}

// drawExperts returns up to opts.MaxExperts ids of moving road vehicles with
// a rectangle shape and at least opts.MinFuture s of track, in a random
// order fixed by opts.Seed and the scenario id.
func drawExperts(sc *commonroad.Scenario, dt float64, opts ExpertOptions) []int {
	var ids []int
	for i := range sc.Obstacles {
		o := &sc.Obstacles[i]
		switch o.Type {
		case "car", "truck", "bus", "taxi":
		default:
			continue
		}
		if o.Static || o.Shape != traj.Rectangle || len(o.States) < 2 {
			continue
		}
		t := o.Traj(dt)
		d := t.States[len(t.States)-1].T - t.States[0].T
		if d < opts.MinFuture+1e-9 {
			continue
		}
		var speed float64
		for _, s := range t.States {
			speed += s.V
		}
		if speed/float64(len(t.States)) < opts.MinSpeed {
			continue
		}
		ids = append(ids, o.ID)
	}
	var h uint64 = 14695981039346656037
	for _, b := range []byte(sc.ID) {
		h = (h ^ uint64(b)) * 1099511628211
	}
	rng := rand.New(rand.NewPCG(opts.Seed, h))
	rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	if len(ids) > opts.MaxExperts {
		ids = ids[:opts.MaxExperts]
	}
	return ids
}

// siteDir returns the directory of site under the recorded data root.
func siteDir(root, site string) (string, error) {
	dir := filepath.Join(root, site)
	if _, err := os.Stat(dir); err != nil {
		return "", fmt.Errorf("learn: site %s: %w: pass the directory holding %s", site, err, strings.Join(Sites, ", "))
	}
	return dir, nil
}
