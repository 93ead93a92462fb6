package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/replay"
)

// runSummary runs cmd with args and decodes the replay summary that it
// prints on standard output.
func runSummary(t *testing.T, cmd func(context.Context, []string) error, args ...string) replay.Summary {
	t.Helper()
	stdout, err := os.Create(filepath.Join(t.TempDir(), "stdout"))
	require.NoError(t, err)
	defer stdout.Close()
	saved := os.Stdout
	os.Stdout = stdout
	err = cmd(context.Background(), args)
	os.Stdout = saved
	require.NoError(t, err)

	data, err := os.ReadFile(stdout.Name())
	require.NoError(t, err)
	var sum replay.Summary
	require.NoError(t, json.Unmarshal(data, &sum), "summary %s", data)
	return sum
}

// TestReplayOfReplayOutputDropsOldOutputs replays the demo scene, replays
// that output again and checks that the second output holds one planner
// output per cycle unless --keep-outputs is given.
func TestReplayOfReplayOutputDropsOldOutputs(t *testing.T) {
	dir := t.TempDir()
	in := demoInputBag(t, dir)
	first := filepath.Join(dir, "first")
	sum := runSummary(t, runReplay, in, "-o", first)
	require.Equal(t, 3, sum.Outputs["/planner_ebm/energies"])
	assert.Empty(t, sum.DroppedOutputs)

	cases := []struct {
		name        string
		flags       []string
		wantDropped int // messages dropped from /planner_ebm/energies
		wantCount   int // messages on /planner_ebm/energies in the output
	}{
		{name: "default", wantDropped: 3, wantCount: 3},
		{name: "keep outputs", flags: []string{"--keep-outputs"}, wantDropped: 0, wantCount: 6},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			sum := runSummary(t, runReplay, append([]string{first, "-o", out}, tc.flags...)...)
			assert.Equal(t, tc.wantDropped, sum.DroppedOutputs["/planner_ebm/energies"])
			assert.Equal(t, tc.wantDropped, sum.DroppedOutputs["/diagnostics"])
			assert.Zero(t, sum.DroppedOutputs["/tf"], "/tf is always played")
			counts := countMessages(t, out)
			assert.Equal(t, tc.wantCount, counts["/planner_ebm/energies"])
			assert.Equal(t, tc.wantCount, counts["/diagnostics"])
		})
	}
}

// TestLaunchOverReplayOutputDropsOldOutputs checks that ebm launch --bag
// applies the same rule as ebm replay.
func TestLaunchOverReplayOutputDropsOldOutputs(t *testing.T) {
	dir := t.TempDir()
	in := demoInputBag(t, dir)
	first := filepath.Join(dir, "first")
	runSummary(t, runReplay, in, "-o", first)

	cases := []struct {
		name      string
		flags     []string
		wantCount int // messages on /planner_ebm/energies in the output
	}{
		{name: "default", wantCount: 3},
		{name: "keep outputs", flags: []string{"--keep-outputs"}, wantCount: 6},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := append([]string{"../../launch/planner_ebm.launch.xml", "--bag", first, "-o", out}, tc.flags...)
			sum := runSummary(t, runLaunch, args...)
			assert.Equal(t, 3, sum.Outputs["/planner_ebm/energies"])
			assert.Equal(t, tc.wantCount, countMessages(t, out)["/planner_ebm/energies"])
		})
	}
}
