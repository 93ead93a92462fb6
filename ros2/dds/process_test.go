//go:build cyclonedds

package dds_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
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
	"github.com/ebm-av/ebm_av/fusionnode"
	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/msgs/go/diagnostic_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/registry"
	"github.com/ebm-av/ebm_av/msgs/go/std_msgs"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/nodecli"
	"github.com/ebm-av/ebm_av/occupancynode"
	"github.com/ebm-av/ebm_av/plannernode"
	"github.com/ebm-av/ebm_av/replay"
	"github.com/ebm-av/ebm_av/ros2/dds"
	"github.com/ebm-av/ebm_av/ros2/dds/nodeproc"
	"github.com/ebm-av/ebm_av/ros2/dds/rosbag"
)

// The scenario and cycle count of the CommonRoad process tests: five
// planning cycles of a recorded SinD intersection with its published
// solution as the ego.
const (
	scenario = "commonroad/recorded/SinD/CHN_SIND-831_150_T-225"
	cycles   = 5
)

// plannerInputs are the bag topics planner_ebm subscribes to.
var plannerInputs = []string{importer.TopicEgoState, importer.TopicPredictedObstacle, importer.TopicLaneMap,
	importer.TopicBEVFeatures, importer.TopicCandidates}

// budgetArgs give every node a cycle-time budget that no cycle on a busy
// CI machine exceeds, so that the diagnostic level does not depend on the
// measured cycle time.
var budgetArgs = []string{"-p", "cycle_budget:=60.0"}

// nodeCase is one node run as a process and compared with bag replay.
type nodeCase struct {
	name   string
	start  replay.Starter
	input  func(t *testing.T, dir string) string // imports the input bag
	topics []string                              // input topics the node subscribes to
	rate   float64                               // playback rate
}

var nodeCases = []nodeCase{
	{name: plannernode.NodeName, start: plannernode.Start, input: importScenario, topics: plannerInputs, rate: 5},
	{name: occupancynode.NodeName, start: occupancynode.Start, input: importScenario, rate: 5,
		topics: []string{importer.TopicOccupancyHistory, importer.TopicOccupancyForecasts, importer.TopicOccupancyFeatures}},
	{name: fusionnode.NodeName, start: fusionnode.Start, input: importKITTI, rate: 1,
		topics: []string{fusionnode.TopicTFStatic, fusionnode.TopicCameraInfo, fusionnode.TopicImage,
			fusionnode.TopicDetections, fusionnode.TopicPointCloud}},
}

// buildNodes builds the node executables with the cyclonedds tag, once
// per test binary, and returns their directory.
var buildNodes = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "ebm-dds-nodes-")
	if err != nil {
		return "", err
	}
	_, file, _, _ := runtime.Caller(0)
	cmd := exec.Command("go", "build", "-tags", "cyclonedds", "-o", dir+"/", "./nodes/...")
	cmd.Dir = filepath.Join(filepath.Dir(file), "..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./nodes/...: %v\n%s", err, out)
	}
	return dir, nil
})

// processEnv gives every test its own DDS domain, so tests and parallel
// test binaries on one host do not see each other's nodes.
func processEnv(t testing.TB) (uint32, []string) {
	t.Helper()
	domain := uint32(os.Getpid()%100) + 100
	return domain, []string{fmt.Sprintf("ROS_DOMAIN_ID=%d", domain), "CYCLONEDDS_URI=" + os.Getenv("CYCLONEDDS_URI")}
}

// startNode starts the node executable name as a separate process on the
// DDS transport. The test's cleanup stops it.
func startNode(t *testing.T, name string, env []string, rosArgs ...string) *nodeproc.Process {
	t.Helper()
	dir, err := buildNodes()
	require.NoError(t, err)
	p, err := nodeproc.Start(nodeproc.Spec{Path: filepath.Join(dir, name), Transport: "dds", ROSArgs: rosArgs, Env: env})
	require.NoError(t, err)
	t.Cleanup(func() {
		if !p.Exited() {
			p.Stop(10 * time.Second)
		}
		if t.Failed() {
			t.Logf("%s stderr:\n%s", name, p.Stderr())
		}
	})
	return p
}

