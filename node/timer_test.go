package node_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/msgs/go/builtin_interfaces"
	"github.com/ebm-av/ebm_av/msgs/go/rosgraph_msgs"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/node/inproc"
)

func newNode(t *testing.T, clock node.Clock, argv ...string) *node.Node {
	t.Helper()
	args, _, err := node.ParseArgs(append([]string{"--ros-args"}, argv...))
	require.NoError(t, err)
	n, err := node.New(node.Options{Name: "talker", Transport: inproc.New(func() int64 { return 0 }), Clock: clock, Args: args})
	require.NoError(t, err)
	require.NoError(t, n.Configure())
	return n
}

func TestTimerOnSimClock(t *testing.T) {
	clock := &node.SimClock{}
	n := newNode(t, clock)
	var fired []int64
	timer, err := n.CreateTimer(100*time.Millisecond, func(now time.Time) { fired = append(fired, now.UnixNano()) })
	require.NoError(t, err)

	const t0 = int64(1_700_000_000_000_000_000)
	ms := int64(time.Millisecond)
	clock.Set(t0) // the first reading starts the period without firing
	for _, dt := range []int64{50, 99, 100, 150, 200, 530, 560, 600} {
		clock.Set(t0 + dt*ms)
	}
	assert.Equal(t, []int64{t0 + 100*ms, t0 + 200*ms, t0 + 530*ms, t0 + 600*ms}, fired,
		"one call per deadline reached; the jump to 530 ms skips 300 and 400 ms")

	timer.Stop()
	clock.Set(t0 + 2000*ms)
	assert.Len(t, fired, 4, "a stopped timer does not fire")
}

func TestTimerRejectsInvalidPeriod(t *testing.T) {
	n := newNode(t, &node.SimClock{})
	_, err := n.CreateTimer(0, func(time.Time) {})
	assert.ErrorContains(t, err, "invalid timer period 0s")
}

func TestTimerOnSystemClock(t *testing.T) {
	n := newNode(t, nil)
	ticks := make(chan time.Time, 10)
	_, err := n.CreateTimer(5*time.Millisecond, func(now time.Time) {
		select {
		case ticks <- now:
		default:
		}
	})
	require.NoError(t, err)
	defer n.Shutdown()
	for range 2 {
		select {
		case <-ticks:
		case <-time.After(5 * time.Second):
			t.Fatal("system-clock timer did not fire within 5 s")
		}
	}
}

func TestUseSimTimeFollowsClockTopic(t *testing.T) {
	bus := inproc.New(func() int64 { return 0 })
	args, _, err := node.ParseArgs([]string{"--ros-args", "-p", "use_sim_time:=true"})
	require.NoError(t, err)
	n, err := node.New(node.Options{Name: "talker", Transport: bus, Args: args})
	require.NoError(t, err)
	require.NoError(t, n.Configure())
	assert.Equal(t, int64(0), n.Clock().Now().UnixNano(), "sim time reads zero before the first /clock message")

	var fired int
	_, err = n.CreateTimer(time.Second, func(time.Time) { fired++ })
	require.NoError(t, err)

	other, err := node.New(node.Options{Name: "player", Transport: bus})
	require.NoError(t, err)
	require.NoError(t, other.Configure())
	clockPub, err := node.Advertise[*rosgraph_msgs.Clock](other, node.TopicClock, node.QoSClock)
	require.NoError(t, err)
	pub := func(sec int32, nsec uint32) {
		require.NoError(t, clockPub.Publish(context.Background(), &rosgraph_msgs.Clock{Clock: builtin_interfaces.Time{Sec: sec, Nanosec: nsec}}))
	}
	pub(100, 500)
	assert.Equal(t, int64(100_000_000_500), n.Clock().Now().UnixNano())
	pub(99, 0)
	assert.Equal(t, int64(100_000_000_500), n.Clock().Now().UnixNano(), "time does not run backwards")
	pub(101, 500)
	assert.Equal(t, 1, fired, "timers run on /clock time")

	n.Shutdown()
	pub(105, 0)
	assert.Equal(t, int64(101_000_000_500), n.Clock().Now().UnixNano(), "after Shutdown the node no longer follows /clock")
}
