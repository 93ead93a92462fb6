package replay

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/demo"
	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/msgs/go/rcl_interfaces"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/plannernode"
)

func demoBag(t *testing.T, dir string, opts importer.CommonRoadOptions) string {
	sc, sol, err := demo.Write(filepath.Join(dir, "scene"))
	require.NoError(t, err)
	opts.Solution = sol
	out := filepath.Join(dir, "in")
	_, err = importer.ImportCommonRoad(sc, out, opts)
	require.NoError(t, err)
	return out
}

func plannerSpec() []NodeSpec {
	return []NodeSpec{{Name: plannernode.NodeName, Start: plannernode.Start}}
}

func TestRunRecordsInputsAndOutputs(t *testing.T) {
	dir := t.TempDir()
	in := demoBag(t, dir, importer.CommonRoadOptions{MaxCycles: 4})
	out := filepath.Join(dir, "out")
	sum, err := Run(context.Background(), Options{Inputs: []string{in}, Output: out, Nodes: plannerSpec()})
	require.NoError(t, err)
	assert.Equal(t, 4*7, sum.InputMessages, "seven input topics per cycle")
	assert.Equal(t, 4, sum.Outputs["/planner_ebm/energies"])
	assert.False(t, sum.Truncated)

	r, err := bag.Open(out, bag.ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	var last int64
	n := 0
	for m, err := range r.Messages(bag.Filter{}) {
		require.NoError(t, err)
		assert.GreaterOrEqual(t, m.LogTime, last, "log-time order")
		last = m.LogTime
		n++
	}
	assert.Equal(t, sum.InputMessages+total(sum.Outputs), n)
}

// TestRunStartsAtFirstInput checks that what the nodes publish while they
// start, before the first input message, is recorded at that message's log
// time and not at the Unix epoch.
func TestRunStartsAtFirstInput(t *testing.T) {
	dir := t.TempDir()
	in := demoBag(t, dir, importer.CommonRoadOptions{MaxCycles: 2})
	input, err := bag.ReadMetadata(in)
	require.NoError(t, err)
	require.Positive(t, input.StartingTime)

	out := filepath.Join(dir, "out")
	_, err = Run(context.Background(), Options{Inputs: []string{in}, Output: out, Nodes: plannerSpec()})
	require.NoError(t, err)

	meta, err := bag.ReadMetadata(out)
	require.NoError(t, err)
	assert.Equal(t, input.StartingTime, meta.StartingTime, "starting_time is the first input's log time")
	assert.Equal(t, input.Duration, meta.Duration, "outputs stay within the input's time range")

	r, err := bag.Open(out, bag.ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	logs := 0
	for m, err := range r.Messages(bag.Filter{}) {
		require.NoError(t, err)
		assert.GreaterOrEqual(t, m.LogTime, input.StartingTime, "%s recorded before the first input", m.Topic.Name)
		if m.Topic.Name != node.TopicRosout {
			continue
		}
		logs++
		var record rcl_interfaces.Log
		require.NoError(t, cdr.Unmarshal(m.Data, &record))
		stamp := int64(record.Stamp.Sec)*1e9 + int64(record.Stamp.Nanosec)
		assert.Equal(t, m.LogTime, stamp, "/rosout stamp of %q", record.Msg)
	}
	assert.Positive(t, logs, "the node logs that it started")
}

func TestRunTruncatedInputKeepsOutput(t *testing.T) {
	dir := t.TempDir()
	in := demoBag(t, dir, importer.CommonRoadOptions{MaxCycles: 6,
		Writer: bag.WriterOptions{Chunked: true, ChunkSize: 64 << 10}})
	// Cut the file in its last third, as a recorder killed mid-write leaves it.
	file := filepath.Join(in, "in_0.mcap")
	st, err := os.Stat(file)
	require.NoError(t, err)
	require.NoError(t, os.Truncate(file, st.Size()*2/3))
	require.NoError(t, os.Remove(filepath.Join(in, bag.MetadataFile)))

	out := filepath.Join(dir, "out")
	sum, err := Run(context.Background(), Options{Inputs: []string{in}, Output: out, Nodes: plannerSpec()})
	require.NoError(t, err)
	assert.True(t, sum.Truncated)
	assert.Positive(t, sum.Outputs["/planner_ebm/energies"])
	assert.Less(t, sum.Outputs["/planner_ebm/energies"], 6)
	_, err = os.Stat(filepath.Join(out, bag.MetadataFile))
	assert.NoError(t, err, "the output bag is closed and described")
}

func TestRunStopsOnCancelAndCloses(t *testing.T) {
	dir := t.TempDir()
	in := demoBag(t, dir, importer.CommonRoadOptions{MaxCycles: 2})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := filepath.Join(dir, "out")
	_, err := Run(ctx, Options{Inputs: []string{in}, Output: out, Nodes: plannerSpec()})
	require.ErrorIs(t, err, context.Canceled)
	_, err = os.Stat(filepath.Join(out, bag.MetadataFile))
	assert.NoError(t, err, "the output bag is closed even when the run stops")
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func TestRunBadParameterLeavesNoOutput(t *testing.T) {
	dir := t.TempDir()
	in := demoBag(t, dir, importer.CommonRoadOptions{MaxCycles: 1})
	out := filepath.Join(dir, "runs", "out")
	args, _, err := node.ParseArgs([]string{"--ros-args", "-p", "tempreature:=1"})
	require.NoError(t, err)
	spec := []NodeSpec{{Name: plannernode.NodeName, Start: plannernode.Start, Args: args}}
	_, err = Run(context.Background(), Options{Inputs: []string{in}, Output: out, Nodes: spec})
	require.ErrorContains(t, err, "tempreature")
	_, err = os.Stat(out)
	assert.True(t, os.IsNotExist(err), "the failed run removed its empty output")

	_, err = Run(context.Background(), Options{Inputs: []string{in}, Output: out, Nodes: plannerSpec()})
	require.NoError(t, err, "the corrected rerun can use the same output")
}
