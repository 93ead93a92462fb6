//go:build cyclonedds

package dds_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/msgs/go/diagnostic_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/registry"
	"github.com/ebm-av/ebm_av/msgs/go/std_msgs"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/nodecli"
	"github.com/ebm-av/ebm_av/plannernode"
	"github.com/ebm-av/ebm_av/replay"
	"github.com/ebm-av/ebm_av/ros2/dds"
	"github.com/ebm-av/ebm_av/ros2/dds/nodeproc"
	"github.com/ebm-av/ebm_av/ros2/dds/rosbag"
)

// The scenario and cycle count of the process tests: five planning cycles
// of a recorded SinD intersection with its published solution as the ego.
const (
	scenario = "commonroad/recorded/SinD/CHN_SIND-831_150_T-225"
	cycles   = 5
)

// plannerOutputs are the planner_ebm topics compared with bag replay.
var plannerOutputs = []string{"/planner_ebm/energies", "/planner_ebm/selected_trajectory", "/diagnostics"}

// plannerInputs are the bag topics planner_ebm subscribes to.
var plannerInputs = []string{importer.TopicEgoState, importer.TopicPredictedObstacle, importer.TopicLaneMap,
	importer.TopicBEVFeatures, importer.TopicCandidates}

func repoRoot(t testing.TB) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// buildNode builds a node executable with the cyclonedds tag, once per
// test binary.
var buildNode = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "ebm-dds-nodes-")
	if err != nil {
		return "", err
	}
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	exe := filepath.Join(dir, plannernode.NodeName)
	cmd := exec.Command("go", "build", "-tags", "cyclonedds", "-o", exe, "./nodes/planner_ebm")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build planner_ebm: %v\n%s", err, out)
	}
	return exe, nil
})

// processEnv gives every test its own DDS domain, so tests and parallel
// test binaries on one host do not see each other's nodes.
func processEnv(t testing.TB) (uint32, []string) {
	t.Helper()
	domain := uint32(os.Getpid()%100) + 100
	return domain, []string{fmt.Sprintf("ROS_DOMAIN_ID=%d", domain), "CYCLONEDDS_URI=" + os.Getenv("CYCLONEDDS_URI")}
}

// startPlanner starts planner_ebm as a separate process on the DDS
// transport; the test's cleanup stops it.
func startPlanner(t *testing.T, env []string) *nodeproc.Process {
	t.Helper()
	exe, err := buildNode()
	require.NoError(t, err)
	p, err := nodeproc.Start(nodeproc.Spec{Path: exe, Transport: "dds", Env: env})
	require.NoError(t, err)
	t.Cleanup(func() {
		if !p.Exited() {
			p.Stop(10 * time.Second)
		}
		if t.Failed() {
			t.Logf("planner_ebm stderr:\n%s", p.Stderr())
		}
	})
	return p
}

// stopPlanner stops p and returns its summary.
func stopPlanner(t *testing.T, p *nodeproc.Process) nodecli.LiveSummary {
	t.Helper()
	require.NoError(t, p.Stop(10*time.Second), "planner_ebm exit status")
	var sum nodecli.LiveSummary
	require.NoError(t, json.Unmarshal([]byte(p.Stdout()), &sum), "planner_ebm summary %q", p.Stdout())
	return sum
}

func openTransport(t *testing.T, domain uint32, name string) *dds.Transport {
	t.Helper()
	tr, err := dds.New(dds.Options{DomainID: domain, NodeName: name})
	require.NoError(t, err)
	t.Cleanup(func() { tr.Close() })
	return tr
}

func importScenario(t *testing.T, dir string) string {
	t.Helper()
	scen := shareddata.Path(t, scenario+".cr.xml")
	sol := shareddata.Path(t, scenario+".solution.xml")
	out := filepath.Join(dir, "input")
	_, err := importer.ImportCommonRoad(scen, out, importer.CommonRoadOptions{Solution: sol, MaxCycles: cycles})
	require.NoError(t, err)
	return out
}

// countingSubscriber counts messages per topic.
type countingSubscriber struct {
	mu     sync.Mutex
	counts map[string]int
}

