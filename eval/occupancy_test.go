package eval

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ebm-av/ebm_av/occupancy/evaluation"
)

func iou(i, u float64) []evaluation.IoU { return []evaluation.IoU{{Intersection: i, Union: u}} }

func TestOccupancyResultCounts(t *testing.T) {
	sources := []string{"copy_last", "constant_velocity", "vanishing", evaluation.NeutralSource}
	cycles := []OccupancyCycle{
		// Real future first: selected constant_velocity.
		{Sources: sources, Energies: []float64{5, 2, 9, 1}, IoU: [][]evaluation.IoU{iou(1, 4), iou(3, 4), iou(0, 4), iou(4, 4)}},
		// Real future tied with constant_velocity: a tie counts against it.
		{Sources: sources, Energies: []float64{5, 1, 9, 1}, IoU: [][]evaluation.IoU{iou(2, 4), iou(2, 4), iou(0, 4), iou(4, 4)}},
		// Real future behind vanishing, a wrong forecast, which is selected.
		{Sources: sources, Energies: []float64{5, 4, 0, 3}, IoU: [][]evaluation.IoU{iou(0, 2), iou(1, 2), iou(0, 2), iou(2, 2)}},
	}
	r := OccupancyResult("scene", cycles, 1)
	assert.Equal(t, 3, r.Steps)
	assert.Equal(t, 1, r.Top1)
	assert.Equal(t, 1, r.TiedTop1)
	assert.Equal(t, 2, r.AheadOfWrong)
	assert.InDelta(t, (16.0/3-1)+(15.0/3-1)+(9.0/3-3), r.GapSum, 1e-12)
	assert.Equal(t, map[string]int{"constant_velocity": 2, "vanishing": 1}, r.Picks)
	assert.InDelta(t, (3.0+2+0)/(4+4+2), r.Selected[0].Value(), 1e-12)
	assert.InDelta(t, (1.0+2+0)/(4+4+2), r.CopyLast[0].Value(), 1e-12)

	total := MergeOccupancyResults("all", []evaluation.SiteResult{r, r}, 1)
	assert.Equal(t, 6, total.Steps)
	assert.Equal(t, 2, total.Top1)
	assert.Equal(t, 4, total.Picks["constant_velocity"])
	assert.InDelta(t, r.Selected[0].Value(), total.Selected[0].Value(), 1e-12)
}

func TestOccupancyMarkdownNamesRuns(t *testing.T) {
	r := OccupancyResult("highd", []OccupancyCycle{{
		Sources:  []string{"copy_last", evaluation.NeutralSource},
		Energies: []float64{2, 1},
		IoU:      [][]evaluation.IoU{iou(1, 2), iou(2, 2)},
	}}, 1)
	rep := OccupancyReport{Horizons: []float64{1}, Scenarios: []evaluation.SiteResult{r}, Total: MergeOccupancyResults("all", []evaluation.SiteResult{r}, 1)}
	var b strings.Builder
	rep.WriteMarkdown(&b)
	assert.Contains(t, b.String(), "\n| run | steps |", "the first column names the replay output")
	assert.NotContains(t, b.String(), "| site |")
	assert.Contains(t, b.String(), "\n| highd | 1 |")
}
