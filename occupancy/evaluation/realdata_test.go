package evaluation

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/internal/shareddata"
)

// reducedRecords records up to four cycles of each of the first two
// scenarios of every site.
func reducedRecords(t *testing.T) []Record {
	t.Helper()
	root := shareddata.Path(t, "commonroad/recorded")
	cfg := DefaultStudyConfig()
	cfg.MaxCycles = 4
	var records []Record
	for _, site := range Sites {
		files, err := ScenarioFiles(root, site)
		require.NoError(t, err)
		for _, f := range files[:2] {
			recs, err := ScenarioRecords(site, f, cfg, rngFor(cfg, site))
			require.NoError(t, err, filepath.Base(f))
			records = append(records, recs...)
		}
	}
	return records
}

// TestRealFutureBeatsWrongForecasts checks on real recorded traffic that
// the real future has at most the mean energy of the candidates and beats
// the deliberately wrong forecasts in most cycles.
func TestRealFutureBeatsWrongForecasts(t *testing.T) {
	records := reducedRecords(t)
	scoring := Scoring{Hand: HandWeights()}
	broken := BrokenSources()
	beatsAllWrong, first := 0, 0
	for i := range records {
		r := &records[i]
		e := scoring.Energies(r)
		ahead := true
		for k, src := range r.Sources {
			if slices.Contains(broken, src) && e[k] <= e[r.Real] {
				ahead = false
				t.Logf("%s at %.1f s: %s (%.2f) ≤ real future (%.2f)", r.Scenario, r.CycleTime, src, e[k], e[r.Real])
			}
		}
		if ahead {
			beatsAllWrong++
		}
		if Rank(e, r.Real) == 1 {
			first++
		}
		assert.GreaterOrEqual(t, Gap(e, r.Real), 0.0, "%s at %.1f s: real future above the mean energy", r.Scenario, r.CycleTime)
	}
	t.Logf("%d cycles: real future ahead of every wrong forecast in %d, first of all in %d", len(records), beatsAllWrong, first)
	// NOTE: over all 338 cycles of the full study the real future is ahead of
	// every wrong forecast in 88 % of cycles. This reduced set measured 11 of
	// 16, and some misses are highD cycles where every candidate has zero
	// energy.
	assert.GreaterOrEqual(t, float64(beatsAllWrong), 0.6*float64(len(records)))
}

func TestSelectedBeatsCopyLastOnReducedSet(t *testing.T) {
	records := reducedRecords(t)
	results := Evaluate(records, Scoring{Hand: HandWeights()}, 3)
	all := results[len(results)-1]
	require.Equal(t, "all", all.Site)
	for h := range all.Selected {
		assert.Greater(t, all.Selected[h].Value(), all.CopyLast[h].Value(), "horizon %d", h)
	}
}
