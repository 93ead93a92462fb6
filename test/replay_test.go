package test

import (
	"context"
	"encoding/json"
	"flag"
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
	"github.com/ebm-av/ebm_av/plannernode"
	"github.com/ebm-av/ebm_av/replay"
	"github.com/ebm-av/ebm_av/test/mcapcheck"
)

var update = flag.Bool("update", false, "rewrite the expected evaluation files in testdata")

// One scenario per site: motorway, motorway merge and urban intersection.
var siteScenarios = []string{
	"commonroad/recorded/highD/DEU_LocationAUpper26-1_2675_T-150",
	"commonroad/recorded/exiD/DEU_AachenBrand-1_431052_T-1127",
	"commonroad/recorded/SinD/CHN_SIND-831_150_T-225",
}

// importAndReplay imports a recorded scenario with its solution, replays it
// through planner_ebm and returns the replay output directory.
func importAndReplay(t *testing.T, rel, dir string) string {
	base := shareddata.Path(t, rel+".cr.xml")
	name := filepath.Base(rel)
	writer := bag.WriterOptions{Chunked: true, Compression: bag.CompressionZstd}
	input := filepath.Join(dir, "input", name)
	require.NoError(t, os.MkdirAll(filepath.Dir(input), 0o755))
	_, err := importer.ImportCommonRoad(base, input, importer.CommonRoadOptions{
		Solution: strings.TrimSuffix(base, ".cr.xml") + ".solution.xml", Writer: writer,
	})
	require.NoError(t, err)
	output := filepath.Join(dir, "replay", name)
	require.NoError(t, os.MkdirAll(filepath.Dir(output), 0o755))
	sum, err := replay.Run(context.Background(), replay.Options{
		Inputs: []string{input}, Output: output, Writer: writer,
		Nodes: []replay.NodeSpec{{Name: plannernode.NodeName, Start: plannernode.Start}},
	})
	require.NoError(t, err)
	assert.Empty(t, sum.Rejected, "no input of an imported bag may be rejected")
	assert.Empty(t, sum.UnknownTypes)
	return output
}

func TestReplayEvalPerSite(t *testing.T) {
	dir := t.TempDir()
	var outputs []string
	for _, rel := range siteScenarios {
		outputs = append(outputs, importAndReplay(t, rel, dir))
	}
	rep, err := eval.EvaluatePlannerBags(outputs, eval.DefaultPlannerTopics)
	require.NoError(t, err)
	var table strings.Builder
	rep.WriteMarkdown(&table)
	t.Logf("evaluation:\n%s", table.String())

	for _, m := range rep.Scenarios {
		assert.Positive(t, m.CyclesWithHuman, m.Scenario)
		assert.Equal(t, m.Cycles, m.LatencySamples, "%s: every cycle reports its latency", m.Scenario)
	}

	// Foxglove's readers open both the imported and the replayed bags.
	for _, out := range outputs {
		mcapcheck.Run(t, filepath.Join(out, filepath.Base(out)+"_0.mcap"))
	}
	in := filepath.Join(dir, "input", filepath.Base(outputs[0]))
	mcapcheck.Run(t, filepath.Join(in, filepath.Base(in)+"_0.mcap"))

	checkExpected(t, rep.Scenarios[0], filepath.Join("testdata", "eval_"+rep.Scenarios[0].Scenario+".json"))
}

// checkExpected compares the deterministic metrics of m with the committed
// expected values. Latencies depend on the machine and are not compared.
func checkExpected(t *testing.T, m eval.PlannerMetrics, file string) {
	m.LatencyP50, m.LatencyP99, m.LatencyPerCandNs = 0, 0, 0
	if *update {
		js, err := json.MarshalIndent(m, "", "  ")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(file, append(js, '\n'), 0o644))
		t.Logf("wrote %s", file)
	}
	data, err := os.ReadFile(file)
	require.NoError(t, err, "run go test ./test -run PerSite -update to create it")
	var want eval.PlannerMetrics
	require.NoError(t, json.Unmarshal(data, &want))
	assert.Equal(t, want.Cycles, m.Cycles)
	assert.Equal(t, want.CyclesWithHuman, m.CyclesWithHuman)
	assert.InDelta(t, want.Top1, m.Top1, 1e-9)
	assert.InDelta(t, want.Top5, m.Top5, 1e-9)
	assert.InDelta(t, want.ADE, m.ADE, 1e-6)
	assert.InDelta(t, want.FDE, m.FDE, 1e-6)
	assert.InDelta(t, want.Horizon, m.Horizon, 1e-9)
	assert.InDelta(t, want.CollisionGateOn, m.CollisionGateOn, 1e-9)
	assert.InDelta(t, want.CollisionGateOff, m.CollisionGateOff, 1e-9)
	assert.InDelta(t, want.EnergyGap, m.EnergyGap, 1e-6*max(1, abs(want.EnergyGap)))
	assert.InDelta(t, want.FallbackRate, m.FallbackRate, 1e-9)
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
