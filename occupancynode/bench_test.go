package occupancynode

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/node/inproc"
	"github.com/ebm-av/ebm_av/occupancy"
	"github.com/ebm-av/ebm_av/occupancy/forecast"
	"github.com/ebm-av/ebm_av/traj"
)

// BenchmarkScoreCycle measures one node cycle from the serialized forecast
// set to the published outputs: 16 forecasts × 12 frames × 200 × 200 cells
// of 24 cars on four lanes, 5 history frames, no masks.
func BenchmarkScoreCycle(b *testing.B) {
	var obstacles []traj.Obstacle
	for lane := 0; lane < 4; lane++ {
		for k := 0; k < 6; k++ {
			obstacles = append(obstacles, car(len(obstacles)+1, -45+16*float64(k), -6+4*float64(lane), 8+2*float64(lane)))
		}
	}
	layout := occupancy.EgoLayout("map", 0, 0, 0, 200, 200, 0.5)
	history, err := occupancy.Past(obstacles, layout, 0, 1, 0.25)
	require.NoError(b, err)
	all := append(forecast.Classical(), forecast.Broken()...)
	var chosen []forecast.Forecaster
	for len(chosen) < 16 {
		chosen = append(chosen, all[len(chosen)%len(all)])
	}
	set, err := forecast.Build(chosen, obstacles, forecast.Setup{Layout: layout, Horizon: 3, TimeStep: 0.25})
	require.NoError(b, err)

	bus := inproc.New(func() int64 { return stamp0 })
	_, err = New(node.Options{Transport: bus})
	require.NoError(b, err)
	hm := msgconv.OccupancyMsg(history, stamp0)
	data, err := cdr.Marshal(&hm)
	require.NoError(b, err)
	require.NoError(b, bus.Inject(node.Sample{Topic: TopicHistory, Type: hm.ROSTypeName(), Data: data}))
	fm := msgconv.ForecastsMsg(set, stamp0, "map")
	forecasts, err := cdr.Marshal(&fm)
	require.NoError(b, err)
	published := 0
	cancel, err := bus.Subscribe("/occupancy_scorer/energies", "", node.QoSDefault, func(node.Sample) { published++ })
	require.NoError(b, err)
	defer cancel()

	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		require.NoError(b, bus.Inject(node.Sample{Topic: TopicForecasts, Type: fm.ROSTypeName(), Data: forecasts}))
	}
	b.StopTimer()
	require.Equal(b, b.N, published, "every cycle publishes energies")
}
