//go:build cyclonedds

package dds

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/msgs/go/std_msgs"
	"github.com/ebm-av/ebm_av/node"
)

// TestMain selects the loopback configuration and a domain of its own for
// this test binary, so parallel test runs on one host do not see each other.
func TestMain(m *testing.M) {
	if os.Getenv("CYCLONEDDS_URI") == "" {
		_, file, _, _ := runtime.Caller(0)
		cfg := filepath.Join(filepath.Dir(file), "..", "..", "config", "cyclonedds-loopback.xml")
		os.Setenv("CYCLONEDDS_URI", "file://"+cfg)
	}
	if typeName := os.Getenv(echoEnv); typeName != "" {
		os.Exit(runEcho(typeName))
	}
	os.Exit(m.Run())
}

// testDomain returns a domain id derived from the process id.
func testDomain() uint32 { return uint32(os.Getpid()%200) + 20 }

func newTransport(t testing.TB, name string) *Transport {
	t.Helper()
	tr, err := New(Options{DomainID: testDomain(), NodeName: name})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, tr.Close()) })
	return tr
}

// waitMatched waits until pub has n matched subscriptions.
func waitMatched(t testing.TB, pub node.RawPublisher, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for pub.SubscriptionCount() < n {
		if time.Now().After(deadline) {
			t.Fatalf("publisher matched %d subscriptions after 10 s, expected %d", pub.SubscriptionCount(), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestPublishSubscribeString(t *testing.T) {
	a, b := newTransport(t, "talker"), newTransport(t, "listener")
	got := make(chan node.Sample, 10)
	cancel, err := b.Subscribe("/chatter", "std_msgs/msg/String", node.QoSDefault, func(s node.Sample) { got <- s })
	require.NoError(t, err)
	defer cancel()
	pub, err := a.Advertise("/chatter", "std_msgs/msg/String", node.QoSDefault)
	require.NoError(t, err)
	waitMatched(t, pub, 1)

	data, err := cdr.Marshal(&std_msgs.String{Data: "hello"})
	require.NoError(t, err)
	require.NoError(t, pub.Publish(context.Background(), data))
	select {
	case s := <-got:
		require.Equal(t, "/chatter", s.Topic)
		require.Equal(t, "std_msgs/msg/String", s.Type)
		// "hello" is 4+6 bytes after the header: two zero padding bytes follow.
		require.Equal(t, append(append([]byte(nil), data...), 0, 0), s.Data)
		var m std_msgs.String
		require.NoError(t, cdr.Unmarshal(s.Data, &m))
		require.Equal(t, "hello", m.Data)
	case <-time.After(5 * time.Second):
		t.Fatal("no message received within 5 s")
	}
}
