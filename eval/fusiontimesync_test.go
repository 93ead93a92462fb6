package eval

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/diagnostic_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/node/diag"
)

// syncStatus returns a time-sync status with the keys and number formats
// of fusion_monitor, values in ms.
func syncStatus(level diag.Level, msg string, offset, nominal, deviation, jitter float64, dropped int) diagnostic_msgs.DiagnosticStatus {
	return diagnostic_msgs.DiagnosticStatus{
		Level: byte(level), Name: "fusion_monitor: time sync", Message: msg, HardwareID: "/fusion_monitor",
		Values: []diagnostic_msgs.KeyValue{
			{Key: "offset_ms", Value: fmt.Sprintf("%.3f", offset)},
			{Key: "nominal_offset_ms", Value: fmt.Sprintf("%.3f", nominal)},
			{Key: "deviation_ms", Value: fmt.Sprintf("%.3f", deviation)},
			{Key: "jitter_ms", Value: fmt.Sprintf("%.4f", jitter)},
			{Key: "dropped_frames", Value: fmt.Sprint(dropped)},
			{Key: "backwards_stamps", Value: "0"},
		},
	}
}

// otherStatus returns a status of another check or node, which the
// time-sync reader skips.
func otherStatus(name string) diagnostic_msgs.DiagnosticStatus {
	return diagnostic_msgs.DiagnosticStatus{Level: byte(diag.Stale), Name: name, Message: "no image received"}
}

// writeDiagnosticsBag writes one DiagnosticArray per element of statuses
// on /diagnostics, stamped and logged at 0.1 s steps from 1 s, into a new
// bag at dir.
func writeDiagnosticsBag(t *testing.T, dir string, statuses ...[]diagnostic_msgs.DiagnosticStatus) {
	t.Helper()
	w, err := bag.Create(dir, bag.WriterOptions{})
	require.NoError(t, err)
	var arr diagnostic_msgs.DiagnosticArray
	require.NoError(t, w.AddTopic(bag.Topic{Name: "/diagnostics", Type: arr.ROSTypeName(), Definition: arr.ROSDefinition()}))
	for i, st := range statuses {
		stamp := int64(1_000_000_000 + i*100_000_000)
		arr := diagnostic_msgs.DiagnosticArray{Header: msgconv.Header(stamp, ""), Status: st}
		data, err := cdr.Marshal(&arr)
		require.NoError(t, err)
		require.NoError(t, w.Write("/diagnostics", stamp, data))
	}
	require.NoError(t, w.Close())
}

func TestReadTimeSyncStatuses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "raw")
	rejected := syncStatus(diag.Error, "offset 40.5ms deviates 30ms from nominal 10.5ms", 40.5, 10.5, 30, 0.0412, 2)
	rejected.Values = append(rejected.Values, diagnostic_msgs.KeyValue{Key: "rejected_messages /sensing/time_sync_status", Value: "1"})
	writeDiagnosticsBag(t, path,
		[]diagnostic_msgs.DiagnosticStatus{syncStatus(diag.OK, TimeSyncLearningMessage, 10.462, 10.462, 0, 0, 0)},
		[]diagnostic_msgs.DiagnosticStatus{otherStatus("fusion_monitor: calibration"), rejected},
		[]diagnostic_msgs.DiagnosticStatus{otherStatus("planner_ebm: cycle")},
	)

	got, err := ReadTimeSyncStatuses(path, DefaultFusionTopics)
	require.NoError(t, err)
	assert.Equal(t, []TimeSyncStatus{
		{Stamp: 1_000_000_000, Level: diag.OK, Message: TimeSyncLearningMessage, OffsetMs: 10.462, NominalOffsetMs: 10.462},
		{Stamp: 1_100_000_000, Level: diag.Error, Message: "offset 40.5ms deviates 30ms from nominal 10.5ms",
			OffsetMs: 40.5, NominalOffsetMs: 10.5, DeviationMs: 30, JitterMs: 0.0412, DroppedFrames: 2},
	}, got, "the other statuses and the extra key are skipped")

	ok, err := HasFusionOutputs(path, DefaultFusionTopics)
	require.NoError(t, err)
	assert.True(t, ok)
}

