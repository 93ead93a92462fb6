package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/internal/shareddata"
)

// TestEvalReportsEachNodeInTheBags imports three cycles of a recorded SinD
// scene, replays them through occupancy_scorer alone and through both
// nodes, and checks that ebm eval writes the report of each node whose
// outputs a bag holds.
func TestEvalReportsEachNodeInTheBags(t *testing.T) {
	scenario := shareddata.Path(t, "commonroad/recorded/SinD/CHN_SIND-831_150_T-225.cr.xml")
	solution := shareddata.Path(t, "commonroad/recorded/SinD/CHN_SIND-831_150_T-225.solution.xml")
	dir := t.TempDir()
	ctx := context.Background()
	input := filepath.Join(dir, "input")
	require.NoError(t, runImport(ctx, []string{"commonroad", scenario, "--solution", solution, "--max-cycles", "3", "-o", input}))

	occupancyOnly := filepath.Join(dir, "occupancy")
	require.NoError(t, runReplay(ctx, []string{input, "-o", occupancyOnly, "--nodes", "occupancy_scorer"}))
	reports := filepath.Join(dir, "reports-occupancy")
	require.NoError(t, runEval(ctx, []string{occupancyOnly, "-o", reports}))
	assert.FileExists(t, filepath.Join(reports, "occupancy_report.md"))
	assert.NoFileExists(t, filepath.Join(reports, "report.md"), "the bag holds no planner_ebm output")
	md, err := os.ReadFile(filepath.Join(reports, "occupancy_report.md"))
	require.NoError(t, err)
	assert.Contains(t, string(md), "| run | steps |", "the first column names the replay output")
	assert.Contains(t, string(md), "| occupancy | 3 |", "three scored cycles of the bag named occupancy")
	assert.Contains(t, string(md), "| method | IoU@1s | IoU@2s | IoU@3s | mean |")

	both := filepath.Join(dir, "both")
	require.NoError(t, runReplay(ctx, []string{input, "-o", both, "--nodes", "planner_ebm,occupancy_scorer"}))
	reports = filepath.Join(dir, "reports-both")
	require.NoError(t, runEval(ctx, []string{both, "-o", reports}))
	assert.FileExists(t, filepath.Join(reports, "report.md"))
	assert.FileExists(t, filepath.Join(reports, "occupancy_report.json"))
	assert.NoFileExists(t, filepath.Join(reports, "fusion_report.md"), "the bag holds no fusion_monitor output")
	md, err = os.ReadFile(filepath.Join(reports, "report.md"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(md), "### planner_ebm\n"), "report.md starts with its heading")

	err = runEval(ctx, []string{input})
	require.Error(t, err, "an imported bag has no node output")
	for _, topic := range []string{"/planner_ebm/energies", "/occupancy_scorer/energies", "/fusion_monitor/fusion_diagnostics"} {
		assert.Contains(t, err.Error(), topic)
	}
	assert.Contains(t, err.Error(), "ebm replay")
}

// TestEvalReportsFusionMonitor imports the two KITTI object frames,
// replays them through fusion_monitor alone and checks that ebm eval
// writes only the fusion report.
func TestEvalReportsFusionMonitor(t *testing.T) {
	frames := shareddata.Path(t, "kitti/object/training")
	dir := t.TempDir()
	ctx := context.Background()
	input := filepath.Join(dir, "input")
	require.NoError(t, runImport(ctx, []string{"kitti", frames, "-o", input}))
	run := filepath.Join(dir, "kitti")
	// A loaded machine may exceed the per-frame budget, which would turn OK
	// into WARN.
	require.NoError(t, runReplay(ctx, []string{input, "-o", run, "--nodes", "fusion_monitor", "-p", "cycle_budget:=60.0"}))

	reports := filepath.Join(dir, "reports")
	require.NoError(t, runEval(ctx, []string{run, "-o", reports}))
	assert.FileExists(t, filepath.Join(reports, "fusion_report.json"))
	assert.NoFileExists(t, filepath.Join(reports, "report.md"), "the bag holds no planner_ebm output")
	assert.NoFileExists(t, filepath.Join(reports, "occupancy_report.md"), "the bag holds no occupancy_scorer output")
	md, err := os.ReadFile(filepath.Join(reports, "fusion_report.md"))
	require.NoError(t, err)
	assert.Contains(t, string(md), "| kitti | 2 | 2 | 0 | 0 | 0 |\n", "two frames at OK")
}
