package plannernode

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/geom"
	"github.com/ebm-av/ebm_av/lanemap"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/diagnostic_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/visualization_msgs"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/node/inproc"
	"github.com/ebm-av/ebm_av/sampler"
	"github.com/ebm-av/ebm_av/traj"
)

const stamp0 = int64(1_700_000_000_000_000_000)

// harness runs a planner on an in-process bus and keeps every output.
type harness struct {
	t       *testing.T
	bus     *inproc.Bus
	outputs map[string][][]byte
}

func newHarness(t *testing.T) *harness {
	h := &harness{t: t, outputs: map[string][][]byte{}}
	h.bus = inproc.New(func() int64 { return stamp0 })
	h.bus.Tap(func(s node.Sample) { h.outputs[s.Topic] = append(h.outputs[s.Topic], s.Data) })
	_, err := New(node.Options{Transport: h.bus})
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
}](t *testing.T, h *harness, topic string) P {
	msgs := h.outputs[topic]
	require.NotEmpty(t, msgs, topic)
	var m P = new(M)
	require.NoError(t, cdr.Unmarshal(msgs[len(msgs)-1], m))
	return m
}

// straightScene is a 3.5 m wide lane along +x with the ego at 15 m/s and a
// stopped car 40 m ahead in the lane.
func straightScene(t *testing.T) (traj.EgoState, []traj.Trajectory, []traj.Obstacle, lanemap.Map) {
	ego := traj.EgoState{X: 0, Y: 0, V: 15, Length: 4.3, Width: 1.7}
	var center, left, right []lanemap.Vec2
	var line []geom.Vec2
	for x := -50.0; x <= 400; x += 5 {
		center = append(center, lanemap.Vec2{X: x})
		left = append(left, lanemap.Vec2{X: x, Y: 5.25})
		right = append(right, lanemap.Vec2{X: x, Y: -1.75})
		line = append(line, geom.Vec2{X: x})
	}
	lanes := lanemap.Map{Lanes: []lanemap.Lane{{ID: 1, Center: center, Left: left, Right: right, SpeedLimit: 20}}}
	ref, err := sampler.NewReference(line)
	require.NoError(t, err)
	s, err := sampler.New(sampler.Options{})
	require.NoError(t, err)
	cands, err := s.Sample(ego, ref)
	require.NoError(t, err)
	out := make([]traj.Trajectory, len(cands))
	for i := range cands {
		out[i] = cands[i].Trajectory
	}
	stopped := traj.Obstacle{ID: 7, Type: "car", Length: 4.5, Width: 1.8}
	for k := 0; k <= 80; k++ {
		stopped.States = append(stopped.States, traj.ObstacleState{T: float64(k) * 0.1, X: 40})
	}
	return ego, out, []traj.Obstacle{stopped}, lanes
}

