package rosbag

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/msgs/go/std_msgs"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/node/inproc"
	"github.com/ebm-av/ebm_av/ros2/dds"
)

func stringCDR(t *testing.T, s string) []byte {
	data, err := cdr.Marshal(&std_msgs.String{Data: s})
	require.NoError(t, err)
	return data
}

// writeBag writes "a0".."a2" on /a (volatile) every second and one "m" on
// /map (transient local) at the start.
func writeBag(t *testing.T, dir string) string {
	path := filepath.Join(dir, "in")
	w, err := bag.Create(path, bag.WriterOptions{})
	require.NoError(t, err)
	def := (&std_msgs.String{}).ROSDefinition()
	require.NoError(t, w.AddTopic(bag.Topic{Name: "/a", Type: "std_msgs/msg/String", Definition: def,
		SerializationFormat: bag.SerializationCDR}))
	require.NoError(t, w.AddTopic(bag.Topic{Name: "/map", Type: "std_msgs/msg/String", Definition: def,
		SerializationFormat: bag.SerializationCDR,
		OfferedQoSProfiles:  bag.FormatQoSProfiles(bag.OfferedQoS(bag.ReliabilityReliable, bag.DurabilityTransientLocal))}))
	const t0 = int64(1_700_000_000_000_000_000)
	require.NoError(t, w.Write("/map", t0, stringCDR(t, "m")))
	for i, s := range []string{"a0", "a1", "a2"} {
		require.NoError(t, w.Write("/a", t0+int64(i)*1_000_000_000, stringCDR(t, s)))
	}
	require.NoError(t, w.Close())
	return path
}

func TestPlayKeepsOrderRateAndQoS(t *testing.T) {
	in := writeBag(t, t.TempDir())
	bus := inproc.New(func() int64 { return time.Now().UnixNano() })
	var (
		mu      sync.Mutex
		samples []node.Sample
		times   []time.Time
	)
	bus.Tap(func(s node.Sample) {
		mu.Lock()
		defer mu.Unlock()
		samples = append(samples, s)
		times = append(times, time.Now())
	})
	sum, err := Play(context.Background(), bus, in, PlayOptions{Rate: 20})
	require.NoError(t, err)
	assert.Equal(t, 4, sum.Messages)
	assert.Equal(t, map[string]int{"/a": 3, "/map": 1}, sum.PerTopic)

	require.Len(t, samples, 4)
	var order []string
	for _, s := range samples {
		var m std_msgs.String
		require.NoError(t, cdr.Unmarshal(s.Data, &m))
		order = append(order, s.Topic+":"+m.Data)
	}
	assert.Equal(t, []string{"/map:m", "/a:a0", "/a:a1", "/a:a2"}, order)
	assert.Equal(t, node.QoS{Reliability: node.Reliable, Durability: node.TransientLocal, Depth: 1}, samples[0].QoS)
	assert.Equal(t, node.QoSDefault, samples[1].QoS)
	// 2 s of bag time at rate 20 take 100 ms; the upper bound leaves room
	// for a loaded machine and still fails at the recorded rate.
	span := times[3].Sub(times[1])
	assert.GreaterOrEqual(t, span, 100*time.Millisecond)
	assert.Less(t, span, time.Second)
}

func TestPlayTopicFilter(t *testing.T) {
	in := writeBag(t, t.TempDir())
	bus := inproc.New(func() int64 { return 0 })
	sum, err := Play(context.Background(), bus, in, PlayOptions{Rate: 100, Topics: []string{"/map"}})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"/map": 1}, sum.PerTopic)

	_, err = Play(context.Background(), bus, in, PlayOptions{Topics: []string{"/missing"}})
	assert.ErrorContains(t, err, "topic /missing is not in the bag")
	_, err = Play(context.Background(), bus, in, PlayOptions{Rate: -1})
	assert.ErrorContains(t, err, "invalid rate -1")
}

func TestPlayReportsUnmatchedTopics(t *testing.T) {
	in := writeBag(t, t.TempDir())
	bus := inproc.New(func() int64 { return 0 })
	_, err := bus.Subscribe("/a", "std_msgs/msg/String", node.QoSDefault, func(node.Sample) {})
	require.NoError(t, err)
	sum, err := Play(context.Background(), bus, in, PlayOptions{Rate: 100, WaitForSubscribers: 30 * time.Millisecond})
	require.NoError(t, err)
	assert.Equal(t, []string{"/map"}, sum.Unmatched)
}

// staticGraph is a Graph with a fixed list of publications.
type staticGraph []dds.Publication

func (g staticGraph) Publications() []dds.Publication { return g }

func TestRecordWritesReceivedMessages(t *testing.T) {
	out := filepath.Join(t.TempDir(), "rec")
	var clock int64 = 1000
	bus := inproc.New(func() int64 { clock++; return clock })
	graph := staticGraph{{Topic: "/a", Type: "std_msgs/msg/String", QoS: node.QoSDefault}}
	pub, err := bus.Advertise("/a", "std_msgs/msg/String", node.QoSDefault)
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan RecordSummary, 1)
	ready := make(chan struct{})
	go func() {
		sum, err := Record(ctx, bus, graph, out, RecordOptions{Topics: []string{"/a"}, Ready: func() { close(ready) }})
		assert.NoError(t, err)
		done <- sum
	}()
	<-ready
	for _, s := range []string{"x", "y"} {
		require.NoError(t, pub.Publish(ctx, stringCDR(t, s)))
	}
	cancel()
	sum := <-done
	assert.Equal(t, 2, sum.Messages)

	r, err := bag.Open(out, bag.ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	require.Len(t, r.Topics(), 1)
	assert.Equal(t, "std_msgs/msg/String", r.Topics()[0].Type)
	var got []string
	var logTimes []int64
	for m, err := range r.Messages(bag.Filter{}) {
		require.NoError(t, err)
		var s std_msgs.String
		require.NoError(t, cdr.Unmarshal(m.Data, &s))
		got = append(got, s.Data)
		logTimes = append(logTimes, m.LogTime)
	}
	assert.Equal(t, []string{"x", "y"}, got)
	assert.Equal(t, []int64{1001, 1002}, logTimes)
}

func TestRecordDiscoveryTimeout(t *testing.T) {
	bus := inproc.New(func() int64 { return 0 })
	_, err := Record(context.Background(), bus, staticGraph{}, filepath.Join(t.TempDir(), "rec"),
		RecordOptions{Topics: []string{"/none"}, DiscoveryTimeout: 30 * time.Millisecond})
	assert.ErrorIs(t, err, ErrNoPublisher)
	assert.ErrorContains(t, err, "[/none]")
}

func TestRecordRejectsConflictingTypes(t *testing.T) {
	bus := inproc.New(func() int64 { return 0 })
	graph := staticGraph{{Topic: "/a", Type: "std_msgs/msg/String"}, {Topic: "/a", Type: "std_msgs/msg/Bool"}}
	_, err := Record(context.Background(), bus, graph, filepath.Join(t.TempDir(), "rec"),
		RecordOptions{Topics: []string{"/a"}, DiscoveryTimeout: time.Second})
	assert.ErrorContains(t, err, "topic /a has publishers of types std_msgs/msg/String and std_msgs/msg/Bool")
}
