// Package diag builds diagnostic statuses with the levels of
// diagnostic_msgs/DiagnosticStatus and keeps them from flapping.
package diag

import (
	"fmt"
	"strconv"
)

// Level is a diagnostic level with the byte values of diagnostic_msgs.
type Level uint8

// Diagnostic levels.
const (
	OK    Level = 0
	Warn  Level = 1
	Error Level = 2
	Stale Level = 3
)

func (l Level) String() string {
	switch l {
	case OK:
		return "OK"
	case Warn:
		return "WARN"
	case Error:
		return "ERROR"
	case Stale:
		return "STALE"
	}
	return "Level(" + strconv.Itoa(int(l)) + ")"
}

// KeyValue is one diagnostic value.
type KeyValue struct{ Key, Value string }

// Status is one diagnostic status of a node.
type Status struct {
	Level      Level
	Name       string // "node_name: check", as the ROS 2 diagnostic aggregator expects
	Message    string
	HardwareID string
	Values     []KeyValue
}

// Add appends a key and a formatted value.
func (s *Status) Add(key string, value any) {
	var v string
	switch x := value.(type) {
	case float64:
		v = strconv.FormatFloat(x, 'g', 6, 64)
	case string:
		v = x
	default:
		v = fmt.Sprint(x)
	}
	s.Values = append(s.Values, KeyValue{Key: key, Value: v})
}

// Hysteresis debounces a level: a worse level is reported at once, and the
// level returns to a better one only after Clear consecutive better updates.
type Hysteresis struct {
	Clear int // updates needed to step down; 0 means 3

	level   Level
	pending int
}

// ClearAfter returns the number of consecutive better updates that step
// the level down: Clear, or 3 when Clear is not positive.
func (h *Hysteresis) ClearAfter() int {
	if h.Clear <= 0 {
		return 3
	}
	return h.Clear
}

// Update feeds the raw level of one cycle and returns the debounced level.
func (h *Hysteresis) Update(raw Level) Level {
	clear := h.ClearAfter()
	if raw >= h.level {
		h.level = raw
		h.pending = 0
		return h.level
	}
	h.pending++
	if h.pending >= clear {
		h.level = raw
		h.pending = 0
	}
	return h.level
}
