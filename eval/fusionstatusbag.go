package eval

import (
	"fmt"
	"math"
	"strconv"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/diagnostic_msgs"
	"github.com/ebm-av/ebm_av/node/diag"
)

// ReadTimeSyncStatuses reads every status named topics.TimeSyncStatus on
// topics.DiagnosticArray of a replay output bag in log-time order and
// skips the other statuses, which other checks and nodes publish. A bag
// without the topic has none. A
// message that fails to decode, or a time-sync status with an invalid
// level or without one of the values fusion_monitor writes, is an error
// naming the topic, because the bags that ebm replay writes hold only
// valid messages.
func ReadTimeSyncStatuses(path string, topics FusionTopics) ([]TimeSyncStatus, error) {
	r, err := bag.Open(path, bag.ReaderOptions{})
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if !declaresTopic(r, topics.DiagnosticArray) {
		return nil, nil
	}
	var out []TimeSyncStatus
	for m, err := range r.Messages(bag.Filter{Topics: []string{topics.DiagnosticArray}}) {
		if err != nil {
			return nil, fmt.Errorf("eval: %s: %w", path, err)
		}
		var arr diagnostic_msgs.DiagnosticArray
		if err := cdr.Unmarshal(m.Data, &arr); err != nil {
			return nil, fmt.Errorf("eval: %s: topic %s at %d ns: %w", path, m.Topic.Name, m.LogTime, err)
		}
		for _, st := range arr.Status {
			if st.Name != topics.TimeSyncStatus {
				continue
			}
			s, err := parseTimeSyncStatus(msgconv.Nanos(arr.Header.Stamp), &st)
			if err != nil {
				return nil, fmt.Errorf("eval: %s: topic %s at %d ns: status %q: %w", path, m.Topic.Name, m.LogTime, st.Name, err)
			}
			out = append(out, s)
		}
	}
	return out, nil
}

// parseTimeSyncStatus reads the level and the values of a time-sync status
// as fusion_monitor writes them: offset_ms, nominal_offset_ms,
// deviation_ms and jitter_ms as decimal numbers, dropped_frames and
// backwards_stamps as integers, learning as true or false and pairs as an
// integer. Bags recorded before the node wrote learning and pairs lack
// them: their warm-up is read from the message, and every status counts. Other keys, such as the rejected_messages counts
// the node adds to the first status of an array, are ignored.
func parseTimeSyncStatus(stamp int64, st *diagnostic_msgs.DiagnosticStatus) (TimeSyncStatus, error) {
	if st.Level > uint8(diag.Stale) {
		return TimeSyncStatus{}, fmt.Errorf("invalid level %d: expected OK (0), WARN (1), ERROR (2) or STALE (3)", st.Level)
	}
	s := TimeSyncStatus{Stamp: stamp, Level: diag.Level(st.Level), Message: st.Message}
	values := map[string]string{}
	for _, kv := range st.Values {
		values[kv.Key] = kv.Value
	}
	for _, f := range []struct {
		key string
		dst *float64
	}{{"offset_ms", &s.OffsetMs}, {"nominal_offset_ms", &s.NominalOffsetMs}, {"deviation_ms", &s.DeviationMs}, {"jitter_ms", &s.JitterMs}} {
		v, ok := values[f.key]
		if !ok {
			return TimeSyncStatus{}, fmt.Errorf("missing value %s", f.key)
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return TimeSyncStatus{}, fmt.Errorf("invalid %s %q: expected a finite number of milliseconds", f.key, v)
		}
		*f.dst = x
	}
	for _, f := range []struct {
		key string
		dst *uint32
	}{{"dropped_frames", &s.DroppedFrames}, {"backwards_stamps", &s.BackwardsStamps}} {
		v, ok := values[f.key]
		if !ok {
			return TimeSyncStatus{}, fmt.Errorf("missing value %s", f.key)
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return TimeSyncStatus{}, fmt.Errorf("invalid %s %q: expected a count from 0 to %d", f.key, v, uint32(math.MaxUint32))
		}
		*f.dst = uint32(n)
	}
	if v, ok := values["learning"]; ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return TimeSyncStatus{}, fmt.Errorf("invalid learning %q: expected true or false", v)
		}
		s.Learning = &b
	}
	if v, ok := values["pairs"]; ok {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return TimeSyncStatus{}, fmt.Errorf("invalid pairs %q: expected a count of stamp pairs", v)
		}
		s.Pairs = &n
	}
	return s, nil
}

// HasFusionOutputs reports whether the bag at path holds an output of
// fusion_monitor: the FusionDiagnostics topic or a time-sync status on the
// DiagnosticArray topic, which other nodes publish on as well.
func HasFusionOutputs(path string, topics FusionTopics) (bool, error) {
	ok, err := BagHasTopic(path, topics.Diagnostics)
	if err != nil || ok {
		return ok, err
	}
	statuses, err := ReadTimeSyncStatuses(path, topics)
	return len(statuses) > 0, err
}
