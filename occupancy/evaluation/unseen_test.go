package evaluation

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/commonroad"
	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/occupancy/energy"
)

func TestLongestCars(t *testing.T) {
	tests := []struct {
		file string
		want []int
	}{
		// Five cars span all 61 time steps, 0 to 60, and the others fewer.
		{"USA_Peach-4_8_T-1.xml", []int{560, 564, 566, 569, 605}},
		// Twelve cars all span steps 0 to 31, so the lowest ids win.
		{"USA_US101-3_3_T-1.xml", []int{363, 376, 387, 388, 394}},
		// Pedestrians and bicycles are left out, and the fifth car spans time
		// steps 55 to 226.
		{"DEU_AachenBendplatz-1_90_T-300.xml", []int{10005, 10006, 10007, 10008, 10011}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			sc, err := commonroad.ParseScenarioFile(shareddata.Path(t, "commonroad/unsolved/"+tc.file))
			require.NoError(t, err)
			assert.Equal(t, tc.want, LongestCars(sc, MaxUnseenEgos))
			assert.Equal(t, tc.want[:2], LongestCars(sc, 2))
		})
	}
}

func TestUnsolvedScenarioRecords(t *testing.T) {
	path := shareddata.Path(t, "commonroad/unsolved/USA_Peach-4_8_T-1.xml")
	cfg := DefaultStudyConfig()
	cfg.MaxCycles = 1
	records, err := UnsolvedScenarioRecords("NGSIM", path, MaxUnseenEgos, cfg, rngFor(cfg, "NGSIM"))
	require.NoError(t, err)
	require.Len(t, records, MaxUnseenEgos, "one cycle per ego")
	for _, r := range records {
		assert.Equal(t, "NGSIM", r.Site)
		assert.Equal(t, "USA_Peach-4_8_T-1", r.Scenario)
		// The scene starts at 0 s, so the first cycle has cfg.Past of history.
		assert.InDelta(t, cfg.Past, r.CycleTime, 1e-9)
		require.Len(t, r.Sources, len(Forecasters())+1)
		assert.Equal(t, NeutralSource, r.Sources[r.Real])
		for h, u := range r.IoU[r.Real] {
			assert.Positive(t, u.Union, "horizon %d: real future is empty", h)
			assert.InDelta(t, 1, u.Value(), 0, "horizon %d: real future against itself", h)
		}
	}
}

func TestEgoRecordsLeavesEgoOut(t *testing.T) {
	sc, err := commonroad.ParseScenarioFile(shareddata.Path(t, "commonroad/unsolved/USA_Peach-4_8_T-1.xml"))
	require.NoError(t, err)
	cfg := DefaultStudyConfig()
	cfg.MaxCycles = 1
	id := LongestCars(sc, 1)[0]
	i := slices.IndexFunc(sc.Obstacles, func(o commonroad.Obstacle) bool { return o.ID == id })
	require.GreaterOrEqual(t, i, 0)
	ego := egoTrajectory(&sc.Obstacles[i], sc.TimeStep())

	without, err := EgoRecords("NGSIM", sc, ego, id, cfg, rngFor(cfg, "NGSIM"))
	require.NoError(t, err)
	with, err := EgoRecords("NGSIM", sc, ego, -1, cfg, rngFor(cfg, "NGSIM"))
	require.NoError(t, err)
	require.Len(t, without, 1)
	require.Len(t, with, 1)
	a, b := without[0], with[0]
	for h := range a.IoU[a.Real] {
		// The ego's footprint at the BEV centre adds cells to the real future.
		assert.Less(t, a.IoU[a.Real][h].Union, b.IoU[b.Real][h].Union, "horizon %d", h)
	}
}

func TestUnsolvedScenarioTooShort(t *testing.T) {
	// The scenario spans 3.1 s, less than the 1 s of history and 3 s of
	// forecast that a cycle needs.
	path := shareddata.Path(t, "commonroad/unsolved/USA_US101-3_3_T-1.xml")
	records, err := UnsolvedScenarioRecords("NGSIM", path, MaxUnseenEgos, DefaultStudyConfig(), rngFor(DefaultStudyConfig(), "NGSIM"))
	require.NoError(t, err)
	assert.Empty(t, records)
}

// TestStudyUnseenSites evaluates the frozen scorer on the unsolved NGSIM and
// inD scenarios. The learned term is trained on every cycle of the three
// recorded sites against the wrong forecasts and applied unchanged.
func TestStudyUnseenSites(t *testing.T) {
	if os.Getenv(studyEnv) == "" {
		t.Skipf("set %s=1 to run the study on the unsolved scenarios", studyEnv)
	}
	recordedRoot := shareddata.Path(t, "commonroad/recorded")
	unsolvedRoot := shareddata.Path(t, "commonroad/unsolved")
	cfg := DefaultStudyConfig()
	began := time.Now()
	var training []Record
	for _, site := range Sites {
		recs, err := SiteRecords(recordedRoot, site, cfg, 0)
		require.NoError(t, err)
		training = append(training, recs...)
	}
	var records []Record
	for _, site := range UnseenSites {
		recs, err := UnseenSiteRecords(unsolvedRoot, site, cfg)
		require.NoError(t, err)
		records = append(records, recs...)
	}
	perScenario := map[string]int{}
	for _, r := range records {
		perScenario[r.Scenario]++
	}
	for _, site := range UnseenSites {
		for _, f := range site.Files {
			t.Logf("%s %s: %d cycles", site.Name, f, perScenario[strings.TrimSuffix(f, ".xml")])
		}
	}
	recorded := time.Since(began)

	hand := Scoring{Name: "dynamics + geometry + map_prior", Hand: HandWeights()}
	t.Logf("\n%s", FormatResults(hand.Name, cfg.Horizons, Evaluate(records, hand, len(cfg.Horizons))))
	t.Logf("%s, by the closest classical forecast's lowest IoU over horizons:\n%s", hand.Name,
		FormatMatchBands(MatchBands(records, hand, MatchEdges), []string{"NGSIM", "inD", "all"}))

	coef, err := Train(training, hand.Hand, BrokenSources(), energy.DefaultTrainConfig())
	require.NoError(t, err)
	learned := map[string][]float64{}
	for _, site := range UnseenSites {
		learned[site.Name] = coef
	}
	name := "dynamics + geometry + map_prior + learned (trained on highD, exiD and SinD against the wrong forecasts)"
	full := Scoring{Name: name, Hand: hand.Hand, Learned: learned}
	t.Logf("\n%s", FormatResults(full.Name, cfg.Horizons, Evaluate(records, full, len(cfg.Horizons))))
	t.Logf("%s, by the closest classical forecast's lowest IoU over horizons:\n%s", full.Name,
		FormatMatchBands(MatchBands(records, full, MatchEdges), []string{"NGSIM", "inD", "all"}))
	t.Logf("learned coefficients: %.3g over %v", coef, PartNames())
	t.Logf("%d training cycles and %d unseen cycles recorded in %v, total %v", len(training), len(records), recorded, time.Since(began))
}
