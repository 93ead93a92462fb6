package evaluation

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// iou returns an IoU accumulator with the given value over 100 cells.
func iou(v float64) IoU { return IoU{Intersection: 100 * v, Union: 100} }

// matchRecord builds a record with copy_last, constant_velocity, the real
// future and a shifted forecast, with per-horizon IoUs against the real
// future and one energy part per candidate.
func matchRecord(site string, copyLast, constantVelocity []IoU, energies [4]float64) Record {
	return Record{
		Site:    site,
		Sources: []string{"copy_last", "constant_velocity", NeutralSource, "shifted"},
		Real:    2,
		Parts:   [][]float64{{energies[0]}, {energies[1]}, {energies[2]}, {energies[3]}},
		IoU:     [][]IoU{copyLast, constantVelocity, {iou(1), iou(1)}, {iou(0), iou(0)}},
	}
}

func TestClassicalMatch(t *testing.T) {
	tests := []struct {
		name             string
		copyLast         []IoU
		constantVelocity []IoU
		want             float64
	}{
		{"best classical by worst horizon", []IoU{iou(0.9), iou(0.5)}, []IoU{iou(0.8), iou(0.7)}, 0.7},
		{"empty union skipped", []IoU{iou(0.4), {}}, []IoU{iou(0.3), iou(0.2)}, 0.4},
		{"nothing comparable", []IoU{{}, {}}, []IoU{{}, {}}, math.NaN()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := matchRecord("highD", tc.copyLast, tc.constantVelocity, [4]float64{})
			got := ClassicalMatch(&r)
			if math.IsNaN(tc.want) {
				assert.True(t, math.IsNaN(got), "got %v", got)
				return
			}
			assert.InDelta(t, tc.want, got, 1e-12)
		})
	}
}

func TestMatchBandsCountsTop1(t *testing.T) {
	s := Scoring{Hand: []float64{1}}
	records := []Record{
		// Match 0.95, real future strictly lowest: first.
		matchRecord("highD", []IoU{iou(0.95), iou(0.95)}, []IoU{iou(0.1), iou(0.1)}, [4]float64{2, 3, 1, 5}),
		// Match 0.95, tied with copy_last: not first.
		matchRecord("highD", []IoU{iou(0.95), iou(0.95)}, []IoU{iou(0.1), iou(0.1)}, [4]float64{1, 3, 1, 5}),
		// Match 0.3, first.
		matchRecord("SinD", []IoU{iou(0.3), iou(0.3)}, []IoU{iou(0.2), iou(0.2)}, [4]float64{2, 3, 1, 5}),
		// Match exactly 1 falls in the last band.
		matchRecord("SinD", []IoU{iou(1), iou(1)}, []IoU{iou(0.2), iou(0.2)}, [4]float64{2, 3, 1, 5}),
	}
	bands := MatchBands(records, s, []float64{0, 0.9, 1})
	require.Len(t, bands["all"], 2)
	assert.Equal(t, MatchBand{Low: 0, High: 0.9, Steps: 1, Top1: 1}, bands["all"][0])
	assert.Equal(t, MatchBand{Low: 0.9, High: 1, Steps: 3, Top1: 2}, bands["all"][1])
	assert.Equal(t, MatchBand{Low: 0.9, High: 1, Steps: 2, Top1: 1}, bands["highD"][1])
	assert.Equal(t, 0, bands["highD"][0].Steps)

	table := FormatMatchBands(bands, []string{"highD", "SinD", "all"})
	assert.Contains(t, table, "| highD | 0 (0.0 %), — | 2 (100.0 %), 50.0 % |")
	assert.Contains(t, table, "| all | 1 (25.0 %), 100.0 % | 3 (75.0 %), 66.7 % |")
	assert.Equal(t, 5, strings.Count(table, "\n"))
}
