// Package timesync monitors the time synchronisation of a camera and a
// LiDAR from the header stamps of matched frames: the offset between the
// two stamps against a nominal offset, its jitter, dropped frames and stamps
// that go backwards. It reports OK, WARN, ERROR or STALE with hysteresis so
// the level does not flap on a single sample.
//
// Two sensors triggered together still stamp at different points of their
// cycle. On KITTI drive 2011_09_26_0001 camera 02 stamps about 10.5 ms after
// the Velodyne timestamps.txt stamp, with about 0.04 ms jitter, so the
// nominal offset is a parameter per sensor pair or is learned over a
// warm-up window.
package timesync

import (
	"fmt"
	"math"
	"time"
)

// Level is a diagnostic level, ordered by severity, as in
// diagnostic_msgs/DiagnosticStatus.
type Level int

// Levels in increasing severity. STALE means no data arrived in time.
const (
	OK Level = iota
	Warn
	Error
	Stale
)

// String returns OK, WARN, ERROR or STALE.
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
	return fmt.Sprintf("Level(%d)", int(l))
}

// Config sets the nominal timing and the thresholds.
type Config struct {
	// NominalOffset is the expected camera − LiDAR stamp difference. When
	// WarmUp > 0 it is ignored and learned as the mean offset of the first
	// WarmUp frames, during which the level stays OK.
	NominalOffset time.Duration
	WarmUp        int
	// Period is the nominal frame period of both sensors; a stamp gap above
	// DropFactor·Period counts the frames missing in between as dropped.
	Period     time.Duration
	DropFactor float64
	// WarnOffset and ErrorOffset bound |offset − nominal|.
	WarnOffset, ErrorOffset time.Duration
	// WarnJitter and ErrorJitter bound the standard deviation of the offset
	// over the last Window frames.
	WarnJitter, ErrorJitter time.Duration
	Window                  int
	// StaleAfter is the longest time without a frame before Check reports
	// STALE.
	StaleAfter time.Duration
	// RaiseAfter consecutive frames at a higher offset or jitter level
	// raise the reported level, while a drop or a backwards stamp raises it
	// at once. ClearAfter consecutive frames at a lower level lower it.
	RaiseAfter, ClearAfter int
}

// DefaultConfig returns settings for sensors at 10 Hz: a 10-frame warm-up
// and drops above 1.5 periods. Offset deviations above 5 ms warn and above
// 20 ms are errors; jitter limits are 2 ms and 10 ms over 20 frames. STALE
// follows 0.5 s without a frame, a raise takes 2 frames and a clear 5.
func DefaultConfig() Config {
	return Config{
		WarmUp:      10,
		Period:      100 * time.Millisecond,
		DropFactor:  1.5,
		WarnOffset:  5 * time.Millisecond,
		ErrorOffset: 20 * time.Millisecond,
		WarnJitter:  2 * time.Millisecond,
		ErrorJitter: 10 * time.Millisecond,
		Window:      20,
		StaleAfter:  500 * time.Millisecond,
		RaiseAfter:  2,
		ClearAfter:  5,
	}
}

func (c *Config) validate() error {
	switch {
	case c.WarmUp < 0:
		return fmt.Errorf("timesync: WarmUp %d frames, expected ≥ 0", c.WarmUp)
	case c.Period <= 0:
		return fmt.Errorf("timesync: Period %v, expected > 0", c.Period)
	case !(c.DropFactor > 1):
		return fmt.Errorf("timesync: DropFactor %v, expected > 1", c.DropFactor)
	case c.WarnOffset <= 0 || c.ErrorOffset < c.WarnOffset:
		return fmt.Errorf("timesync: offset thresholds WARN %v, ERROR %v: expected 0 < WARN ≤ ERROR", c.WarnOffset, c.ErrorOffset)
	case c.WarnJitter <= 0 || c.ErrorJitter < c.WarnJitter:
		return fmt.Errorf("timesync: jitter thresholds WARN %v, ERROR %v: expected 0 < WARN ≤ ERROR", c.WarnJitter, c.ErrorJitter)
	case c.Window < 2:
		return fmt.Errorf("timesync: Window %d frames, expected ≥ 2", c.Window)
	case c.StaleAfter <= 0:
		return fmt.Errorf("timesync: StaleAfter %v, expected > 0", c.StaleAfter)
	case c.RaiseAfter < 1 || c.ClearAfter < 1:
		return fmt.Errorf("timesync: RaiseAfter %d and ClearAfter %d frames, expected ≥ 1", c.RaiseAfter, c.ClearAfter)
	}
	return nil
}

// Status is the monitor's state after a frame or a Check.
type Status struct {
	Level Level
	// Offset is the latest camera − LiDAR stamp difference, Nominal the
	// expected one and Deviation their difference.
	Offset, Nominal, Deviation time.Duration
	// Jitter is the standard deviation of the offset over the window.
	Jitter time.Duration
	// Dropped and Backwards count frames missing and stamps that went
	// backwards since the start, over both sensors.
	Dropped, Backwards int
	// Pairs counts the stamp pairs observed since the start, which
	// distinguishes a repeated status from the status of a new pair.
	Pairs int
	// Learning reports that the latest pair went into the learned nominal
	// offset, so its deviation was not checked. It is true for every pair
	// of the warm-up, the last one included.
	Learning bool
	// Reason explains the level of the latest frame in a few words.
	Reason string
}

