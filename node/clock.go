package node

import (
	"sync"
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
// zero value reads as the Unix epoch, which is also what a ROS 2 node with
// use_sim_time reads before the first /clock message.
type SimClock struct {
	ns atomic.Int64

	mu        sync.Mutex
	listeners map[int]func(time.Time)
	nextID    int
}

// Set moves the clock to t, in ns since the Unix epoch, and then calls the
// functions registered with OnAdvance, on the caller's goroutine. Time may
// not run backwards: an earlier t is ignored and Set returns false.
func (c *SimClock) Set(t int64) bool {
	for {
		cur := c.ns.Load()
		if t < cur {
			return false
		}
		if c.ns.CompareAndSwap(cur, t) {
			break
		}
	}
	c.mu.Lock()
	fns := make([]func(time.Time), 0, len(c.listeners))
	for id := 0; id < c.nextID; id++ {
		if fn, ok := c.listeners[id]; ok {
			fns = append(fns, fn)
		}
	}
	c.mu.Unlock()
	now := time.Unix(0, t)
	for _, fn := range fns {
		fn(now)
	}
	return true
}

// Now returns the last time set.
func (c *SimClock) Now() time.Time { return time.Unix(0, c.ns.Load()) }

// OnAdvance registers fn to run after every successful Set, in registration
// order. The returned function removes it.
func (c *SimClock) OnAdvance(fn func(now time.Time)) (cancel func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.listeners == nil {
		c.listeners = map[int]func(time.Time){}
	}
	id := c.nextID
	c.nextID++
	c.listeners[id] = fn
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		delete(c.listeners, id)
	}
}
