package node_test

import (
	"bytes"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/msgs/go/rcl_interfaces"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/node/inproc"
)

func TestLogRecordsOnRosout(t *testing.T) {
	bus := inproc.New(func() int64 { return 0 })
	var got []rcl_interfaces.Log
	_, err := bus.Subscribe(node.TopicRosout, "", node.QoSRosout, func(s node.Sample) {
		var m rcl_interfaces.Log
		require.NoError(t, cdr.Unmarshal(s.Data, &m))
		got = append(got, m)
	})
	require.NoError(t, err)

	var console bytes.Buffer
	log := slog.New(node.NewLogHandler(&console, slog.LevelInfo))
	n, err := node.New(node.Options{Name: "planner_ebm", Namespace: "/ego", Transport: bus, Logger: log})
	require.NoError(t, err)
	n.Logger().Debug("below the level")
	n.Logger().Warn("skipped planning cycle", "reason", "no ego state")
	n.Logger().WithGroup("cycle").Error("scoring failed", "index", 3)

	require.Len(t, got, 2, "records below the level are neither printed nor published")
	assert.Equal(t, rcl_interfaces.LogWarn, got[0].Level)
	assert.Equal(t, "ego.planner_ebm", got[0].Name)
	assert.Equal(t, `skipped planning cycle reason="no ego state"`, got[0].Msg)
	assert.True(t, strings.HasSuffix(got[0].File, "rosout_test.go"), got[0].File)
	assert.Contains(t, got[0].Function, "TestLogRecordsOnRosout")
	assert.Positive(t, got[0].Line)
	assert.Positive(t, got[0].Stamp.Sec)
	assert.Equal(t, rcl_interfaces.LogError, got[1].Level)
	assert.Equal(t, "scoring failed cycle.index=3", got[1].Msg)
	assert.Equal(t, 2, strings.Count(console.String(), "\n"), "the console still gets every record")
}

func TestRosoutStampFollowsSimClock(t *testing.T) {
	clock := &node.SimClock{}
	clock.Set(1_700_000_000_250_000_000)
	bus := inproc.New(func() int64 { return clock.Now().UnixNano() })
	var got []rcl_interfaces.Log
	var logTimes []int64
	bus.Tap(func(s node.Sample) {
		var m rcl_interfaces.Log
		require.NoError(t, cdr.Unmarshal(s.Data, &m))
		got = append(got, m)
		logTimes = append(logTimes, s.Time)
	})

	n, err := node.New(node.Options{Name: "planner_ebm", Transport: bus, Clock: clock, Logger: slog.New(node.NewLogHandler(io.Discard, slog.LevelInfo))})
	require.NoError(t, err)
	n.Logger().Warn("at start")
	clock.Set(1_700_000_001_500_000_000)
	n.Logger().Warn("one second later")

	require.Len(t, got, 2)
	assert.Equal(t, int32(1_700_000_000), got[0].Stamp.Sec)
	assert.Equal(t, uint32(250_000_000), got[0].Stamp.Nanosec)
	assert.Equal(t, int32(1_700_000_001), got[1].Stamp.Sec)
	assert.Equal(t, uint32(500_000_000), got[1].Stamp.Nanosec)
	assert.Equal(t, []int64{1_700_000_000_250_000_000, 1_700_000_001_500_000_000}, logTimes,
		"the bus stamps the samples with the same clock")
}

func TestDisableRosoutLogs(t *testing.T) {
	bus := inproc.New(func() int64 { return 0 })
	published := 0
	bus.Tap(func(node.Sample) { published++ })
	args, _, err := node.ParseArgs([]string{"--ros-args", "--disable-rosout-logs"})
	require.NoError(t, err)
	n, err := node.New(node.Options{Name: "planner_ebm", Transport: bus, Args: args, Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	n.Logger().Error("not on /rosout")
	assert.Zero(t, published)
}

// BenchmarkNodeLogRecord measures one log record through the console
// handler and the /rosout publisher on an in-process bus.
func BenchmarkNodeLogRecord(b *testing.B) {
	bus := inproc.New(func() int64 { return 0 })
	n, err := node.New(node.Options{Name: "planner_ebm", Transport: bus, Logger: slog.New(node.NewLogHandler(io.Discard, slog.LevelInfo))})
	require.NoError(b, err)
	log := n.Logger()
	b.ReportAllocs()
	for b.Loop() {
		log.Warn("skipped planning cycle", "reason", "no ego state", "stamp", 1700000000)
	}
}
