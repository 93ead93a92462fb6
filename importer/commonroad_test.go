package importer

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/demo"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
)

func TestImportDemoScene(t *testing.T) {
	dir := t.TempDir()
	sc, sol, err := demo.Write(dir)
	require.NoError(t, err)
	out := filepath.Join(dir, "bag")
	sum, err := ImportCommonRoad(sc, out, CommonRoadOptions{Solution: sol})
	require.NoError(t, err)
	assert.False(t, sum.TimeStepMismatch)
	assert.Equal(t, 15, sum.Cycles, "cycles at 0, 1, …, 14 s over a 15 s track while 1 s of human future remains")
	assert.GreaterOrEqual(t, sum.Candidates, 200)

	r, err := bag.Open(out, bag.ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	counts := map[string]int{}
	var first *ebm_av.CandidateTrajectories
	for m, err := range r.Messages(bag.Filter{}) {
		require.NoError(t, err)
		counts[m.Topic.Name]++
		if m.Topic.Name == TopicCandidates && first == nil {
			first = new(ebm_av.CandidateTrajectories)
			require.NoError(t, cdr.Unmarshal(m.Data, first))
		}
	}
	for _, topic := range []string{TopicEgoState, TopicCandidates, TopicBEVFeatures, TopicLaneMap, TopicPredictedObstacle, TopicHumanFuture, TopicRecordedObstacles} {
		assert.Equal(t, 15, counts[topic], topic)
	}
	require.NotNil(t, first)
	cands, err := msgconv.Candidates(first)
	require.NoError(t, err)
	assert.InDelta(t, 8.0, cands[0].Duration(), 1e-9)
}
