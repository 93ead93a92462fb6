package test

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/msgs/go/diagnostic_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/occupancynode"
	"github.com/ebm-av/ebm_av/replay"
)

// corruptOccupancy copies an imported bag and damages the forecast sets of
// four cycles: a NaN probability in cycle 0, an empty set in cycle 1, a
// zero time step in cycle 2 and a forecast grid of another size in cycle 3.
func corruptOccupancy(t *testing.T, in, out string) {
	r, err := bag.Open(in, bag.ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	w, err := bag.Create(out, bag.WriterOptions{Chunked: true})
	require.NoError(t, err)
	for _, topic := range r.Topics() {
		require.NoError(t, w.AddTopic(topic))
	}
	k := 0
	for m, err := range r.Messages(bag.Filter{}) {
		require.NoError(t, err)
		data := m.Data
		if m.Topic.Name == importer.TopicOccupancyForecasts {
			var f ebm_av.OccupancyForecasts
			require.NoError(t, cdr.Unmarshal(data, &f))
			switch k {
			case 0:
				f.Forecasts[4].Occupancy.Data[123] = float32(math.NaN())
			case 1:
				f.Forecasts = nil
			case 2:
				f.Forecasts[0].Occupancy.TimeStep = 0
			case 3:
				o := &f.Forecasts[2].Occupancy
				o.Width--
				o.Data = o.Data[:int(o.Frames*o.Height*o.Width)]
			}
			k++
			data, err = cdr.Marshal(&f)
			require.NoError(t, err)
		}
		require.NoError(t, w.Write(m.Topic.Name, m.LogTime, data))
	}
	require.NoError(t, w.Close())
}

func TestOccupancyReplaySkipsBadForecasts(t *testing.T) {
	base := shareddata.Path(t, "commonroad/recorded/SinD/CHN_SIND-831_150_T-225.cr.xml")
	dir := t.TempDir()
	input := filepath.Join(dir, "input")
	sum, err := importer.ImportCommonRoad(base, input, importer.CommonRoadOptions{
		Solution: strings.TrimSuffix(base, ".cr.xml") + ".solution.xml", MaxCycles: 6, Occupancy: true,
	})
	require.NoError(t, err)
	require.Equal(t, 6, sum.OccupancyCycles)
	corrupt := filepath.Join(dir, "corrupt")
	corruptOccupancy(t, input, corrupt)

	output := filepath.Join(dir, "replay")
	rs, err := replay.Run(context.Background(), replay.Options{
		Inputs: []string{corrupt}, Output: output,
		Nodes: []replay.NodeSpec{{Name: occupancynode.NodeName, Start: occupancynode.Start}},
	})
	require.NoError(t, err)
	assert.Equal(t, 4, rs.Rejected[importer.TopicOccupancyForecasts], "four damaged forecast sets are dropped")
	assert.Equal(t, 2, rs.Outputs["/occupancy_scorer/energies"], "the node keeps scoring the two intact cycles")

	r, err := bag.Open(output, bag.ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	var messages []string
	for m, err := range r.Messages(bag.Filter{Topics: []string{"/diagnostics"}}) {
		require.NoError(t, err)
		var d diagnostic_msgs.DiagnosticArray
		require.NoError(t, cdr.Unmarshal(m.Data, &d))
		for _, st := range d.Status {
			if strings.HasPrefix(st.Name, occupancynode.NodeName) {
				messages = append(messages, st.Message)
			}
		}
	}
	all := strings.Join(messages, "\n")
	for _, want := range []string{
		`forecasts[4] (source "dilated"): occupancy sequence: data[123]`,
		"empty forecasts",
		`forecasts[0] (source "copy_last"): occupancy sequence: invalid time_step 0 s`,
		"forecast 2 of 9: size 200×199 cells differs from the history's 200×200",
	} {
		assert.Contains(t, all, want)
	}
}