func TestPlanCycleOutputs(t *testing.T) {
	h := newHarness(t)
	ego, cands, obstacles, lanes := straightScene(t)
	lm := msgconv.LaneMapMsg(lanes, stamp0, "map")
	h.send(TopicLaneMap, &lm)
	pred := msgconv.ObstaclesMsg(obstacles, 0.1, stamp0, "map")
	h.send(TopicPredictions, &pred)
	em := msgconv.EgoStateMsg(ego, stamp0, "map")
	h.send(TopicEgoState, &em)
	cm := msgconv.CandidatesMsg(cands, "frenet_lattice", stamp0, "map")
	h.send(TopicCandidates, &cm)

	e := decodeLast[ebm_av.CandidateEnergies](t, h, "/planner_ebm/energies")
	n := len(cands)
	require.Len(t, e.TotalEnergy, n)
	require.Len(t, e.Feasible, n)
	require.Len(t, e.RejectionReason, n)
	require.Len(t, e.Probability, n)
	assert.Equal(t, []string{"collision_risk", "lane", "comfort", "progress", "rules", "uncertainty"}, termNames(e))
	assert.False(t, e.TemperatureCalibrated)

	var sum float64
	best := -1
	for i := range e.TotalEnergy {
		var termSum float64
		for _, term := range e.Terms {
			require.Len(t, term.Energies, n)
			termSum += term.Energies[i]
		}
		assert.InDelta(t, e.TotalEnergy[i], termSum, 1e-9*math.Max(1, math.Abs(termSum)), "total is the sum of the weighted terms")
		if !e.Feasible[i] {
			assert.Zero(t, e.Probability[i])
			assert.NotEmpty(t, e.RejectionReason[i])
			continue
		}
		assert.Empty(t, e.RejectionReason[i])
		sum += e.Probability[i]
		if best < 0 || e.TotalEnergy[i] < e.TotalEnergy[best] {
			best = i
		}
	}
	assert.InDelta(t, 1, sum, 1e-9, "probabilities of feasible candidates sum to 1")
	require.GreaterOrEqual(t, best, 0)
	assert.Equal(t, int32(best), e.SelectedIndex)
	// Candidates driving at 15 m/s through the stopped car must be rejected.
	assert.Contains(t, e.RejectionReason, "")
	collisions := 0
	for _, r := range e.RejectionReason {
		if len(r) > 9 && r[:9] == "collision" {
			collisions++
		}
	}
	assert.Positive(t, collisions)

	sel := decodeLast[ebm_av.SelectedTrajectory](t, h, "/planner_ebm/selected_trajectory")
	assert.False(t, sel.Fallback)
	assert.Equal(t, int32(best), sel.CandidateIndex)

	mk := decodeLast[visualization_msgs.MarkerArray](t, h, "/planner_ebm/candidate_markers")
	require.Len(t, mk.Markers, n+2, "DELETEALL, one line per candidate and the selection")
	assert.Equal(t, visualization_msgs.MarkerDeleteall, mk.Markers[0].Action)

	d := decodeLast[diagnostic_msgs.DiagnosticArray](t, h, "/diagnostics")
	require.Len(t, d.Status, 1)
	assert.Equal(t, diagnostic_msgs.DiagnosticStatusWarn, d.Status[0].Level, "no BEV features were sent")
}

func TestPlanWithoutPredictionsFallsBack(t *testing.T) {
	h := newHarness(t)
	ego, cands, _, _ := straightScene(t)
	em := msgconv.EgoStateMsg(ego, stamp0, "map")
	h.send(TopicEgoState, &em)
	cm := msgconv.CandidatesMsg(cands, "frenet_lattice", stamp0, "map")
	h.send(TopicCandidates, &cm)

	sel := decodeLast[ebm_av.SelectedTrajectory](t, h, "/planner_ebm/selected_trajectory")
	assert.True(t, sel.Fallback)
	assert.Equal(t, ebm_av.CandidateEnergiesNoSelection, sel.CandidateIndex)
	last := sel.Trajectory.Points[len(sel.Trajectory.Points)-1]
	assert.Zero(t, last.Velocity, "the fallback stops")
	d := decodeLast[diagnostic_msgs.DiagnosticArray](t, h, "/diagnostics")
	assert.Equal(t, diagnostic_msgs.DiagnosticStatusError, d.Status[0].Level)
	assert.Contains(t, d.Status[0].Message, "no obstacle predictions")
}

func TestPlanWithStaleEgoSkipsCycle(t *testing.T) {
	h := newHarness(t)
	ego, cands, obstacles, _ := straightScene(t)
	em := msgconv.EgoStateMsg(ego, stamp0-int64(1e9), "map")
	h.send(TopicEgoState, &em)
	pred := msgconv.ObstaclesMsg(obstacles, 0.1, stamp0, "map")
	h.send(TopicPredictions, &pred)
	cm := msgconv.CandidatesMsg(cands, "frenet_lattice", stamp0, "map")
	h.send(TopicCandidates, &cm)

	assert.Empty(t, h.outputs["/planner_ebm/selected_trajectory"])
	d := decodeLast[diagnostic_msgs.DiagnosticArray](t, h, "/diagnostics")
	assert.Equal(t, diagnostic_msgs.DiagnosticStatusStale, d.Status[0].Level)
	assert.Contains(t, d.Status[0].Message, "ego state stale by 1.000 s")
}

func termNames(e *ebm_av.CandidateEnergies) []string {
	var out []string
	for _, t := range e.Terms {
		out = append(out, t.Name)
	}
	return out
}
