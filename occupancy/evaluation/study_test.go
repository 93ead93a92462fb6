package evaluation

import (
	"os"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/occupancy/energy"
)

// studyEnv enables the full study over every recorded scenario.
const studyEnv = "EBM_AV_OCCUPANCY_STUDY"

// TestStudyAllSites runs the whole protocol: every recorded scenario, a
// cycle every second, the hand-weighted scorer and the scorer with the
// learned term trained on the other sites only. It took about 60 s for 338
// cycles on a shared 2-core machine.
func TestStudyAllSites(t *testing.T) {
	if os.Getenv(studyEnv) == "" {
		t.Skipf("set %s=1 to run the study over all recorded scenarios", studyEnv)
	}
	root := shareddata.Path(t, "commonroad/recorded")
	cfg := DefaultStudyConfig()
	began := time.Now()
	var records []Record
	for _, site := range Sites {
		recs, err := SiteRecords(root, site, cfg, 0)
		require.NoError(t, err)
		records = append(records, recs...)
	}
	recorded := time.Since(began)

	hand := Scoring{Name: "dynamics + geometry + map_prior", Hand: HandWeights()}
	t.Logf("\n%s", FormatResults(hand.Name, cfg.Horizons, Evaluate(records, hand, len(cfg.Horizons))))
	t.Logf("%s, by the closest classical forecast's lowest IoU over horizons:\n%s", hand.Name,
		FormatMatchBands(MatchBands(records, hand, MatchEdges), append(slices.Clone(Sites), "all")))

	for _, negatives := range []struct {
		name    string
		sources []string
	}{{"wrong forecasts", BrokenSources()}, {"all forecasts", AllSources()}} {
		learned, err := TrainHeldOut(records, hand.Hand, negatives.sources, energy.DefaultTrainConfig())
		require.NoError(t, err)
		name := "dynamics + geometry + map_prior + learned (trained on the other sites against " + negatives.name + ")"
		full := Scoring{Name: name, Hand: hand.Hand, Learned: learned}
		t.Logf("\n%s", FormatResults(full.Name, cfg.Horizons, Evaluate(records, full, len(cfg.Horizons))))
		t.Logf("%s, by the closest classical forecast's lowest IoU over horizons:\n%s", full.Name,
			FormatMatchBands(MatchBands(records, full, MatchEdges), append(slices.Clone(Sites), "all")))
		for _, site := range Sites {
			t.Logf("learned coefficients for held-out %s: %.3g over %v", site, learned[site], PartNames())
		}
	}
	t.Logf("%d cycles recorded in %v, total %v", len(records), recorded, time.Since(began))
}
