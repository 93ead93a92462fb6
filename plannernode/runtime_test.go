package plannernode

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/diagnostic_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/tf2_msgs"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/node/inproc"
)

// countingTransport counts the messages published per topic, without
// subscribing, so optional outputs see no subscription.
type countingTransport struct {
	node.Transport
	published map[string]int
}

type countingPublisher struct {
	node.RawPublisher
	count func()
}

func (c countingPublisher) Publish(ctx context.Context, data []byte) error {
	c.count()
	return c.RawPublisher.Publish(ctx, data)
}

func (t *countingTransport) Advertise(topic, typeName string, qos node.QoS) (node.RawPublisher, error) {
	raw, err := t.Transport.Advertise(topic, typeName, qos)
	if err != nil {
		return nil, err
	}
	return countingPublisher{RawPublisher: raw, count: func() { t.published[topic]++ }}, nil
}

func TestEnergyStatisticsOnlyWhenSubscribed(t *testing.T) {
	bus := inproc.New(func() int64 { return stamp0 })
	tr := &countingTransport{Transport: bus, published: map[string]int{}}
	_, err := New(node.Options{Transport: tr})
	require.NoError(t, err)
	ego, cands, obstacles, lanes := straightScene(t)
	send := func(topic string, m cdr.Message) {
		data, err := cdr.Marshal(m)
		require.NoError(t, err)
		require.NoError(t, bus.Inject(node.Sample{Topic: topic, Type: m.ROSTypeName(), Data: data}))
	}
	lm := msgconv.LaneMapMsg(lanes, stamp0, "map")
	send(TopicLaneMap, &lm)
	pred := msgconv.ObstaclesMsg(obstacles, 0.1, stamp0, "map")
	send(TopicPredictions, &pred)
	em := msgconv.EgoStateMsg(ego, stamp0, "map")
	send(TopicEgoState, &em)
	cm := msgconv.CandidatesMsg(cands, "frenet_lattice", stamp0, "map")
	send(TopicCandidates, &cm)

	assert.Equal(t, 1, tr.published["/planner_ebm/energies"], "the cycle ran")
	assert.Zero(t, tr.published["/planner_ebm/energy_statistics"], "no statistics without a subscription")
	assert.Zero(t, tr.published["/planner_ebm/candidate_markers"], "no markers without a subscription")

	var stats []*ebm_av.EnergyStatistics
	cancel, err := bus.Subscribe("/planner_ebm/energy_statistics", "", node.QoSDefault, func(s node.Sample) {
		var m ebm_av.EnergyStatistics
		require.NoError(t, cdr.Unmarshal(s.Data, &m))
		stats = append(stats, &m)
	})
	require.NoError(t, err)
	defer cancel()
	send(TopicCandidates, &cm)
	require.Len(t, stats, 1)
	assert.Equal(t, []string{"collision_risk", "lane", "comfort", "progress", "rules", "uncertainty"}, stats[0].TermNames)
	assert.Len(t, stats[0].Sums, 6)
}

func TestEgoPoseOnTF(t *testing.T) {
	h := newHarness(t)
	ego, _, _, _ := straightScene(t)
	ego.X, ego.Y, ego.Yaw = 12.5, -3, 0.5
	em := msgconv.EgoStateMsg(ego, stamp0, "map")
	h.send(TopicEgoState, &em)

	tf := decodeLast[tf2_msgs.TFMessage](t, h, "/tf")
	require.Len(t, tf.Transforms, 1)
	tr := tf.Transforms[0]
	assert.Equal(t, "map", tr.Header.FrameID)
	assert.Equal(t, "base_link", tr.ChildFrameID)
	assert.Equal(t, stamp0, msgconv.Nanos(tr.Header.Stamp))
	assert.Equal(t, 12.5, tr.Transform.Translation.X)
	assert.Equal(t, -3.0, tr.Transform.Translation.Y)
	pose := msgconv.Pose(0, 0, 0.5)
	assert.Equal(t, pose.Orientation, tr.Transform.Rotation)
}

// simHarness runs a planner on bag time, as a replay does.
func simHarness(t *testing.T, argv ...string) (*harness, *node.SimClock) {
	clock := &node.SimClock{}
	h := &harness{t: t, outputs: map[string][][]byte{}}
	h.bus = inproc.New(func() int64 { return clock.Now().UnixNano() })
	h.bus.Tap(func(s node.Sample) { h.outputs[s.Topic] = append(h.outputs[s.Topic], s.Data) })
	args, _, err := node.ParseArgs(append([]string{"--ros-args", "-p", "use_sim_time:=true"}, argv...))
	require.NoError(t, err)
	_, err = New(node.Options{Transport: h.bus, Clock: clock, Args: args})
	require.NoError(t, err)
	return h, clock
}