// stopNode stops p and returns its summary.
func stopNode(t *testing.T, p *nodeproc.Process) nodecli.LiveSummary {
	t.Helper()
	require.NoError(t, p.Stop(10*time.Second), "node exit status")
	var sum nodecli.LiveSummary
	require.NoError(t, json.Unmarshal([]byte(p.Stdout()), &sum), "node summary %q", p.Stdout())
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
	_, err := importer.ImportCommonRoad(scen, out, importer.CommonRoadOptions{Solution: sol, MaxCycles: cycles, Occupancy: true})
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

// importKITTI imports the KITTI object-benchmark frames of the shared data.
func importKITTI(t *testing.T, dir string) string {
	t.Helper()
	out := filepath.Join(dir, "input")
	_, err := importer.ImportKITTI(shareddata.Path(t, "kitti/object/training"), out, importer.KITTIOptions{})
	require.NoError(t, err)
	return out
}

// playInputs plays topics of the bag at in over DDS once every topic has
// a subscription.
func playInputs(t *testing.T, domain uint32, in string, topics []string, rate float64) {
	t.Helper()
	player := openTransport(t, domain, "ebm_play")
	sum, err := rosbag.Play(context.Background(), player, in, rosbag.PlayOptions{
		Rate: rate, Topics: topics, WaitForSubscribers: 20 * time.Second, Delay: 500 * time.Millisecond})
	require.NoError(t, err)
	require.Empty(t, sum.Unmatched, "topics without a subscription")
	require.Positive(t, sum.Messages)
}

// timeRange is the span of bag time that a comparison covers, ns.
type timeRange struct{ from, to int64 }

// contains reports whether a header stamp lies in r. A zero stamp, from a
// message without a header, always does.
func (r timeRange) contains(stamp int64) bool {
	return stamp == 0 || (stamp >= r.from && stamp <= r.to)
}

// outputTopics returns the topics and types of the replay output bag at
// path that are not in the input bag at in, and the log-time span of the
// input. /rosout is left out: its records carry wall-clock stamps and
// source lines.
func outputTopics(t *testing.T, in, path string) (map[string]string, timeRange) {
	t.Helper()
	inputs := map[string]bool{"/rosout": true}
	r, err := bag.Open(in, bag.ReaderOptions{})
	require.NoError(t, err)
	for _, tp := range r.Topics() {
		inputs[tp.Name] = true
	}
	span := timeRange{from: math.MaxInt64, to: math.MinInt64}
	for m, err := range r.Messages(bag.Filter{}) {
		require.NoError(t, err)
		span.from, span.to = min(span.from, m.LogTime), max(span.to, m.LogTime)
	}
	r.Close()
	r, err = bag.Open(path, bag.ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	out := map[string]string{}
	for _, tp := range r.Topics() {
		if !inputs[tp.Name] {
			out[tp.Name] = tp.Type
		}
	}
	return out, span
}

// recordedMessages reads topic from a bag and returns its messages stamped
// within span, encoded again with wall-clock measurements blanked, ordered
// by header stamp and then by bytes. Encoding again drops the padding that
// DDS adds to reach a multiple of 4 bytes and compares NaN fields bit for
// bit. The span leaves out what a live node's wall-clock watchdog publishes
// after the input ends.
func recordedMessages(t *testing.T, path, topic string, span timeRange) [][]byte {
	t.Helper()
	r, err := bag.Open(path, bag.ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	type stamped struct {
		stamp int64
		data  []byte
	}
	var msgs []stamped
	for m, err := range r.Messages(bag.Filter{Topics: []string{topic}}) {
		require.NoError(t, err)
		msg, ok := registry.New(m.Topic.Type)
		require.True(t, ok, "type %s", m.Topic.Type)
		require.NoError(t, cdr.Unmarshal(m.Data, msg), "%s at log time %d", topic, m.LogTime)
		stamp := headerStamp(msg)
		if !span.contains(stamp) {
			continue
		}
		blankMeasurements(msg)
		data, err := cdr.Marshal(msg)
		require.NoError(t, err)
		msgs = append(msgs, stamped{stamp, data})
	}
	sort.SliceStable(msgs, func(i, j int) bool {
		if msgs[i].stamp != msgs[j].stamp {
			return msgs[i].stamp < msgs[j].stamp
		}
		return string(msgs[i].data) < string(msgs[j].data)
	})
	out := make([][]byte, len(msgs))
	for i, m := range msgs {
		out[i] = m.data
	}
	return out
}

// headerStamp returns the stamp of a message's top-level std_msgs/Header,
// or 0 for messages without one.
func headerStamp(m cdr.Message) int64 {
	v := reflect.ValueOf(m).Elem()
	if v.Kind() != reflect.Struct {
		return 0
	}
	f := v.FieldByName("Header")
	if !f.IsValid() {
		return 0
	}
	h, ok := f.Interface().(std_msgs.Header)
	if !ok {
		return 0
	}
	return int64(h.Stamp.Sec)*1e9 + int64(h.Stamp.Nanosec)
}

// blankMeasurements replaces values measured on the wall clock, which
// differ from run to run, in diagnostics and energy statistics.
func blankMeasurements(m cdr.Message) {
	switch m := m.(type) {
	case *diagnostic_msgs.DiagnosticArray:
		for i := range m.Status {
			for j := range m.Status[i].Values {
				if strings.HasSuffix(m.Status[i].Values[j].Key, "_ms") {
					m.Status[i].Values[j].Value = "(measured)"
				}
			}
		}
	case *ebm_av.EnergyStatistics:
		m.CycleTime = 0
	}
}

func TestNodeProcessesMatchReplay(t *testing.T) {
	for _, nc := range nodeCases {
		t.Run(nc.name, func(t *testing.T) { testNodeProcess(t, nc) })
	}
}

// testNodeProcess runs the node of nc as a separate process on DDS over
// its input bag, records every output topic that bag replay produces and
// requires the same messages.
func testNodeProcess(t *testing.T, nc nodeCase) {
	dir := t.TempDir()
	in := nc.input(t, dir)
	want := filepath.Join(dir, "replay")
	args, _, err := node.ParseArgs(append([]string{"--ros-args"}, budgetArgs...))
	require.NoError(t, err)
	_, err = replay.Run(context.Background(), replay.Options{Inputs: []string{in}, Output: want,
		Nodes: []replay.NodeSpec{{Name: nc.name, Start: nc.start, Args: args}}})
	require.NoError(t, err)
	outputs, span := outputTopics(t, in, want)
	require.NotEmpty(t, outputs, "replay outputs")
	wantCounts := map[string]int{}
	var topics []string
	for topic := range outputs {
		wantCounts[topic] = len(recordedMessages(t, want, topic, span))
		topics = append(topics, topic)
	}
	sort.Strings(topics)

	domain, env := processEnv(t)
	proc := startNode(t, nc.name, env, budgetArgs...)
	recorder := openTransport(t, domain, "ebm_record")
	counts := subscribeCounts(t, recorder, outputs)
	got := filepath.Join(dir, "dds")
	ctx, stopRecording := context.WithCancel(context.Background())
	ready := make(chan struct{})
	recorded := make(chan error, 1)
	go func() {
		_, err := rosbag.Record(ctx, recorder, recorder, got, rosbag.RecordOptions{
			Topics: topics, DiscoveryTimeout: 20 * time.Second, Ready: func() { close(ready) }})
		recorded <- err
	}()
	select {
	case <-ready:
	case err := <-recorded:
		t.Fatalf("recorder stopped before it subscribed: %v", err)
	}

	playInputs(t, domain, in, nc.topics, nc.rate)
	counts.waitCounts(t, wantCounts, 30*time.Second)
	stopRecording()
	require.NoError(t, <-recorded)

	sum := stopNode(t, proc)
	assert.Empty(t, sum.Rejected, "inputs the node rejected")
	for _, topic := range topics {
		t.Run(topic, func(t *testing.T) {
			assert.Equal(t, recordedMessages(t, want, topic, span), recordedMessages(t, got, topic, span))
		})
	}
}

func TestPlannerRejectsGarbageAndWrongType(t *testing.T) {
	dir := t.TempDir()
	in := importScenario(t, dir)
	domain, env := processEnv(t)
	planner := startNode(t, plannernode.NodeName, env)
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
	playInputs(t, domain, in, plannerInputs, 5)
	counts.waitCounts(t, map[string]int{"/planner_ebm/energies": cycles}, 30*time.Second)

	require.False(t, planner.Exited(), "planner_ebm exited on bad input")
	sum := stopNode(t, planner)
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