// Monitor tracks one camera–LiDAR pair. It is not safe for concurrent use.
type Monitor struct {
	cfg Config

	nominal  time.Duration
	learned  int
	learnSum float64

	offsets []float64 // ring buffer of offsets in seconds
	next    int
	filled  int

	lastCamera, lastLidar time.Time
	seen                  bool

	level        Level
	raise, clear int
	pendingRaise Level
	status       Status
}

// New returns a monitor.
func New(cfg Config) (*Monitor, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	m := &Monitor{cfg: cfg, nominal: cfg.NominalOffset, offsets: make([]float64, cfg.Window)}
	return m, nil
}

// Observe records the header stamps of one matched camera and LiDAR frame
// and returns the updated status.
func (m *Monitor) Observe(camera, lidar time.Time) Status {
	raw, reason := OK, "in sync"
	m.status.Pairs++
	// Drops and backwards stamps are discrete events, so they raise the
	// level at once rather than after RaiseAfter frames.
	event := OK
	if m.seen {
		for _, s := range [2]struct {
			name       string
			prev, curr time.Time
		}{{"camera", m.lastCamera, camera}, {"LiDAR", m.lastLidar, lidar}} {
			gap := s.curr.Sub(s.prev)
			switch {
			case gap < 0:
				m.status.Backwards++
				raw, reason, event = Error, fmt.Sprintf("%s stamp went back by %v", s.name, -gap), Error
			case float64(gap) > m.cfg.DropFactor*float64(m.cfg.Period):
				missing := int(math.Round(float64(gap)/float64(m.cfg.Period))) - 1
				m.status.Dropped += max(missing, 1)
				if raw < Warn {
					raw, reason, event = Warn, fmt.Sprintf("%s gap %v: %d frame(s) dropped", s.name, gap, max(missing, 1)), max(event, Warn)
				}
			}
		}
	}
	m.seen = true
	m.lastCamera, m.lastLidar = camera, lidar

	offset := camera.Sub(lidar)
	m.status.Offset = offset
	if m.cfg.WarmUp > 0 && m.learned < m.cfg.WarmUp {
		m.learned++
		m.learnSum += offset.Seconds()
		m.nominal = time.Duration(m.learnSum / float64(m.learned) * 1e9)
		m.status.Learning = true
		m.status.Nominal = m.nominal
		m.push(offset)
		m.status.Reason = "learning the nominal offset"
		return m.finish(raw, reason, event)
	}
	m.status.Learning = false
	m.status.Nominal = m.nominal
	m.push(offset)

	dev := offset - m.nominal
	m.status.Deviation = dev
	m.status.Jitter = m.jitter()
	if l := levelOf(absDuration(dev), m.cfg.WarnOffset, m.cfg.ErrorOffset); l > raw {
		raw, reason = l, fmt.Sprintf("offset %v deviates %v from nominal %v", offset, dev, m.nominal)
	}
	if l := levelOf(m.status.Jitter, m.cfg.WarnJitter, m.cfg.ErrorJitter); l > raw {
		raw, reason = l, fmt.Sprintf("offset jitter %v over %d frames", m.status.Jitter, m.filled)
	}
	return m.finish(raw, reason, event)
}

// Check returns STALE when no frame arrived within StaleAfter before now,
// where now is on the stamp clock, and the current status otherwise.
func (m *Monitor) Check(now time.Time) Status {
	if !m.seen || now.Sub(m.lastLidar) > m.cfg.StaleAfter {
		m.level = Stale
		m.raise, m.clear = 0, 0
		m.status.Level = Stale
		m.status.Reason = "no frame within " + m.cfg.StaleAfter.String()
	}
	return m.status
}

// finish applies hysteresis to the level raw of the latest frame. The level
// of an event (a drop or a backwards stamp) applies without waiting.
func (m *Monitor) finish(raw Level, reason string, event Level) Status {
	if m.level != Stale && event > m.level {
		m.level = event
		m.raise, m.clear = 0, 0
	}
	switch {
	case m.level == Stale:
		// Fresh data ends STALE at once.
		m.level = raw
		m.raise, m.clear = 0, 0
	case raw > m.level:
		m.clear = 0
		if raw != m.pendingRaise {
			m.pendingRaise, m.raise = raw, 0
		}
		m.raise++
		if m.raise >= m.cfg.RaiseAfter {
			m.level, m.raise = raw, 0
		}
	case raw < m.level:
		m.raise = 0
		m.clear++
		if m.clear >= m.cfg.ClearAfter {
			m.level, m.clear = raw, 0
		}
	default:
		m.raise, m.clear = 0, 0
	}
	if reason != "" && !m.status.Learning {
		m.status.Reason = reason
	}
	m.status.Level = m.level
	return m.status
}

func (m *Monitor) push(offset time.Duration) {
	m.offsets[m.next] = offset.Seconds()
	m.next = (m.next + 1) % len(m.offsets)
	m.filled = min(m.filled+1, len(m.offsets))
}

func (m *Monitor) jitter() time.Duration {
	if m.filled < 2 {
		return 0
	}
	var mean float64
	for _, v := range m.offsets[:m.filled] {
		mean += v
	}
	mean /= float64(m.filled)
	var ss float64
	for _, v := range m.offsets[:m.filled] {
		ss += (v - mean) * (v - mean)
	}
	return time.Duration(math.Sqrt(ss/float64(m.filled-1)) * 1e9)
}

func levelOf(v, warn, errLimit time.Duration) Level {
	switch {
	case v > errLimit:
		return Error
	case v > warn:
		return Warn
	}
	return OK
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
