package importer

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/occupancy"
	"github.com/ebm-av/ebm_av/occupancy/evaluation"
)

func TestImportOccupancyOfRecordedScene(t *testing.T) {
	scenario := shareddata.Path(t, "commonroad/recorded/SinD/CHN_SIND-831_150_T-225.cr.xml")
	solution := shareddata.Path(t, "commonroad/recorded/SinD/CHN_SIND-831_150_T-225.solution.xml")
	out := filepath.Join(t.TempDir(), "bag")
	sum, err := ImportCommonRoad(scenario, out, CommonRoadOptions{Solution: solution, MaxCycles: 4, Occupancy: true})
	require.NoError(t, err)
	assert.Equal(t, 4, sum.Cycles)
	assert.Equal(t, 4, sum.OccupancyCycles, "the ego starts 22.6 s into the scene, so every cycle has its second of history")

	r, err := bag.Open(out, bag.ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	histories := map[int64]*occupancy.Sequence{}
	futures := map[int64]*occupancy.Sequence{}
	sets := map[int64]occupancy.ForecastSet{}
	features := 0
	for m, err := range r.Messages(bag.Filter{}) {
		require.NoError(t, err)
		switch m.Topic.Name {
		case TopicOccupancyHistory, TopicOccupancyFuture:
			var msg ebm_av.OccupancySequence
			require.NoError(t, cdr.Unmarshal(m.Data, &msg))
			seq, err := msgconv.Occupancy(&msg)
			require.NoError(t, err)
			if m.Topic.Name == TopicOccupancyHistory {
				histories[m.LogTime] = seq
			} else {
				futures[m.LogTime] = seq
			}
		case TopicOccupancyForecasts:
			var msg ebm_av.OccupancyForecasts
			require.NoError(t, cdr.Unmarshal(m.Data, &msg))
			set, err := msgconv.Forecasts(&msg)
			require.NoError(t, err)
			sets[m.LogTime] = set
		case TopicOccupancyFeatures:
			var msg ebm_av.BEVFeatures
			require.NoError(t, cdr.Unmarshal(m.Data, &msg))
			g, err := msgconv.BEV(&msg, msgconv.Frame2D{})
			require.NoError(t, err)
			assert.Equal(t, []string{bev.ChannelDrivable, ChannelObserved}, g.Names)
			assert.Equal(t, FrameMap, msg.Header.FrameID)
			features++
		}
	}
	require.Len(t, histories, 4)
	assert.Equal(t, 4, features)
	for stamp, h := range histories {
		assert.Equal(t, 5, h.Frames, "1 s of history every 0.25 s, both ends included")
		assert.Equal(t, -1.0, h.Start)
		assert.Positive(t, h.Mass(h.Frames-1), "the cycle has an obstacle to forecast")
		future := futures[stamp]
		require.NotNil(t, future, "real future at %d", stamp)
		assert.Equal(t, 12, future.Frames, "3 s of future every 0.25 s")
		set := sets[stamp]
		require.NoError(t, occupancy.ValidateForecasts(h, set.Grids()))
		var sources []string
		for _, f := range set {
			sources = append(sources, f.Source)
			assert.NotEqual(t, future.Data, f.Occupancy.Data, "forecast %s must not be the real future", f.Source)
		}
		assert.Equal(t, evaluation.AllSources(), sources, "classical then wrong forecasts, without the real future")
		assert.False(t, slices.Contains(sources, evaluation.NeutralSource))
	}
}