func TestWatchdogReportsMissingCandidates(t *testing.T) {
	h, clock := simHarness(t)
	ego, cands, obstacles, _ := straightScene(t)
	clock.Set(stamp0)
	clock.Set(stamp0 + int64(3*time.Second))
	assert.Empty(t, h.outputs["/diagnostics"], "no diagnostic while waiting for the first candidate set")

	pred := msgconv.ObstaclesMsg(obstacles, 0.1, stamp0, "map")
	h.send(TopicPredictions, &pred)
	em := msgconv.EgoStateMsg(ego, stamp0, "map")
	h.send(TopicEgoState, &em)
	cm := msgconv.CandidatesMsg(cands, "frenet_lattice", stamp0, "map")
	h.send(TopicCandidates, &cm)
	require.Len(t, h.outputs["/diagnostics"], 1, "the cycle's own diagnostic")

	clock.Set(stamp0 + int64(5*time.Second))
	assert.Len(t, h.outputs["/diagnostics"], 1, "2 s without candidates is within the 2.5 s limit")
	clock.Set(stamp0 + int64(6*time.Second))
	require.Len(t, h.outputs["/diagnostics"], 2)
	d := decodeLast[diagnostic_msgs.DiagnosticArray](t, h, "/diagnostics")
	assert.Equal(t, diagnostic_msgs.DiagnosticStatusStale, d.Status[0].Level)
	assert.Equal(t, "candidates stale: last received 3.000 s ago, limit 2.500 s; no trajectory published", d.Status[0].Message)
	assert.Equal(t, stamp0+int64(6*time.Second), msgconv.Nanos(d.Header.Stamp), "stamped with bag time")
}

func TestLatePredictionsFallBack(t *testing.T) {
	h, clock := simHarness(t)
	ego, cands, obstacles, lanes := straightScene(t)
	clock.Set(stamp0)
	lm := msgconv.LaneMapMsg(lanes, stamp0, "map")
	h.send(TopicLaneMap, &lm)
	pred := msgconv.ObstaclesMsg(obstacles, 0.1, stamp0, "map")
	h.send(TopicPredictions, &pred)

	// The predictions carry the cycle's stamp but arrived 0.8 s of bag time
	// earlier, over the 0.5 s limit.
	clock.Set(stamp0 + int64(800*time.Millisecond))
	em := msgconv.EgoStateMsg(ego, stamp0, "map")
	h.send(TopicEgoState, &em)
	cm := msgconv.CandidatesMsg(cands, "frenet_lattice", stamp0, "map")
	h.send(TopicCandidates, &cm)

	sel := decodeLast[ebm_av.SelectedTrajectory](t, h, "/planner_ebm/selected_trajectory")
	assert.True(t, sel.Fallback)
	d := decodeLast[diagnostic_msgs.DiagnosticArray](t, h, "/diagnostics")
	assert.Equal(t, diagnostic_msgs.DiagnosticStatusError, d.Status[0].Level)
	assert.Contains(t, d.Status[0].Message, "obstacle predictions stale: last received 0.800 s ago, limit 0.500 s")
}

func TestCycleOverBudgetWarns(t *testing.T) {
	h, clock := simHarness(t, "-p", "cycle_budget:=1e-9")
	ego, cands, obstacles, lanes := straightScene(t)
	clock.Set(stamp0)
	lm := msgconv.LaneMapMsg(lanes, stamp0, "map")
	h.send(TopicLaneMap, &lm)
	pred := msgconv.ObstaclesMsg(obstacles, 0.1, stamp0, "map")
	h.send(TopicPredictions, &pred)
	em := msgconv.EgoStateMsg(ego, stamp0, "map")
	h.send(TopicEgoState, &em)
	cm := msgconv.CandidatesMsg(cands, "frenet_lattice", stamp0, "map")
	h.send(TopicCandidates, &cm)

	sel := decodeLast[ebm_av.SelectedTrajectory](t, h, "/planner_ebm/selected_trajectory")
	assert.False(t, sel.Fallback, "an overrun still publishes the selection")
	d := decodeLast[diagnostic_msgs.DiagnosticArray](t, h, "/diagnostics")
	assert.Equal(t, diagnostic_msgs.DiagnosticStatusWarn, d.Status[0].Level)
	assert.Contains(t, d.Status[0].Message, "over budget 0.000 ms")
}

func TestInvalidRuntimeParametersNamed(t *testing.T) {
	for arg, want := range map[string]string{
		"cycle_budget:=0.0":              "invalid cycle_budget 0 s: must be > 0",
		"input_timeout.ego_state:=-1.0":  "invalid input_timeout.ego_state -1 s: must be > 0",
		"base_frame_id:=map":             `invalid base_frame_id "map": must be set and differ from frame_id "map"`,
		"watchdog_period:=0.0":           "invalid watchdog_period 0 s",
		"input_timeout.candidates:=fast": `parameter "input_timeout.candidates"`,
	} {
		_, err := startWithArgs(t, "-p", arg)
		assert.ErrorContains(t, err, want, arg)
	}
}