func subscribeCounts(t *testing.T, tr node.Transport, topics map[string]string) *countingSubscriber {
	c := &countingSubscriber{counts: map[string]int{}}
	for topic, typ := range topics {
		cancel, err := tr.Subscribe(topic, typ, node.QoSDefault, func(s node.Sample) {
			c.mu.Lock()
			c.counts[s.Topic]++
			c.mu.Unlock()
		})
		require.NoError(t, err)
		t.Cleanup(cancel)
	}
	return c
}

// waitCounts waits until every topic of want has at least its count.
func (c *countingSubscriber) waitCounts(t *testing.T, want map[string]int, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		c.mu.Lock()
		done := true
		for topic, n := range want {
			if c.counts[topic] < n {
				done = false
			}
		}
		got := fmt.Sprint(c.counts)
		c.mu.Unlock()
		if done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s received %s, expected %v", timeout, got, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// playInputs plays the planner inputs of the bag at in over DDS at five
// times the recorded rate.
func playInputs(t *testing.T, domain uint32, in string) {
	t.Helper()
	player := openTransport(t, domain, "ebm_play")
	sum, err := rosbag.Play(context.Background(), player, in, rosbag.PlayOptions{
		Rate: 5, Topics: plannerInputs, WaitForSubscribers: 20 * time.Second, Delay: 500 * time.Millisecond})
	require.NoError(t, err)
	require.Empty(t, sum.Unmatched, "topics without a planner_ebm subscription")
	require.Equal(t, cycles*len(plannerInputs), sum.Messages)
}

// stampedMessages reads topic from a bag and returns its messages decoded
// and ordered by header stamp.
func stampedMessages(t *testing.T, path, topic string) []cdr.Message {
	t.Helper()
	r, err := bag.Open(path, bag.ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	var msgs []cdr.Message
	var stamps []int64
	for m, err := range r.Messages(bag.Filter{Topics: []string{topic}}) {
		require.NoError(t, err)
		msg, ok := registry.New(m.Topic.Type)
		require.True(t, ok, "type %s", m.Topic.Type)
		require.NoError(t, cdr.Unmarshal(m.Data, msg), "%s at log time %d", topic, m.LogTime)
		msgs = append(msgs, msg)
		stamps = append(stamps, headerStamp(t, msg))
	}
	idx := make([]int, len(msgs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return stamps[idx[a]] < stamps[idx[b]] })
	out := make([]cdr.Message, len(msgs))
	for i, j := range idx {
		out[i] = msgs[j]
	}
	return out
}

func encodeAll(t *testing.T, msgs []cdr.Message) [][]byte {
	out := make([][]byte, len(msgs))
	for i, m := range msgs {
		data, err := cdr.Marshal(m)
		require.NoError(t, err)
		out[i] = data
	}
	return out
}

func headerStamp(t *testing.T, m cdr.Message) int64 {
	var h std_msgs.Header
	switch m := m.(type) {
	case *ebm_av.CandidateEnergies:
		h = m.Header
	case *ebm_av.SelectedTrajectory:
		h = m.Header
	case *diagnostic_msgs.DiagnosticArray:
		h = m.Header
		// The cycle time is measured on the wall clock and differs by run.
		for i := range m.Status {
			for j := range m.Status[i].Values {
				if m.Status[i].Values[j].Key == "cycle_time_ms" {
					m.Status[i].Values[j].Value = "(measured)"
				}
			}
		}
	default:
		t.Fatalf("no header stamp for %T", m)
	}
	return int64(h.Stamp.Sec)*1e9 + int64(h.Stamp.Nanosec)
}

func TestPlannerProcessMatchesReplay(t *testing.T) {
	dir := t.TempDir()
	in := importScenario(t, dir)

	want := filepath.Join(dir, "replay")
	_, err := replay.Run(context.Background(), replay.Options{Inputs: []string{in}, Output: want,
		Nodes: []replay.NodeSpec{{Name: plannernode.NodeName, Start: plannernode.Start}}})
	require.NoError(t, err)

	domain, env := processEnv(t)
	planner := startPlanner(t, env)

	recorder := openTransport(t, domain, "ebm_record")
	counts := subscribeCounts(t, recorder, map[string]string{
		"/planner_ebm/energies":            "ebm_av/msg/CandidateEnergies",
		"/planner_ebm/selected_trajectory": "ebm_av/msg/SelectedTrajectory",
		"/diagnostics":                     "diagnostic_msgs/msg/DiagnosticArray",
	})
	got := filepath.Join(dir, "dds")
	ctx, stopRecording := context.WithCancel(context.Background())
	ready := make(chan struct{})
	recorded := make(chan error, 1)
	go func() {
		_, err := rosbag.Record(ctx, recorder, recorder, got, rosbag.RecordOptions{
			Topics: plannerOutputs, DiscoveryTimeout: 20 * time.Second, Ready: func() { close(ready) }})
		recorded <- err
	}()
	select {
	case <-ready:
	case err := <-recorded:
		t.Fatalf("recorder stopped before it subscribed: %v", err)
	}

	playInputs(t, domain, in)
	wantCounts := map[string]int{}
	for _, topic := range plannerOutputs {
		wantCounts[topic] = len(stampedMessages(t, want, topic))
	}
	require.Equal(t, cycles, wantCounts["/planner_ebm/energies"], "replay energies")
	counts.waitCounts(t, wantCounts, 30*time.Second)
	stopRecording()
	require.NoError(t, <-recorded)

	sum := stopPlanner(t, planner)
	assert.Empty(t, sum.Rejected, "inputs planner_ebm rejected")
	// Messages are compared re-encoded: the DDS copies carry padding to a
	// multiple of 4 bytes, and fallback trajectories hold NaN fields that
	// never compare equal as values.
	for _, topic := range plannerOutputs {
		t.Run(topic, func(t *testing.T) {
			assert.Equal(t, encodeAll(t, stampedMessages(t, want, topic)), encodeAll(t, stampedMessages(t, got, topic)))
		})
	}
}

func TestPlannerRejectsGarbageAndWrongType(t *testing.T) {
	dir := t.TempDir()
	in := importScenario(t, dir)
	domain, env := processEnv(t)
	planner := startPlanner(t, env)
	tr := openTransport(t, domain, "ebm_bad_publisher")
	ctx := context.Background()

	// A payload with a valid encapsulation header and a truncated body.
	garbage, err := tr.Advertise(importer.TopicEgoState, "ebm_av/msg/EgoState", node.QoSDefault)
	require.NoError(t, err)
	// A String on the candidates topic, whose publisher the planner only
	// matches because the transport reads writers of every type.
	wrongType, err := tr.Advertise(importer.TopicCandidates, "std_msgs/msg/String", node.QoSDefault)
	require.NoError(t, err)
	waitMatched(t, garbage, 1)
	waitMatched(t, wrongType, 1)
	require.NoError(t, garbage.Publish(ctx, []byte{0, 1, 0, 0, 0xff, 0xff, 0xff, 0x7f, 1, 2}))
	text, err := cdr.Marshal(&std_msgs.String{Data: "not a candidate set"})
	require.NoError(t, err)
	require.NoError(t, wrongType.Publish(ctx, text))

	// The node keeps planning on valid input afterwards.
	counts := subscribeCounts(t, tr, map[string]string{"/planner_ebm/energies": "ebm_av/msg/CandidateEnergies"})
	playInputs(t, domain, in)
	counts.waitCounts(t, map[string]int{"/planner_ebm/energies": cycles}, 30*time.Second)

	require.False(t, planner.Exited(), "planner_ebm exited on bad input")
	sum := stopPlanner(t, planner)
	assert.Equal(t, map[string]int{importer.TopicEgoState: 1, importer.TopicCandidates: 1}, sum.Rejected)
	logs := planner.Stderr()
	assert.True(t, hasLine(logs, "dropped invalid message", "topic=/localization/ego_state", "count=1", "truncated"),
		"no decode error logged for the garbage payload:\n%s", logs)
	assert.True(t, hasLine(logs, "dropped invalid message", "topic=/planning/candidates", "count=1", `std_msgs/msg/String`),
		"no decode error logged for the wrong-type message:\n%s", logs)
	assert.True(t, hasLine(logs, "writer of another type", "topic=/planning/candidates", "type=std_msgs/msg/String"),
		"wrong-type writer not reported:\n%s", logs)
}

// hasLine reports whether one line of logs contains every part.
func hasLine(logs string, parts ...string) bool {
	for line := range strings.Lines(logs) {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(line, p)
		}
		if all {
			return true
		}
	}
	return false
}

func waitMatched(t *testing.T, pub node.RawPublisher, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for pub.SubscriptionCount() < n {
		if time.Now().After(deadline) {
			t.Fatalf("publisher matched %d subscriptions after 20 s, expected %d", pub.SubscriptionCount(), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
