package eval

import (
	"fmt"
	"io"
	"strings"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/occupancy/evaluation"
)

// DefaultOccupancyHorizons are the IoU horizons of the occupancy report, s.
var DefaultOccupancyHorizons = []float64{1, 2, 3}

// OccupancyReport is the evaluation of occupancy_scorer over several replay
// outputs: one result per bag and their total.
type OccupancyReport struct {
	Horizons  []float64               `json:"horizons_s"`
	Scenarios []evaluation.SiteResult `json:"scenarios"`
	Total     evaluation.SiteResult   `json:"total"`
}

// EvaluateOccupancyBags evaluates each replay output bag; a scenario is
// named by its bag directory.
func EvaluateOccupancyBags(paths []string, topics OccupancyTopics, sc OccupancyScorer, horizons []float64) (OccupancyReport, error) {
	rep := OccupancyReport{Horizons: horizons}
	for _, p := range paths {
		cycles, err := ReadOccupancyCycles(p, topics, sc, horizons)
		if err != nil {
			return rep, err
		}
		if len(cycles) == 0 {
			return rep, fmt.Errorf("eval: %s: no occupancy cycle with forecasts, energies and the real future: import with ebm import commonroad --occupancy=true and replay with --nodes occupancy_scorer", p)
		}
		rep.Scenarios = append(rep.Scenarios, OccupancyResult(scenarioName(p), cycles, len(horizons)))
	}
	rep.Total = MergeOccupancyResults("all", rep.Scenarios, len(horizons))
	return rep, nil
}

// BagHasTopic reports whether the bag at path declares topic.
func BagHasTopic(path, topic string) (bool, error) {
	r, err := bag.Open(path, bag.ReaderOptions{})
	if err != nil {
		return false, err
	}
	defer r.Close()
	return declaresTopic(r, topic), nil
}

// WriteMarkdown writes the report in the layout of the occupancy study.
// The study's first column names a site, and here it names a replay
// output, so the column is headed run.
func (r OccupancyReport) WriteMarkdown(w io.Writer) {
	results := append(append([]evaluation.SiteResult(nil), r.Scenarios...), r.Total)
	md := evaluation.FormatResults("occupancy_scorer", r.Horizons, results)
	fmt.Fprint(w, strings.Replace(md, "\n| site |", "\n| run |", 1))
}

// WriteFiles writes the report as occupancy_report.json and
// occupancy_report.md into dir.
func (r OccupancyReport) WriteFiles(dir string) error {
	return writeReport(dir, "occupancy_report", r, r.WriteMarkdown)
}
