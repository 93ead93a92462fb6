package main

import (
	"context"
	"os"
	"path/filepath"
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
	assert.Contains(t, string(md), "| occupancy | 3 |", "three scored cycles of the bag named occupancy")
	assert.Contains(t, string(md), "| method | IoU@1s | IoU@2s | IoU@3s | mean |")

	both := filepath.Join(dir, "both")
	require.NoError(t, runReplay(ctx, []string{input, "-o", both, "--nodes", "planner_ebm,occupancy_scorer"}))
	reports = filepath.Join(dir, "reports-both")
	require.NoError(t, runEval(ctx, []string{both, "-o", reports}))
	assert.FileExists(t, filepath.Join(reports, "report.md"))
	assert.FileExists(t, filepath.Join(reports, "occupancy_report.json"))

	err = runEval(ctx, []string{input})
	require.Error(t, err, "an imported bag has no node output")
	assert.Contains(t, err.Error(), "/occupancy_scorer/energies")
}
