package rcltransport

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tiiuae/rclgo/pkg/rclgo"

	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/msgs/go/builtin_interfaces"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/registry"
	"github.com/ebm-av/ebm_av/msgs/go/std_msgs"
	"github.com/ebm-av/ebm_av/node"
)

func TestSplitTypeName(t *testing.T) {
	tests := []struct {
		in        string
		pkg, name string
		ok        bool
	}{
		{"std_msgs/msg/String", "std_msgs", "String", true},
		{"ebm_av/msg/CandidateEnergies", "ebm_av", "CandidateEnergies", true},
		{"std_msgs/String", "", "", false},
		{"std_srvs/srv/Empty", "", "", false},
		{"/msg/String", "", "", false},
		{"std_msgs/msg/", "", "", false},
	}
	for _, tt := range tests {
		pkg, name, err := splitTypeName(tt.in)
		if !tt.ok {
			assert.Error(t, err, tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.pkg, pkg, tt.in)
		assert.Equal(t, tt.name, name, tt.in)
	}
}

func TestQoSProfile(t *testing.T) {
	tests := []struct {
		name        string
		in          node.QoS
		reliability rclgo.ReliabilityPolicy
		durability  rclgo.DurabilityPolicy
		depth       int
	}{
		{"default", node.QoSDefault, rclgo.ReliabilityReliable, rclgo.DurabilityVolatile, 10},
		{"sensor data", node.QoSSensorData, rclgo.ReliabilityBestEffort, rclgo.DurabilityVolatile, 5},
		{"latched", node.QoSLatched, rclgo.ReliabilityReliable, rclgo.DurabilityTransientLocal, 1},
		{"clock", node.QoSClock, rclgo.ReliabilityBestEffort, rclgo.DurabilityVolatile, 1},
	}
	for _, tt := range tests {
		p := QoSProfile(tt.in)
		assert.Equal(t, rclgo.HistoryKeepLast, p.History, tt.name)
		assert.Equal(t, tt.depth, p.Depth, tt.name)
		assert.Equal(t, tt.reliability, p.Reliability, tt.name)
		assert.Equal(t, tt.durability, p.Durability, tt.name)
	}
}

// newTransport returns a transport on a node in its own rcl context.
func newTransport(t *testing.T) *Transport {
	t.Helper()
	ctx, err := rclgo.NewContextWithOpts(nil, nil)
	require.NoError(t, err, "rcl init: is a ROS 2 Humble install on LD_LIBRARY_PATH?")
	t.Cleanup(func() { assert.NoError(t, ctx.Close()) })
	n, err := ctx.NewNode("rcltransport_test", "/")
	require.NoError(t, err)
	return New(n, nil)
}

// roundTrip publishes data on topic and returns the first sample received
// by a subscription on the same transport.
func roundTrip(t *testing.T, tr *Transport, topic, typeName string, data []byte) node.Sample {
	t.Helper()
	got := make(chan node.Sample, 1)
	_, err := tr.Subscribe(topic, typeName, node.QoSLatched, func(s node.Sample) {
		select {
		case got <- s:
		default:
		}
	})
	require.NoError(t, err)
	pub, err := tr.Advertise(topic, typeName, node.QoSLatched)
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for pub.SubscriptionCount() == 0 {
		require.NoError(t, ctx.Err(), "the subscription never matched the publisher")
		time.Sleep(10 * time.Millisecond)
	}
	require.NoError(t, pub.Publish(ctx, data))

	spun := make(chan error, 1)
	go func() { spun <- tr.Spin(ctx) }()
	select {
	case s := <-got:
		cancel()
		require.NoError(t, <-spun)
		return s
	case <-ctx.Done():
		t.Fatalf("no sample on %s within 10 s", topic)
	}
	return node.Sample{}
}

func TestPublishTakeHandMadeCDR(t *testing.T) {
	tests := []struct {
		name     string
		typeName string
		data     []byte
		received []byte // data as taken; nil means data unchanged
		want     cdr.Message
	}{
		{
			name:     "string",
			typeName: "std_msgs/msg/String",
			// Little-endian CDR header, length 6 with the terminating NUL.
			data: []byte{0x00, 0x01, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 'h', 'e', 'l', 'l', 'o', 0x00},
			// rmw_cyclonedds_cpp on Cyclone DDS 0.10.2 hands the payload
			// back zero-padded to a multiple of 4 bytes, with the
			// encapsulation options left at 0.
			received: []byte{0x00, 0x01, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 'h', 'e', 'l', 'l', 'o', 0x00, 0x00, 0x00},
			want:     &std_msgs.String{Data: "hello"},
		},
		{
			name:     "time",
			typeName: "builtin_interfaces/msg/Time",
			// sec 1700000000 (0x6553F100), nanosec 5.
			data: []byte{0x00, 0x01, 0x00, 0x00, 0x00, 0xF1, 0x53, 0x65, 0x05, 0x00, 0x00, 0x00},
			want: &builtin_interfaces.Time{Sec: 1700000000, Nanosec: 5},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := roundTrip(t, newTransport(t), "/rcltransport_test/"+tt.name, tt.typeName, tt.data)
			received := tt.received
			if received == nil {
				received = tt.data
			}
			assert.Equal(t, received, s.Data, "received bytes")
			assert.Equal(t, tt.typeName, s.Type)
			got, ok := registry.New(tt.typeName)
			require.True(t, ok)
			require.NoError(t, cdr.Unmarshal(s.Data, got))
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestPublishTakeGeneratedMessage(t *testing.T) {
	want := &ebm_av.EnergyTerm{Name: "collision_risk", Weight: 2.5, Energies: []float64{0.25, -1, 3e-9}}
	data, err := cdr.Marshal(want)
	require.NoError(t, err)
	tr := newTransport(t)
	if _, err := tr.typeSupport(want.ROSTypeName()); err != nil && strings.Contains(err.Error(), "cannot open shared object") {
		t.Skipf("ebm_av messages are not built: %v", err)
	}
	s := roundTrip(t, tr, "/rcltransport_test/energy_term", want.ROSTypeName(), data)
	assert.Equal(t, data, s.Data, "received bytes")
	got := new(ebm_av.EnergyTerm)
	require.NoError(t, cdr.Unmarshal(s.Data, got))
	assert.Equal(t, want, got)
}

func TestSubscribeAfterSpinFails(t *testing.T) {
	tr := newTransport(t)
	ctx, cancel := context.WithCancel(context.Background())
	spun := make(chan error, 1)
	go func() { spun <- tr.Spin(ctx) }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		tr.mu.Lock()
		spinning := tr.spinning
		tr.mu.Unlock()
		if spinning || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	_, err := tr.Subscribe("/late", "std_msgs/msg/String", node.QoSDefault, func(node.Sample) {})
	assert.ErrorContains(t, err, "subscribe before calling Spin")
	cancel()
	assert.NoError(t, <-spun)
}

func TestAdvertiseUnknownPackage(t *testing.T) {
	tr := newTransport(t)
	_, err := tr.Advertise("/x", "no_such_pkg/msg/Thing", node.QoSDefault)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "libno_such_pkg__rosidl_typesupport_c.so")
}

// BenchmarkPublishTake measures one serialized publish and take of a
// std_msgs/String through rcl and Cyclone DDS within one process.
func BenchmarkPublishTake(b *testing.B) {
	for _, size := range []int{1 << 10, 1 << 20} {
		b.Run(fmt.Sprintf("%dB", size), func(b *testing.B) {
			benchmarkPublishTake(b, size)
		})
	}
}

func benchmarkPublishTake(b *testing.B, size int) {
	rclCtx, err := rclgo.NewContextWithOpts(nil, nil)
	require.NoError(b, err)
	defer rclCtx.Close()
	n, err := rclCtx.NewNode("rcltransport_bench", "/")
	require.NoError(b, err)
	tr := New(n, nil)

	data, err := cdr.Marshal(&std_msgs.String{Data: strings.Repeat("x", size)})
	require.NoError(b, err)
	got := make(chan struct{}, 1)
	_, err = tr.Subscribe("/rcltransport_bench", "std_msgs/msg/String", node.QoSDefault, func(node.Sample) { got <- struct{}{} })
	require.NoError(b, err)
	pub, err := tr.Advertise("/rcltransport_bench", "std_msgs/msg/String", node.QoSDefault)
	require.NoError(b, err)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for pub.SubscriptionCount() == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	spun := make(chan error, 1)
	go func() { spun <- tr.Spin(ctx) }()

	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		require.NoError(b, pub.Publish(ctx, data))
		<-got
	}
	b.StopTimer()
	cancel()
	require.NoError(b, <-spun)
}
