package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/internal/shareddata"
)

// TestLaunchAllNodesOnRecordedData runs ebm.launch.xml with all three nodes
// over a recorded highD scenario (planner and occupancy inputs) and the
// KITTI object split (fusion inputs), each imported to its own bag.
func TestLaunchAllNodesOnRecordedData(t *testing.T) {
	if testing.Short() {
		t.Skip("imports two recorded data sets")
	}
	scenario := shareddata.Path(t, "commonroad/recorded/highD/DEU_LocationAUpper26-1_2675_T-150.cr.xml")
	solution := shareddata.Path(t, "commonroad/recorded/highD/DEU_LocationAUpper26-1_2675_T-150.solution.xml")
	kitti := shareddata.Path(t, "kitti/object/training")
	dir := t.TempDir()
	ctx := context.Background()
	highD, kittiBag, out := filepath.Join(dir, "highd"), filepath.Join(dir, "kitti"), filepath.Join(dir, "out")
	require.NoError(t, runImport(ctx, []string{"commonroad", scenario, "--solution", solution, "--max-cycles", "5", "-o", highD}))
	require.NoError(t, runImport(ctx, []string{"kitti", kitti, "-o", kittiBag}))

	require.NoError(t, runLaunch(ctx, []string{"../../launch/ebm.launch.xml", "--bag", highD, "--bag", kittiBag, "-o", out}))
	counts := countMessages(t, out)
	assert.Equal(t, 5, counts["/planner_ebm/energies"], "one planning cycle per imported cycle")
	assert.Positive(t, counts["/occupancy_scorer/energies"], "occupancy_scorer scored the highD forecasts")
	assert.Positive(t, counts["/fusion_monitor/fusion_diagnostics"], "fusion_monitor checked the KITTI frames")
	assert.Equal(t, counts["/planner_ebm/energies"], counts["/tf"], "map -> base_link per ego state")
	assert.Positive(t, counts["/diagnostics"])
}
