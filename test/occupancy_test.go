package test

import (
	"context"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/eval"
	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/occupancy/evaluation"
	"github.com/ebm-av/ebm_av/occupancynode"
	"github.com/ebm-av/ebm_av/replay"
)

// occupancyStudyEnv runs the occupancy pipeline over every recorded
// scenario instead of a few cycles of one scenario per site.
const occupancyStudyEnv = "EBM_AV_OCCUPANCY_STUDY"

// occupancyParamsEnv names a parameter file for occupancy_scorer in place
// of config/occupancy_scorer.yaml, for example one that sets
// energy.learned.coefficients_file. The comparison with the hand-weighted
// study is then left out.
const occupancyParamsEnv = "EBM_AV_OCCUPANCY_PARAMS"

// importAndReplayOccupancy imports the scenario at rel (without extension)
// with occupancy data, replays it through occupancy_scorer and returns the
// replay output directory with the import summary. maxCycles 0 imports
// every cycle.
func importAndReplayOccupancy(t *testing.T, rel, dir, params string, maxCycles int) (string, importer.CommonRoadSummary) {
	base := shareddata.Path(t, rel+".cr.xml")
	name := filepath.Base(rel)
	writer := bag.WriterOptions{Chunked: true, Compression: bag.CompressionZstd}
	input := filepath.Join(dir, "input", name)
	require.NoError(t, os.MkdirAll(filepath.Dir(input), 0o755))
	sum, err := importer.ImportCommonRoad(base, input, importer.CommonRoadOptions{
		Solution: strings.TrimSuffix(base, ".cr.xml") + ".solution.xml", Writer: writer,
		MaxCycles: maxCycles, Occupancy: true,
	})
	require.NoError(t, err)
	output := filepath.Join(dir, "replay", name)
	require.NoError(t, os.MkdirAll(filepath.Dir(output), 0o755))
	if sum.OccupancyCycles == 0 {
		return "", sum
	}
	rs, err := replay.Run(context.Background(), replay.Options{
		Inputs: []string{input}, Output: output, Writer: writer,
		Nodes: []replay.NodeSpec{{Name: occupancynode.NodeName, Start: occupancynode.Start, Args: node.Args{ParamFiles: []string{params}}}},
	})
	require.NoError(t, err)
	assert.Empty(t, rs.Rejected, "no input of an imported bag may be rejected")
	assert.Equal(t, sum.OccupancyCycles, rs.Outputs["/occupancy_scorer/energies"], "every occupancy cycle is scored")
	assert.Equal(t, sum.OccupancyCycles, rs.Outputs["/occupancy_scorer/energy_map"])
	// The input bag is no longer needed; keep the disk use of a full run bounded.
	require.NoError(t, os.RemoveAll(input))
	return output, sum
}

