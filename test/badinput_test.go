package test

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/demo"
	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/plannernode"
	"github.com/ebm-av/ebm_av/replay"
)

// corruptBag copies the demo bag and damages single messages: a NaN ego
// velocity in cycle 3, a BEV raster whose data is shorter than its
// dimensions in cycle 5, garbage bytes in place of cycle 7's candidates, and
// a topic of a type no binding exists for.
func corruptBag(t *testing.T, in, out string) {
	r, err := bag.Open(in, bag.ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	w, err := bag.Create(out, bag.WriterOptions{Chunked: true})
	require.NoError(t, err)
	for _, topic := range r.Topics() {
		require.NoError(t, w.AddTopic(topic))
	}
	require.NoError(t, w.AddTopic(bag.Topic{Name: "/vendor/status", Type: "vendor_msgs/msg/Status", Definition: "uint8 code\n"}))
	cycle := map[string]int{}
	for m, err := range r.Messages(bag.Filter{}) {
		require.NoError(t, err)
		k := cycle[m.Topic.Name]
		cycle[m.Topic.Name]++
		data := m.Data
		switch {
		case m.Topic.Name == importer.TopicEgoState && k == 3:
			var e ebm_av.EgoState
			require.NoError(t, cdr.Unmarshal(data, &e))
			e.Velocity = math.NaN()
			data, err = cdr.Marshal(&e)
			require.NoError(t, err)
		case m.Topic.Name == importer.TopicBEVFeatures && k == 5:
			var g ebm_av.BEVFeatures
			require.NoError(t, cdr.Unmarshal(data, &g))
			g.Data = g.Data[:len(g.Data)-7]
			data, err = cdr.Marshal(&g)
			require.NoError(t, err)
		case m.Topic.Name == importer.TopicCandidates && k == 7:
			data = []byte{0, 1, 0, 0, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3}
		}
		require.NoError(t, w.Write(m.Topic.Name, m.LogTime, data))
		if m.Topic.Name == importer.TopicCandidates && k == 0 {
			require.NoError(t, w.Write("/vendor/status", m.LogTime, []byte{0, 1, 0, 0, 7}))
		}
	}
	require.NoError(t, w.Close())
}

func TestReplaySkipsBadMessages(t *testing.T) {
	dir := t.TempDir()
	sc, sol, err := demo.Write(filepath.Join(dir, "scene"))
	require.NoError(t, err)
	clean := filepath.Join(dir, "clean")
	_, err = importer.ImportCommonRoad(sc, clean, importer.CommonRoadOptions{Solution: sol})
	require.NoError(t, err)
	bad := filepath.Join(dir, "bad")
	corruptBag(t, clean, bad)

	out := filepath.Join(dir, "out")
	sum, err := replay.Run(context.Background(), replay.Options{
		Inputs: []string{bad}, Output: out,
		Nodes: []replay.NodeSpec{{Name: plannernode.NodeName, Start: plannernode.Start}},
	})
	require.NoError(t, err, "bad messages must not stop the replay")
	assert.Equal(t, 1, sum.Rejected[importer.TopicEgoState], "NaN velocity")
	assert.Equal(t, 1, sum.Rejected[importer.TopicBEVFeatures], "data length disagrees with dimensions")
	assert.Equal(t, 1, sum.Rejected[importer.TopicCandidates], "garbage payload")
	assert.Equal(t, 1, sum.UnknownTypes["/vendor/status"])
	// 15 cycles: cycle 7 has no candidates and cycle 3 no ego state; cycle 5
	// plans without the bad raster.
	assert.Equal(t, 13, sum.Outputs["/planner_ebm/energies"])

	// Everything read before and after the bad messages is in the output.
	r, err := bag.Open(out, bag.ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	counts := map[string]int{}
	for m, err := range r.Messages(bag.Filter{}) {
		require.NoError(t, err)
		counts[m.Topic.Name]++
	}
	assert.Equal(t, 15, counts[importer.TopicCandidates])
	assert.Equal(t, 1, counts["/vendor/status"])
	assert.Equal(t, 13, counts["/planner_ebm/energies"])
}
