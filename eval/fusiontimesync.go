package eval

import (
	"math"

	"github.com/ebm-av/ebm_av/node/diag"
)

// TimeSyncLearningMessage is the message of fusion_monitor's time-sync
// status while the node learns the nominal offset over its first
// time_sync.warm_up pairs, when the deviation it reports is 0 rather than
// a measurement. The status also carries the value learning, which
// WarmUp prefers; the message identifies the warm-up in bags recorded
// before the node wrote that value.
//
// NOTE: this matches a fixed string literal of fusion/timesync (Observe)
// and fusionnode (timeSyncStatus). In bags recorded before the learning
// value, the last warm-up pair reports "in sync".
const TimeSyncLearningMessage = "learning the nominal offset"

// TimeSyncStatus is one time-sync status that fusion_monitor published on
// /diagnostics, with the values it carries.
type TimeSyncStatus struct {
	Stamp   int64 // header stamp of the DiagnosticArray, ns
	Level   diag.Level
	Message string
	// OffsetMs is the latest camera − LiDAR stamp difference,
	// NominalOffsetMs the expected one and DeviationMs their difference.
	OffsetMs, NominalOffsetMs, DeviationMs float64
	JitterMs                               float64 // standard deviation of the offset over the window
	// DroppedFrames and BackwardsStamps count since the node started.
	DroppedFrames, BackwardsStamps uint32
	// Learning is the status's learning value, nil when it has none.
	Learning *bool
	// Pairs is the node's count of observed stamp pairs, nil when the
	// status has none. fusion_monitor repeats the latest time-sync status
	// with each frame's diagnostics when it reads time sync from the
	// stack's TimeSyncStatus topic, and those repeats carry the same count.
	Pairs *uint64
}

// learning reports whether the pair went into the learned nominal offset:
// the learning value when the status has one, the message otherwise.
func (s TimeSyncStatus) learning() bool {
	if s.Learning != nil {
		return *s.Learning
	}
	return s.Message == TimeSyncLearningMessage
}

// WarmUp reports whether the status is an OK status of the warm-up. A
// dropped frame or a backwards stamp during the warm-up raises the level
// with the message unchanged, and such a status counts at its level.
func (s TimeSyncStatus) WarmUp() bool {
	return s.Level == diag.OK && s.learning()
}

// measured reports whether the status carries a deviation and a jitter:
// the node computes neither while it learns, and a STALE status repeats
// the values of the latest pair.
func (s TimeSyncStatus) measured() bool {
	return s.Level != diag.Stale && !s.learning()
}

// TimeSyncStatusRun summarises the time-sync statuses that fusion_monitor
// published on /diagnostics over one replay output, or over several for a
// total. A run of camera and LiDAR stamps without images or point clouds,
// such as an imported KITTI raw drive, has only these. A value over no
// sample is 0, so read it together with the count beside it.
type TimeSyncStatusRun struct {
	Run      string `json:"run"`
	Statuses int    `json:"statuses"`
	// Repeats counts the statuses left out because they repeat the status
	// of the same stamp pair.
	Repeats int `json:"repeats"`
	// WarmUp counts the OK statuses of the warm-up, which Levels leaves
	// out. Levels counts the other statuses by level.
	WarmUp int         `json:"warm_up"`
	Levels LevelCounts `json:"levels"`
	// Measured counts the statuses that are neither STALE nor in the
	// warm-up, over which the spreads and the maximum are taken.
	Measured        int     `json:"measured"`
	OffsetMs        Spread  `json:"offset_ms"`
	NominalOffsetMs Spread  `json:"nominal_offset_ms"`
	DeviationMs     Spread  `json:"deviation_ms"` // signed, offset − nominal
	MaxAbsDeviation float64 `json:"max_abs_deviation_ms"`
	JitterMs        Spread  `json:"jitter_ms"`
	// DroppedFrames and BackwardsStamps are the largest of the node's
	// counters, which count since the node started. Totals add them up.
	DroppedFrames   uint32 `json:"dropped_frames"`
	BackwardsStamps uint32 `json:"backwards_stamps"`

	offsets, nominals, deviations, jitters []float64
}

// SummarizeTimeSyncStatuses summarises the time-sync statuses of one run
// under the name run. The statuses must have valid levels, as
// ReadTimeSyncStatuses checks.
func SummarizeTimeSyncStatuses(run string, statuses []TimeSyncStatus) TimeSyncStatusRun {
	r := TimeSyncStatusRun{Run: run}
	var lastPairs *uint64
	for _, s := range statuses {
		// A repeat of the latest pair's status adds nothing. STALE statuses
		// repeat the count too, but each reports a check of its own.
		if s.Level != diag.Stale && s.Pairs != nil {
			if lastPairs != nil && *s.Pairs == *lastPairs {
				r.Repeats++
				continue
			}
			lastPairs = s.Pairs
		}
		r.Statuses++
		// The counters only grow while the node runs, so the latest is the
		// largest.
		r.DroppedFrames = max(r.DroppedFrames, s.DroppedFrames)
		r.BackwardsStamps = max(r.BackwardsStamps, s.BackwardsStamps)
		if s.WarmUp() {
			r.WarmUp++
		} else {
			r.Levels.add(uint8(s.Level))
		}
		if !s.measured() {
			continue
		}
		r.Measured++
		r.offsets = append(r.offsets, s.OffsetMs)
		r.nominals = append(r.nominals, s.NominalOffsetMs)
		r.deviations = append(r.deviations, s.DeviationMs)
		r.jitters = append(r.jitters, s.JitterMs)
		r.MaxAbsDeviation = math.Max(r.MaxAbsDeviation, math.Abs(s.DeviationMs))
	}
	r.finish()
	return r
}

// TotalTimeSyncStatuses pools runs under the name "all". Counts add up,
// and spreads are taken over the statuses of every run.
func TotalTimeSyncStatuses(runs []TimeSyncStatusRun) TimeSyncStatusRun {
	t := TimeSyncStatusRun{Run: "all"}
	for _, r := range runs {
		t.Statuses += r.Statuses
		t.Repeats += r.Repeats
		t.WarmUp += r.WarmUp
		t.Levels.merge(r.Levels)
		t.Measured += r.Measured
		t.MaxAbsDeviation = math.Max(t.MaxAbsDeviation, r.MaxAbsDeviation)
		t.DroppedFrames += r.DroppedFrames
		t.BackwardsStamps += r.BackwardsStamps
		t.offsets = append(t.offsets, r.offsets...)
		t.nominals = append(t.nominals, r.nominals...)
		t.deviations = append(t.deviations, r.deviations...)
		t.jitters = append(t.jitters, r.jitters...)
	}
	t.finish()
	return t
}

func (r *TimeSyncStatusRun) finish() {
	r.OffsetMs = spreadOf(r.offsets)
	r.NominalOffsetMs = spreadOf(r.nominals)
	r.DeviationMs = spreadOf(r.deviations)
	r.JitterMs = spreadOf(r.jitters)
}

// learningStamps returns the stamps of the statuses whose stamp pair went
// into the learned nominal offset. fusion_monitor publishes the time-sync
// status of a frame with the stamp of the frame's FusionDiagnostics, so
// SummarizeFusion can identify the warm-up frames by stamp.
func learningStamps(statuses []TimeSyncStatus) map[int64]bool {
	out := map[int64]bool{}
	for _, s := range statuses {
		if s.learning() {
			out[s.Stamp] = true
		}
	}
	return out
}
