package nodecli

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/fusionnode"
	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/internal/shareddata"
)

// countTopic returns the number of messages on topic in the bag at path.
func countTopic(t *testing.T, path, topic string) int {
	t.Helper()
	r, err := bag.Open(path, bag.ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	n := 0
	for _, err := range r.Messages(bag.Filter{Topics: []string{topic}}) {
		require.NoError(t, err)
		n++
	}
	return n
}

// TestReplayKeepOutputsFlag replays KITTI frames through fusion_monitor,
// then replays that output again: by default the earlier outputs are
// dropped, and --keep-outputs plays and records them too.
func TestReplayKeepOutputsFlag(t *testing.T) {
	src := shareddata.Path(t, "kitti/object/training")
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	_, err := importer.ImportKITTI(src, in, importer.KITTIOptions{})
	require.NoError(t, err)

	const topic = "/fusion_monitor/fusion_diagnostics"
	first := filepath.Join(dir, "first")
	require.NoError(t, run(fusionnode.NodeName, fusionnode.Start, []string{"--bag", in, "-o", first}))
	require.Equal(t, 2, countTopic(t, first, topic))

	again := filepath.Join(dir, "again")
	require.NoError(t, run(fusionnode.NodeName, fusionnode.Start, []string{"--bag", first, "-o", again}))
	assert.Equal(t, 2, countTopic(t, again, topic), "the earlier outputs are dropped")

	keptOutputs := filepath.Join(dir, "kept")
	require.NoError(t, run(fusionnode.NodeName, fusionnode.Start, []string{"--bag", first, "-o", keptOutputs, "--keep-outputs"}))
	assert.Equal(t, 4, countTopic(t, keptOutputs, topic), "--keep-outputs records the earlier outputs too")

	err = run(fusionnode.NodeName, fusionnode.Start, []string{"--transport", "dds", "--keep-outputs"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "drop --bag, -o and --keep-outputs")
}
