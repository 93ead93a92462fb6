package occupancynode

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/diagnostic_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/nav_msgs"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/node/diag"
	"github.com/ebm-av/ebm_av/node/inproc"
	"github.com/ebm-av/ebm_av/occupancy"
	"github.com/ebm-av/ebm_av/occupancy/energy"
	"github.com/ebm-av/ebm_av/occupancy/forecast"
	"github.com/ebm-av/ebm_av/traj"
)

const stamp0 int64 = 1_700_000_010_000_000_000

func startWithArgs(t *testing.T, argv ...string) (*Scorer, error) {
	t.Helper()
	args, _, err := node.ParseArgs(append([]string{"--ros-args"}, argv...))
	require.NoError(t, err)
	bus := inproc.New(func() int64 { return 0 })
	return New(node.Options{Transport: bus, Args: args})
}

func TestConfigFileMatchesDefaults(t *testing.T) {
	s, err := startWithArgs(t, "--params-file", "../config/occupancy_scorer.yaml")
	require.NoError(t, err, "every key of the shipped parameter file must be a declared parameter")
	assert.Equal(t, DefaultConfig(), s.cfg, "the shipped file documents the defaults")
	assert.Len(t, s.scorer.Terms, 3, "no learned term without a coefficients file")
}

func TestInvalidParametersNamed(t *testing.T) {
	tests := []struct {
		arg, want string
	}{
		{"energy_map_full_scale:=0.0", "energy_map_full_scale"},
		{"energy.dynamics.weight:=-1.0", "energy.dynamics.weight"},
		{"energy.blob_threshold:=0.0", "blob threshold"},
		{"energy.max_speed:=0.0", "max speed"},
		{"input_timeout.history:=0.0", "input_timeout.history"},
		{"energy.learned.coefficients_file:=/no/such/file.json", "energy.learned.coefficients_file"},
		{"no_such_parameter:=1", `unknown parameter "no_such_parameter"`},
	}
	for _, tc := range tests {
		t.Run(tc.arg, func(t *testing.T) {
			_, err := startWithArgs(t, "-p", tc.arg)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// harness runs a scorer on an in-process bus on bag time, as a replay
// does, and keeps every output. The watchdog timer fires only when the
// test advances clock.
type harness struct {
	t       *testing.T
	bus     *inproc.Bus
	clock   *node.SimClock
	scorer  *Scorer
	outputs map[string][][]byte
}

func newHarness(t *testing.T, argv ...string) *harness {
	h := &harness{t: t, outputs: map[string][][]byte{}, clock: &node.SimClock{}}
	h.clock.Set(stamp0)
	h.bus = inproc.New(func() int64 { return h.clock.Now().UnixNano() })
	h.bus.Tap(func(s node.Sample) { h.outputs[s.Topic] = append(h.outputs[s.Topic], s.Data) })
	args, _, err := node.ParseArgs(append([]string{"--ros-args", "-p", "use_sim_time:=true"}, argv...))
	require.NoError(t, err)
	h.scorer, err = New(node.Options{Transport: h.bus, Clock: h.clock, Args: args})
	require.NoError(t, err)
	return h
}

func (h *harness) send(topic string, m cdr.Message) {
	data, err := cdr.Marshal(m)
	require.NoError(h.t, err)
	require.NoError(h.t, h.bus.Inject(node.Sample{Topic: topic, Type: m.ROSTypeName(), Data: data}))
}

func decodeLast[M any, P interface {
	*M
	cdr.Message
}](t *testing.T, h *harness, topic string) *M {
	t.Helper()
	msgs := h.outputs[topic]
	require.NotEmpty(t, msgs, "nothing published on %s", topic)
	m := P(new(M))
	require.NoError(t, cdr.Unmarshal(msgs[len(msgs)-1], m))
	return (*M)(m)
}

// car returns a 4.5 m × 1.8 m car moving along +x at speed m/s through
// (x0, y0) at time 0, with states every 0.1 s over [−2 s, 4 s].
func car(id int, x0, y0, speed float64) traj.Obstacle {
	o := traj.Obstacle{ID: id, Type: "car", Shape: traj.Rectangle, Length: 4.5, Width: 1.8}
	for k := -20; k <= 40; k++ {
		at := float64(k) / 10
		o.States = append(o.States, traj.ObstacleState{T: at, X: x0 + speed*at, Y: y0, V: speed})
	}
	return o
}

// scene returns the history and the forecast set of two cars on an
// 80 × 80 grid at 0.5 m: copy_last, constant_velocity, vanishing and
// teleporting.
func scene(t *testing.T) (*occupancy.Sequence, occupancy.ForecastSet) {
	t.Helper()
	obstacles := []traj.Obstacle{car(1, -8, 3, 10), car(2, 5, -4, 6)}
	layout := occupancy.EgoLayout("map", 0, 0, 0, 80, 80, 0.5)
	history, err := occupancy.Past(obstacles, layout, 0, 1, 0.25)
	require.NoError(t, err)
	setup := forecast.Setup{Layout: layout, CycleTime: 0, Horizon: 3, TimeStep: 0.25}
	byName := map[string]forecast.Forecaster{}
	for _, f := range append(forecast.Classical(), forecast.Broken()...) {
		byName[f.Name()] = f
	}
	chosen := []forecast.Forecaster{byName["copy_last"], byName["constant_velocity"], byName["vanishing"], byName["teleporting"]}
	set, err := forecast.Build(chosen, obstacles, setup)
	require.NoError(t, err)
	return history, set
}

func TestScoresForecastsLikeTheLibrary(t *testing.T) {
	h := newHarness(t)
	history, set := scene(t)
	hm := msgconv.OccupancyMsg(history, stamp0)
	h.send(TopicHistory, &hm)
	fm := msgconv.ForecastsMsg(set, stamp0, "map")
	h.send(TopicForecasts, &fm)

	want, err := energy.NewDefaultScorer().Score(history, energy.Masks{}, set.Grids())
	require.NoError(t, err)
	got := decodeLast[ebm_av.ForecastEnergies](t, h, "/occupancy_scorer/energies")
	require.Len(t, got.TotalEnergy, len(set))
	for k := range want {
		assert.InDelta(t, want[k], got.TotalEnergy[k], 1e-9, "forecast %d (%s)", k, set[k].Source)
	}
	require.Len(t, got.Terms, 3)
	assert.Equal(t, []string{"dynamics", "geometry", "map_prior"}, []string{got.Terms[0].Name, got.Terms[1].Name, got.Terms[2].Name})
	for k := range want {
		var sum float64
		for _, term := range got.Terms {
			sum += term.Energies[k]
		}
		assert.InDelta(t, got.TotalEnergy[k], sum, 1e-9, "terms of forecast %d sum to its total", k)
	}
	assert.Equal(t, int32(1), got.SelectedIndex, "constant velocity has the lowest energy")
	assert.Less(t, got.TotalEnergy[1], got.TotalEnergy[2], "vanishing costs more than constant velocity")

	require.Len(t, got.EnergyMap, history.Cells())
	assert.Equal(t, uint32(80), got.Height)
	var mapSum float64
	for _, v := range got.EnergyMap {
		mapSum += float64(v)
	}
	assert.InDelta(t, got.TotalEnergy[1], mapSum, 1e-3, "the energy map sums to the selected forecast's energy")

	sel := decodeLast[ebm_av.OccupancyForecast](t, h, "/occupancy_scorer/selected_forecast")
	assert.Equal(t, "constant_velocity", sel.Source)
	grid := decodeLast[nav_msgs.OccupancyGrid](t, h, "/occupancy_scorer/energy_map")
	assert.Equal(t, "map", grid.Header.FrameID)
	assert.Equal(t, float32(0.5), grid.Info.Resolution)
	require.Len(t, grid.Data, history.Cells())
	for _, v := range grid.Data {
		require.True(t, v >= 0 && v <= 100, "cell value %d outside 0 … 100", v)
	}

	d := decodeLast[diagnostic_msgs.DiagnosticArray](t, h, "/diagnostics")
	require.Len(t, d.Status, 1)
	assert.Equal(t, byte(diag.OK), d.Status[0].Level, d.Status[0].Message)
	assert.Contains(t, d.Status[0].Message, "selected forecast 1 of 4")
}

func TestEnergyIgnoresSourceAndPosition(t *testing.T) {
	h := newHarness(t)
	history, set := scene(t)
	hm := msgconv.OccupancyMsg(history, stamp0)
	h.send(TopicHistory, &hm)
	fm := msgconv.ForecastsMsg(set, stamp0, "map")
	h.send(TopicForecasts, &fm)
	first := decodeLast[ebm_av.ForecastEnergies](t, h, "/occupancy_scorer/energies")

	reordered := occupancy.ForecastSet{set[3], set[1], set[0], set[2]}
	for k := range reordered {
		reordered[k].Source = "candidate"
	}
	rm := msgconv.ForecastsMsg(reordered, stamp0, "map")
	h.send(TopicForecasts, &rm)
	second := decodeLast[ebm_av.ForecastEnergies](t, h, "/occupancy_scorer/energies")
	for k, from := range []int{3, 1, 0, 2} {
		assert.Equal(t, first.TotalEnergy[from], second.TotalEnergy[k], "forecast %d moved to %d", from, k)
	}
	assert.Equal(t, int32(1), second.SelectedIndex)
}

func TestDrivableMaskFromBEVFeatures(t *testing.T) {
	h := newHarness(t)
	history, set := scene(t)
	hm := msgconv.OccupancyMsg(history, stamp0)
	h.send(TopicHistory, &hm)

	// A BEV grid at 1 m, twice as coarse as the history, drivable only for
	// y < 0: car 1 at y = 3 m drives off the drivable area.
	g := bev.NewGrid([]string{bev.ChannelDrivable, ChannelObserved}, 60, 60, 1)
	g.OriginX, g.OriginY = -30, -30
	for i := 0; i < g.Height; i++ {
		for j := 0; j < g.Width; j++ {
			g.Data[i*g.Width+j] = 1
			if float64(i)+0.5-30 < 0 {
				g.Data[(g.Height+i)*g.Width+j], g.Data[i*g.Width+j] = 1, 1
			} else {
				g.Data[(g.Height+i)*g.Width+j], g.Data[i*g.Width+j] = 1, 0
			}
		}
	}
	bm := msgconv.BEVMsg(g, stamp0, "map", msgconv.Frame2D{})
	h.send(TopicBEVFeatures, &bm)
	fm := msgconv.ForecastsMsg(set, stamp0, "map")
	h.send(TopicForecasts, &fm)

	got := decodeLast[ebm_av.ForecastEnergies](t, h, "/occupancy_scorer/energies")
	require.Equal(t, "map_prior", got.Terms[2].Name)
	assert.Greater(t, got.Terms[2].Energies[1], 10.0, "car 1 (8.1 m²) is off the drivable area in 12 frames")
	d := decodeLast[diagnostic_msgs.DiagnosticArray](t, h, "/diagnostics")
	values := map[string]string{}
	for _, kv := range d.Status[0].Values {
		values[kv.Key] = kv.Value
	}
	assert.Equal(t, "drivable, observed", values["masks"])
}

func TestBadInputCountedAndSkipped(t *testing.T) {
	history, set := scene(t)
	tests := []struct {
		name, topic, want string
		edit              func(hm *ebm_av.OccupancySequence, fm *ebm_av.OccupancyForecasts)
	}{
		{"empty forecast set", TopicForecasts, "empty forecasts", func(_ *ebm_av.OccupancySequence, fm *ebm_av.OccupancyForecasts) {
			fm.Forecasts = nil
		}},
		{"zero time step", TopicForecasts, `forecasts[2] (source "vanishing"): occupancy sequence: invalid time_step 0 s`, func(_ *ebm_av.OccupancySequence, fm *ebm_av.OccupancyForecasts) {
			fm.Forecasts[2].Occupancy.TimeStep = 0
		}},
		{"NaN probability", TopicForecasts, "data[41] (frame 0, row 0, col 41) is NaN", func(_ *ebm_av.OccupancySequence, fm *ebm_av.OccupancyForecasts) {
			fm.Forecasts[0].Occupancy.Data = append([]float32(nil), fm.Forecasts[0].Occupancy.Data...)
			fm.Forecasts[0].Occupancy.Data[41] = float32(math.NaN())
		}},
		{"probability above one", TopicForecasts, "is 1.25: probabilities must lie in [0, 1]", func(_ *ebm_av.OccupancySequence, fm *ebm_av.OccupancyForecasts) {
			fm.Forecasts[1].Occupancy.Data = append([]float32(nil), fm.Forecasts[1].Occupancy.Data...)
			fm.Forecasts[1].Occupancy.Data[7] = 1.25
		}},
		{"size differs from history", TopicForecasts, "forecast 3 of 4: size 40×80 cells differs from the history's 80×80", func(_ *ebm_av.OccupancySequence, fm *ebm_av.OccupancyForecasts) {
			o := &fm.Forecasts[3].Occupancy
			o.Height = 40
			o.Data = o.Data[:int(o.Frames)*40*80]
		}},
		{"time step differs from history", TopicForecasts, "forecast 0 of 4: time step 0.5 s differs from the history's 0.25 s", func(_ *ebm_av.OccupancySequence, fm *ebm_av.OccupancyForecasts) {
			fm.Forecasts[0].Occupancy.TimeStep = 0.5
		}},
		{"history with zero time step", TopicHistory, "occupancy sequence: invalid time_step 0 s", func(hm *ebm_av.OccupancySequence, _ *ebm_av.OccupancyForecasts) {
			hm.TimeStep = 0
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			good := msgconv.OccupancyMsg(history, stamp0)
			h.send(TopicHistory, &good)
			hm := msgconv.OccupancyMsg(history.Clone(), stamp0)
			fm := msgconv.ForecastsMsg(set, stamp0, "map")
			tc.edit(&hm, &fm)
			if tc.topic == TopicHistory {
				h.send(TopicHistory, &hm)
			} else {
				h.send(TopicForecasts, &fm)
			}

			assert.Equal(t, 1, h.scorer.node.DecodeErrors()[tc.topic])
			if tc.topic == TopicForecasts {
				assert.Empty(t, h.outputs["/occupancy_scorer/energies"], "a rejected set is not scored")
			}
			d := decodeLast[diagnostic_msgs.DiagnosticArray](t, h, "/diagnostics")
			assert.Equal(t, byte(diag.Warn), d.Status[0].Level)
			assert.Contains(t, d.Status[0].Message, tc.want)

			// The node keeps running: the valid set is scored.
			valid := msgconv.ForecastsMsg(set, stamp0, "map")
			h.send(TopicForecasts, &valid)
			got := decodeLast[ebm_av.ForecastEnergies](t, h, "/occupancy_scorer/energies")
			assert.Len(t, got.TotalEnergy, len(set))
		})
	}
}

func TestMissingHistoryIsStale(t *testing.T) {
	h := newHarness(t)
	_, set := scene(t)
	fm := msgconv.ForecastsMsg(set, stamp0, "map")
	h.send(TopicForecasts, &fm)
	assert.Empty(t, h.outputs["/occupancy_scorer/energies"])
	d := decodeLast[diagnostic_msgs.DiagnosticArray](t, h, "/diagnostics")
	assert.Equal(t, byte(diag.Stale), d.Status[0].Level)
	assert.Contains(t, d.Status[0].Message, "no occupancy history")
}

func TestWatchdogReportsMissingForecasts(t *testing.T) {
	h := newHarness(t)
	history, set := scene(t)
	hm := msgconv.OccupancyMsg(history, stamp0)
	h.send(TopicHistory, &hm)
	fm := msgconv.ForecastsMsg(set, stamp0, "map")
	h.send(TopicForecasts, &fm)
	require.Len(t, h.outputs["/diagnostics"], 1, "the cycle's own diagnostic")

	h.clock.Set(stamp0 + int64(2*time.Second))
	assert.Len(t, h.outputs["/diagnostics"], 1, "2 s without forecasts is within the 2.5 s limit")
	h.clock.Set(stamp0 + int64(3*time.Second))
	require.Len(t, h.outputs["/diagnostics"], 2)
	d := decodeLast[diagnostic_msgs.DiagnosticArray](t, h, "/diagnostics")
	assert.Equal(t, byte(diag.Stale), d.Status[0].Level)
	assert.Equal(t, "forecast sets stale: last received 3.000 s ago, limit 2.500 s; nothing scored", d.Status[0].Message)
	assert.Equal(t, stamp0+int64(3*time.Second), msgconv.Nanos(d.Header.Stamp), "stamped with bag time")
}