func TestReadTimeSyncStatusesInvalid(t *testing.T) {
	tests := []struct {
		name   string
		modify func(s *diagnostic_msgs.DiagnosticStatus)
		err    string
	}{
		{"level", func(s *diagnostic_msgs.DiagnosticStatus) { s.Level = 4 }, "invalid level 4"},
		{"missing deviation", func(s *diagnostic_msgs.DiagnosticStatus) { s.Values = append(s.Values[:2], s.Values[3:]...) }, "missing value deviation_ms"},
		{"missing counter", func(s *diagnostic_msgs.DiagnosticStatus) { s.Values = s.Values[:5] }, "missing value backwards_stamps"},
		{"text offset", func(s *diagnostic_msgs.DiagnosticStatus) { s.Values[0].Value = "10.5 ms" }, `invalid offset_ms "10.5 ms"`},
		{"NaN jitter", func(s *diagnostic_msgs.DiagnosticStatus) { s.Values[3].Value = "NaN" }, `invalid jitter_ms "NaN"`},
		{"negative count", func(s *diagnostic_msgs.DiagnosticStatus) { s.Values[4].Value = "-1" }, `invalid dropped_frames "-1"`},
		{"learning not a bool", func(s *diagnostic_msgs.DiagnosticStatus) {
			s.Values = append(s.Values, diagnostic_msgs.KeyValue{Key: "learning", Value: "maybe"})
		}, `invalid learning "maybe"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := syncStatus(diag.OK, "in sync", 10.5, 10.5, 0, 0.04, 0)
			tt.modify(&st)
			path := filepath.Join(t.TempDir(), "bad")
			writeDiagnosticsBag(t, path, []diagnostic_msgs.DiagnosticStatus{st})
			_, err := ReadTimeSyncStatuses(path, DefaultFusionTopics)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.err)
			assert.Contains(t, err.Error(), `topic /diagnostics at 1000000000 ns: status "fusion_monitor: time sync"`)
		})
	}
}

// learningRun returns the statuses of a run with two warm-up pairs, a
// dropped frame during the warm-up, then an OK, an ERROR and a STALE
// status.
func learningRun() []TimeSyncStatus {
	return []TimeSyncStatus{
		{Stamp: 1, Level: diag.OK, Message: TimeSyncLearningMessage, OffsetMs: 10.4, NominalOffsetMs: 10.4},
		{Stamp: 2, Level: diag.OK, Message: TimeSyncLearningMessage, OffsetMs: 10.6, NominalOffsetMs: 10.5},
		{Stamp: 3, Level: diag.Warn, Message: TimeSyncLearningMessage, OffsetMs: 10.5, NominalOffsetMs: 10.5, DroppedFrames: 1},
		{Stamp: 4, Level: diag.OK, Message: "in sync", OffsetMs: 10.5, NominalOffsetMs: 10.5, DeviationMs: 0, JitterMs: 0.1, DroppedFrames: 1},
		{Stamp: 5, Level: diag.Error, Message: "offset deviates", OffsetMs: 40.5, NominalOffsetMs: 10.5, DeviationMs: 30, JitterMs: 0.2, DroppedFrames: 1},
		{Stamp: 6, Level: diag.OK, Message: "in sync", OffsetMs: 9.5, NominalOffsetMs: 10.5, DeviationMs: -1, JitterMs: 0.3, DroppedFrames: 1},
		{Stamp: 7, Level: diag.Stale, Message: "no frame within 500ms", OffsetMs: 9.5, NominalOffsetMs: 10.5, DeviationMs: -1, JitterMs: 0.3, DroppedFrames: 1},
	}
}

func TestSummarizeTimeSyncStatuses(t *testing.T) {
	r := SummarizeTimeSyncStatuses("raw", learningRun())
	assert.Equal(t, "raw", r.Run)
	assert.Equal(t, 7, r.Statuses)
	assert.Equal(t, 2, r.WarmUp, "the OK statuses that say learning")
	assert.Equal(t, LevelCounts{OK: 2, Warn: 1, Error: 1, Stale: 1}, r.Levels, "a drop during the warm-up keeps its WARN")
	assert.Equal(t, 3, r.Measured, "neither learning nor STALE")
	assertSpread(t, Spread{Min: 9.5, Median: 10.5, Max: 40.5}, r.OffsetMs, "offset")
	assertSpread(t, Spread{Min: 10.5, Median: 10.5, Max: 10.5}, r.NominalOffsetMs, "nominal offset")
	assertSpread(t, Spread{Min: -1, Median: 0, Max: 30}, r.DeviationMs, "deviation")
	assert.InDelta(t, 30.0, r.MaxAbsDeviation, 1e-12)
	assertSpread(t, Spread{Min: 0.1, Median: 0.2, Max: 0.3}, r.JitterMs, "jitter")
	assert.Equal(t, uint32(1), r.DroppedFrames)

	empty := SummarizeTimeSyncStatuses("none", nil)
	assert.Equal(t, TimeSyncStatusRun{Run: "none"}, empty)
}

func TestSummarizeTimeSyncNegativeDeviation(t *testing.T) {
	r := SummarizeTimeSyncStatuses("early", []TimeSyncStatus{
		{Level: diag.Error, DeviationMs: -25, OffsetMs: -14.5, NominalOffsetMs: 10.5},
		{Level: diag.Warn, DeviationMs: 6, OffsetMs: 16.5, NominalOffsetMs: 10.5},
	})
	assert.InDelta(t, 25.0, r.MaxAbsDeviation, 1e-12, "the largest magnitude, whatever its sign")
	assertSpread(t, Spread{Min: -25, Median: -9.5, Max: 6}, r.DeviationMs, "deviation")
}

func TestTotalTimeSyncStatuses(t *testing.T) {
	a := SummarizeTimeSyncStatuses("a", learningRun())
	b := SummarizeTimeSyncStatuses("b", []TimeSyncStatus{
		{Level: diag.Error, Message: "offset deviates", OffsetMs: 45.5, NominalOffsetMs: 10.5, DeviationMs: 35, JitterMs: 0.4, DroppedFrames: 2},
	})
	total := TotalTimeSyncStatuses([]TimeSyncStatusRun{a, b})
	assert.Equal(t, "all", total.Run)
	assert.Equal(t, 8, total.Statuses)
	assert.Equal(t, 2, total.WarmUp)
	assert.Equal(t, LevelCounts{OK: 2, Warn: 1, Error: 2, Stale: 1}, total.Levels)
	assert.Equal(t, 4, total.Measured)
	assertSpread(t, Spread{Min: -1, Median: 15, Max: 35}, total.DeviationMs, "deviation over both runs")
	assert.InDelta(t, 35.0, total.MaxAbsDeviation, 1e-12)
	assert.Equal(t, uint32(3), total.DroppedFrames, "the runs' counters add up")
}

func TestSummarizeFusionWarmUpFrames(t *testing.T) {
	msgs := []ebm_av.FusionDiagnostics{
		synced(assessedFrame(1, diag.OK, diag.OK, 0.5), diag.OK, 0.0104, 0.0104, 0, 0),
		synced(assessedFrame(2, diag.OK, diag.OK, 0.5), diag.OK, 0.0106, 0.0105, 0, 0),
		synced(assessedFrame(3, diag.Warn, diag.OK, 0.5), diag.Warn, 0.0105, 0.0105, 0, 1),
		synced(assessedFrame(4, diag.OK, diag.OK, 0.5), diag.OK, 0.0105, 0.0105, 0.0001, 1),
		synced(assessedFrame(5, diag.Error, diag.OK, 0.5), diag.Error, 0.0405, 0.0105, 0.0002, 1),
	}
	r := SummarizeFusion("run", msgs, learningRun())
	s := r.TimeSync
	assert.Equal(t, 2, s.WarmUp, "frames 1 and 2 have learning OK statuses")
	assert.Equal(t, LevelCounts{OK: 1, Warn: 1, Error: 1}, s.Levels)
	assert.Equal(t, 2, s.Frames, "frame 3 is learning at WARN, so it carries no deviation")
	assertSpread(t, Spread{Min: 10.5, Median: 25.5, Max: 40.5}, s.OffsetMs, "offset")
	assert.InDelta(t, 30.0, s.MaxDeviation, 1e-9)
	assert.Equal(t, LevelCounts{OK: 3, Warn: 1, Error: 1}, r.Levels, "the overall level is the node's")

	without := SummarizeFusion("run", msgs, nil)
	assert.Equal(t, 0, without.TimeSync.WarmUp, "no statuses, no warm-up")
	assert.Equal(t, LevelCounts{OK: 3, Warn: 1, Error: 1}, without.TimeSync.Levels)

	total := TotalFusion([]FusionRun{r, r})
	assert.Equal(t, 4, total.TimeSync.WarmUp)
}

func TestEvaluateFusionBagsTimeSyncOnly(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "raw")
	writeDiagnosticsBag(t, path,
		[]diagnostic_msgs.DiagnosticStatus{syncStatus(diag.OK, TimeSyncLearningMessage, 40.462, 40.462, 0, 0, 0)},
		[]diagnostic_msgs.DiagnosticStatus{syncStatus(diag.OK, "in sync", 40.503, 40.483, 0.020, 0.0292, 0)},
		[]diagnostic_msgs.DiagnosticStatus{syncStatus(diag.Error, "offset deviates", 70.565, 40.483, 30.082, 0.0514, 0)},
	)
	rep, err := EvaluateFusionBags([]string{path}, DefaultFusionTopics)
	require.NoError(t, err)
	assert.Empty(t, rep.Runs)
	require.Len(t, rep.TimeSync, 1)
	assert.Equal(t, "raw", rep.TimeSync[0].Run)
	assert.Equal(t, 1, rep.TimeSync[0].WarmUp)
	assert.Equal(t, LevelCounts{OK: 1, Error: 1}, rep.TimeSync[0].Levels)
	assert.Equal(t, 3, rep.TimeSyncTotal.Statuses)

	out := filepath.Join(dir, "report")
	require.NoError(t, rep.WriteFiles(out))
	js, err := os.ReadFile(filepath.Join(out, "fusion_report.json"))
	require.NoError(t, err)
	var fields map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(js, &fields))
	assert.ElementsMatch(t, []string{"time_sync_statuses", "time_sync_statuses_total"}, keys(fields), "only the time-sync section")

	md, err := os.ReadFile(filepath.Join(out, "fusion_report.md"))
	require.NoError(t, err)
	text := string(md)
	assert.True(t, strings.HasPrefix(text, "### fusion_monitor\n\n#### Time-sync statuses on /diagnostics\n"), "heading, then the section:\n%s", text)
	assert.NotContains(t, text, "#### Extrinsic drift")
	assert.NotContains(t, text, "#### Frames of")
	assert.Contains(t, text, "| raw | 3 | 1 | 1 | 0 | 1 | 0 |\n")
	assert.Contains(t, text, "| raw | 2 | 55.534 | 40.483 | 0.020 | 15.051 | 30.082 | 30.082 | 0.0403 | 0.0514 | 0 | 0 |\n")
}

func TestEvaluateFusionBagsWithoutOutputs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "planner")
	writeDiagnosticsBag(t, path, []diagnostic_msgs.DiagnosticStatus{otherStatus("planner_ebm: cycle")})

	ok, err := HasFusionOutputs(path, DefaultFusionTopics)
	require.NoError(t, err)
	assert.False(t, ok, "a status of another node is no fusion_monitor output")

	_, err = EvaluateFusionBags([]string{path}, DefaultFusionTopics)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `no message on /fusion_monitor/fusion_diagnostics and no "fusion_monitor: time sync" status on /diagnostics`)
}

func keys(m map[string]json.RawMessage) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestTimeSyncLearningValue checks that the learning value, when present,
// decides the warm-up over the message, which older bags rely on.
func TestTimeSyncLearningValue(t *testing.T) {
	withLearning := func(st diagnostic_msgs.DiagnosticStatus, v string) diagnostic_msgs.DiagnosticStatus {
		st.Values = append(st.Values, diagnostic_msgs.KeyValue{Key: "learning", Value: v})
		return st
	}
	path := filepath.Join(t.TempDir(), "learning")
	writeDiagnosticsBag(t, path,
		// The last warm-up pair of an older node: message in sync, no value.
		[]diagnostic_msgs.DiagnosticStatus{syncStatus(diag.OK, "in sync", 10.5, 10.5, 0, 0, 0)},
		[]diagnostic_msgs.DiagnosticStatus{withLearning(syncStatus(diag.OK, "in sync", 10.5, 10.5, 0, 0, 0), "true")},
		[]diagnostic_msgs.DiagnosticStatus{withLearning(syncStatus(diag.OK, TimeSyncLearningMessage, 10.5, 10.5, 0, 0, 0), "false")},
		[]diagnostic_msgs.DiagnosticStatus{syncStatus(diag.OK, TimeSyncLearningMessage, 10.5, 10.5, 0, 0, 0)},
	)
	statuses, err := ReadTimeSyncStatuses(path, DefaultFusionTopics)
	require.NoError(t, err)
	require.Len(t, statuses, 4)
	for i, want := range []bool{false, true, false, true} {
		assert.Equal(t, want, statuses[i].WarmUp(), "status %d", i)
	}
	run := SummarizeTimeSyncStatuses("r", statuses)
	assert.Equal(t, 2, run.WarmUp)
	assert.Equal(t, 2, run.Measured)
}

// TestTimeSyncRepeatsCountOnce checks that a status repeating the stamp
// pair count of the previous one is left out, except STALE statuses.
func TestTimeSyncRepeatsCountOnce(t *testing.T) {
	withPairs := func(level diag.Level, msg string, n int) diagnostic_msgs.DiagnosticStatus {
		st := syncStatus(level, msg, 10.5, 10.5, 0, 0.04, 0)
		st.Values = append(st.Values, diagnostic_msgs.KeyValue{Key: "pairs", Value: fmt.Sprint(n)})
		return st
	}
	path := filepath.Join(t.TempDir(), "repeats")
	writeDiagnosticsBag(t, path,
		[]diagnostic_msgs.DiagnosticStatus{withPairs(diag.OK, "in sync", 1)},
		[]diagnostic_msgs.DiagnosticStatus{withPairs(diag.OK, "in sync", 1)},
		[]diagnostic_msgs.DiagnosticStatus{withPairs(diag.Warn, "offset deviates", 2)},
		[]diagnostic_msgs.DiagnosticStatus{withPairs(diag.Stale, "no frame within 1s", 2)},
		[]diagnostic_msgs.DiagnosticStatus{withPairs(diag.Stale, "no frame within 1s", 2)},
		[]diagnostic_msgs.DiagnosticStatus{withPairs(diag.OK, "in sync", 3)},
		[]diagnostic_msgs.DiagnosticStatus{syncStatus(diag.OK, "in sync", 10.5, 10.5, 0, 0.04, 0)},
	)
	statuses, err := ReadTimeSyncStatuses(path, DefaultFusionTopics)
	require.NoError(t, err)
	require.Len(t, statuses, 7)
	run := SummarizeTimeSyncStatuses("r", statuses)
	assert.Equal(t, 1, run.Repeats)
	assert.Equal(t, 6, run.Statuses, "a status without a pair count always counts")
	assert.Equal(t, LevelCounts{OK: 3, Warn: 1, Stale: 2}, run.Levels)
	assert.Equal(t, 4, run.Measured)
}
