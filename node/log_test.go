package node_test

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"testing/slogtest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/node/inproc"
)

func TestLogHandlerFormatsLikeRcutils(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(node.NewLogHandler(&buf, slog.LevelDebug))
	n, err := node.New(node.Options{Name: "planner_ebm", Namespace: "/ego", Transport: inproc.New(func() int64 { return 0 }), Logger: log})
	require.NoError(t, err)

	n.Logger().Warn("skipped planning cycle", "reason", "no ego state", "stamp", 12)
	n.Logger().Log(t.Context(), node.LevelFatal, "cannot continue", "err", errors.New("boom"))
	log.Info("replay finished")

	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Len(t, lines, 3)
	assert.Regexp(t, `^\[WARN\] \[\d+\.\d{9}\] \[ego\.planner_ebm\]: skipped planning cycle reason="no ego state" stamp=12$`, lines[0])
	assert.Regexp(t, `^\[FATAL\] \[\d+\.\d{9}\] \[ego\.planner_ebm\]: cannot continue err=boom$`, lines[1])
	assert.Regexp(t, `^\[INFO\] \[\d+\.\d{9}\] \[ebm\]: replay finished$`, lines[2])
}

func TestLogHandlerLevelFilter(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(node.NewLogHandler(&buf, slog.LevelWarn))
	log.Info("hidden")
	log.Debug("hidden")
	log.Error("shown")
	assert.Equal(t, 1, strings.Count(buf.String(), "\n"))
	assert.Contains(t, buf.String(), "[ERROR]")
}

func TestLogHandlerSlogtest(t *testing.T) {
	// slogtest checks the slog.Handler contract: groups, empty attributes,
	// resolved values. Results are parsed back from key=value text.
	var buf bytes.Buffer
	h := node.NewLogHandler(&buf, slog.LevelDebug)
	results := func() []map[string]any {
		var out []map[string]any
		for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
			m := map[string]any{}
			head, rest, _ := strings.Cut(line, "]: ")
			if strings.Contains(head, "[") {
				m[slog.LevelKey] = strings.TrimPrefix(strings.Fields(head)[0], "[")
				m[slog.TimeKey] = true
			}
			msg, attrs, _ := strings.Cut(rest, " ")
			m[slog.MessageKey] = msg
			for _, kv := range strings.Fields(attrs) {
				k, v, _ := strings.Cut(kv, "=")
				cur := m
				keys := strings.Split(k, ".")
				for _, g := range keys[:len(keys)-1] {
					sub, ok := cur[g].(map[string]any)
					if !ok {
						sub = map[string]any{}
						cur[g] = sub
					}
					cur = sub
				}
				cur[keys[len(keys)-1]] = v
			}
			out = append(out, m)
		}
		return out
	}
	err := slogtest.TestHandler(h, results)
	// The rcutils format always prints a time and keeps no empty group, so
	// only the checks about zero times may fail.
	if err != nil {
		for _, e := range strings.Split(err.Error(), "\n") {
			assert.Contains(t, e, "time", "unexpected slogtest failure: %s", e)
		}
	}
}

func TestParseLogLevel(t *testing.T) {
	for in, want := range map[string]slog.Level{"debug": slog.LevelDebug, "INFO": slog.LevelInfo, "Warn": slog.LevelWarn, "error": slog.LevelError, "fatal": node.LevelFatal} {
		got, err := node.ParseLogLevel(in)
		require.NoError(t, err)
		assert.Equal(t, want, got, in)
	}
	_, err := node.ParseLogLevel("verbose")
	assert.ErrorContains(t, err, `invalid log level "verbose": use debug, info, warn, error or fatal`)
}
