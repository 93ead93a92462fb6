package diag

import (
	"fmt"
	"time"
)

// Watchdog checks a node's inputs against per-input staleness limits and
// its cycles against a cycle-time budget. Times come from the node clock, so
// a replay judges staleness in bag time. It is not safe for concurrent use.
type Watchdog struct {
	// Budget is the cycle-time budget; a longer cycle is an overrun and
	// yields WARN. Zero means no budget.
	Budget time.Duration

	inputs []*watchedInput
	level  Hysteresis
}

type watchedInput struct {
	name     string
	limit    time.Duration
	required bool
	last     time.Time
	seen     bool
}

// Watch adds an input with its staleness limit. A required input that is
// missing or older than limit yields STALE, an optional one WARN. A limit
// of 0 only checks that the input arrived at least once.
func (w *Watchdog) Watch(name string, limit time.Duration, required bool) {
	w.inputs = append(w.inputs, &watchedInput{name: name, limit: limit, required: required})
}

// Received records that input name arrived at time at. Unknown names are
// ignored.
func (w *Watchdog) Received(name string, at time.Time) {
	for _, in := range w.inputs {
		if in.name == name {
			in.last, in.seen = at, true
			return
		}
	}
}

// Age returns how long ago input name arrived, and false when it never did
// or is not watched.
func (w *Watchdog) Age(name string, now time.Time) (time.Duration, bool) {
	for _, in := range w.inputs {
		if in.name == name {
			return now.Sub(in.last), in.seen
		}
	}
	return 0, false
}

// Stale returns a reason when input name is missing or older than its
// limit at now, and "" when it is fresh or not watched.
func (w *Watchdog) Stale(name string, now time.Time) string {
	for _, in := range w.inputs {
		if in.name == name {
			return in.stale(now)
		}
	}
	return ""
}

func (in *watchedInput) stale(now time.Time) string {
	switch {
	case !in.seen:
		return "no " + in.name + " received"
	case in.limit > 0 && now.Sub(in.last) > in.limit:
		return fmt.Sprintf("%s stale: last received %.3f s ago, limit %.3f s", in.name, now.Sub(in.last).Seconds(), in.limit.Seconds())
	}
	return ""
}

// Check returns the undebounced level of one cycle and its reasons: STALE
// for a missing or late required input, WARN for a missing or late
// optional input or a cycle time over Budget, else OK. cycle is the
// measured cycle time; pass 0 when no cycle ran.
func (w *Watchdog) Check(now time.Time, cycle time.Duration) (Level, []string) {
	level := OK
	var reasons []string
	for _, in := range w.inputs {
		reason := in.stale(now)
		if reason == "" {
			continue
		}
		reasons = append(reasons, reason)
		if in.required {
			level = max(level, Stale)
		} else {
			level = max(level, Warn)
		}
	}
	if w.Budget > 0 && cycle > w.Budget {
		reasons = append(reasons, fmt.Sprintf("cycle time %.3f ms over budget %.3f ms",
			float64(cycle.Microseconds())/1e3, float64(w.Budget.Microseconds())/1e3))
		level = max(level, Warn)
	}
	return level, reasons
}

// Status runs Check and returns a status named name whose level is
// debounced by the watchdog's own Hysteresis, so it does not flap between
// cycles. The undebounced level is added as raw_level when they differ.
func (w *Watchdog) Status(name, hardwareID string, now time.Time, cycle time.Duration) Status {
	raw, reasons := w.Check(now, cycle)
	st := Status{Level: w.level.Update(raw), Name: name, HardwareID: hardwareID, Message: "inputs and cycle time within limits"}
	if len(reasons) > 0 {
		st.Message = reasons[0]
		for _, r := range reasons[1:] {
			st.Message += "; " + r
		}
	}
	if st.Level != raw {
		st.Add("raw_level", raw.String())
	}
	for _, in := range w.inputs {
		if in.seen {
			st.Add(in.name+" age_s", now.Sub(in.last).Seconds())
		}
	}
	return st
}
