package node

import (
	"sync/atomic"
	"time"
)

// Clock returns the current time of a node: system time, or bag or /clock
// time when use_sim_time is true.
type Clock interface {
	Now() time.Time
}

// SystemClock is the wall clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// SimClock is a clock set from outside, as by a bag player or /clock. Its
// zero value reads as the Unix epoch.
type SimClock struct {
	ns atomic.Int64
}

// Set moves the clock to t, in ns since the Unix epoch. Time may not run
// backwards: an earlier t is ignored and Set returns false.
func (c *SimClock) Set(t int64) bool {
	for {
		cur := c.ns.Load()
		if t < cur {
			return false
		}
		if c.ns.CompareAndSwap(cur, t) {
			return true
		}
	}
}

// Now returns the last time set.
func (c *SimClock) Now() time.Time { return time.Unix(0, c.ns.Load()) }