func TestOccupancyPipelinePerSite(t *testing.T) {
	dir := t.TempDir()
	params, custom := os.LookupEnv(occupancyParamsEnv)
	if !custom {
		params = "../config/occupancy_scorer.yaml"
	}
	sc, err := eval.NewOccupancyScorer(params)
	require.NoError(t, err)
	horizons := eval.DefaultOccupancyHorizons

	scenarios := map[string][]string{}
	maxCycles := 4
	if os.Getenv(occupancyStudyEnv) != "" {
		maxCycles = 0
		root := shareddata.Path(t, "commonroad/recorded")
		for _, site := range evaluation.Sites {
			files, err := evaluation.ScenarioFiles(root, site)
			require.NoError(t, err)
			for _, f := range files {
				rel, err := filepath.Rel(filepath.Dir(root), strings.TrimSuffix(f, ".cr.xml"))
				require.NoError(t, err)
				scenarios[site] = append(scenarios[site], "commonroad/"+rel)
			}
		}
	} else {
		for i, site := range evaluation.Sites {
			scenarios[site] = []string{siteScenarios[i]}
		}
	}

	var results []evaluation.SiteResult
	compared := 0 // cycles whose energies were compared with the study
	for _, site := range evaluation.Sites {
		var perScenario []evaluation.SiteResult
		for _, rel := range scenarios[site] {
			out, sum := importAndReplayOccupancy(t, rel, dir, params, maxCycles)
			if out == "" {
				t.Logf("%s: no cycle with 1 s of scene before and 3 s after it", rel)
				continue
			}
			cycles, err := eval.ReadOccupancyCycles(out, eval.DefaultOccupancyTopics, sc, horizons)
			require.NoError(t, err, "the evaluation's energies must match the node's")
			// The study steps obstacles at the measured time step, the importer
			// at the declared one unless they differ by more than 10 %. A
			// difference of a few µs per step moves the rasterised boxes by
			// sub-sample amounts, which changes blob-based energies.
			switch {
			case custom:
				t.Logf("%s: scored with %s, energies not compared with the hand-weighted study", filepath.Base(rel), params)
			case testing.Short() && compared > 0:
				// Recording the study's cycles costs seconds per scenario.
			case sum.UsedTimeStep == sum.MeasuredTimeStep:
				compared += compareWithLibrary(t, site, rel, cycles)
			default:
				t.Logf("%s: imported at the declared time step %g s, the study uses the measured %g s: energies not compared",
					filepath.Base(rel), sum.UsedTimeStep, sum.MeasuredTimeStep)
			}
			perScenario = append(perScenario, eval.OccupancyResult(filepath.Base(rel), cycles, len(horizons)))
			require.NoError(t, os.RemoveAll(out))
		}
		require.NotEmpty(t, perScenario, site)
		results = append(results, eval.MergeOccupancyResults(site, perScenario, len(horizons)))
	}
	total := eval.MergeOccupancyResults("all", results, len(horizons))
	t.Logf("%d of %d cycles compared with the study's energies", compared, total.Steps)
	if !custom {
		assert.Positive(t, compared, "some replayed cycles are cycles of the study")
	}
	results = append(results, total)
	t.Logf("\n%s", evaluation.FormatResults("occupancy_scorer over replayed bags", horizons, results))

	assert.GreaterOrEqual(t, float64(total.AheadOfWrong), 0.5*float64(total.Steps),
		"the real future has lower energy than every wrong forecast in at least half the cycles")
	for h := range horizons {
		assert.Greater(t, total.Selected[h].Value(), total.CopyLast[h].Value(),
			"the selected forecast beats copy-and-paste at %g s", horizons[h])
	}
}

// compareWithLibrary checks that the node's energies of every replayed
// cycle equal those of the occupancy study (package occupancy/evaluation)
// at the same cycle time, forecast by forecast, and that the real future's
// energy from eval equals the study's. It returns the number of cycles
// compared. The importer starts cycles at the first ego state, the study
// 1 s after the first obstacle state, so their cycle times can differ.
func compareWithLibrary(t *testing.T, site, rel string, cycles []eval.OccupancyCycle) int {
	t.Helper()
	cfg := evaluation.DefaultStudyConfig()
	records, err := evaluation.ScenarioRecords(site, shareddata.Path(t, rel+".cr.xml"), cfg, rand.New(rand.NewPCG(1, 2)))
	require.NoError(t, err)
	scoring := evaluation.Scoring{Hand: evaluation.HandWeights()}
	byTime := map[int64]*evaluation.Record{}
	for i := range records {
		byTime[int64(math.Round(records[i].CycleTime*1e3))] = &records[i]
	}
	matched := 0
	for _, c := range cycles {
		at := float64(c.Stamp-importer.DefaultStartTime) * 1e-9
		rec, ok := byTime[int64(math.Round(at*1e3))]
		if !ok {
			t.Logf("%s: cycle at %.3f s is not a cycle of the study", filepath.Base(rel), at)
			continue
		}
		matched++
		want := scoring.Energies(rec)
		for k, src := range c.Sources {
			j := rec.SourceIndex(src)
			require.GreaterOrEqual(t, j, 0, "source %s", src)
			assert.InDelta(t, want[j], c.Energies[k], 1e-6*math.Max(1, math.Abs(want[j])),
				"%s at %.3f s: energy of %s", filepath.Base(rel), at, src)
		}
	}
	return matched
}
