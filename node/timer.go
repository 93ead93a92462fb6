package node

import (
	"fmt"
	"sync"
	"time"
)

// Timer calls a function periodically on the node's clock.
type Timer struct {
	period time.Duration
	fn     func(now time.Time)

	mu      sync.Mutex
	next    time.Time // zero while the simulated clock has not started
	stopped bool
	stop    func()
}

// CreateTimer calls fn every period of the node's clock, first one period
// after the timer is created. Call it after Configure.
//
// On a SimClock (use_sim_time, replay) the timer fires from SimClock.Set, on
// the goroutine that advances the clock, once per advance that reaches the
// next deadline. Periods skipped by a jump are not replayed, as rcl timers
// behave, so a bag with sparse messages never causes a burst of calls. On
// the system clock fn runs on the timer's own goroutine, concurrently with
// subscription callbacks, so a node that shares state between them must
// lock it.
func (n *Node) CreateTimer(period time.Duration, fn func(now time.Time)) (*Timer, error) {
	if period <= 0 {
		return nil, fmt.Errorf("node %s: invalid timer period %v: must be > 0", n.FullyQualifiedName(), period)
	}
	if n.clock == nil {
		return nil, fmt.Errorf("node %s: timer created before Configure", n.FullyQualifiedName())
	}
	t := &Timer{period: period, fn: fn}
	switch c := n.clock.(type) {
	case *SimClock:
		if now := c.Now(); now.UnixNano() != 0 {
			t.next = now.Add(period)
		}
		t.stop = c.OnAdvance(t.advance)
	default:
		ticker := time.NewTicker(period)
		done := make(chan struct{})
		go func() {
			for {
				select {
				case <-done:
					return
				case <-ticker.C:
					t.fire(c.Now())
				}
			}
		}()
		var once sync.Once
		t.stop = func() { once.Do(func() { ticker.Stop(); close(done) }) }
	}
	n.mu.Lock()
	n.timers = append(n.timers, t)
	n.mu.Unlock()
	return t, nil
}

// Period returns the timer period.
func (t *Timer) Period() time.Duration { return t.period }

// Stop cancels the timer. A call already running completes.
func (t *Timer) Stop() {
	t.mu.Lock()
	t.stopped = true
	t.mu.Unlock()
	t.stop()
}

// advance fires the timer when the simulated time reaches its deadline and
// moves the deadline past now.
func (t *Timer) advance(now time.Time) {
	t.mu.Lock()
	if t.next.IsZero() {
		// The first reading of a simulated clock starts the period, so the
		// jump from the epoch to bag time does not fire the timer.
		t.next = now.Add(t.period)
	}
	if t.stopped || now.Before(t.next) {
		t.mu.Unlock()
		return
	}
	missed := now.Sub(t.next) / t.period
	t.next = t.next.Add((missed + 1) * t.period)
	t.mu.Unlock()
	t.fn(now)
}

func (t *Timer) fire(now time.Time) {
	t.mu.Lock()
	stopped := t.stopped
	t.mu.Unlock()
	if !stopped {
		t.fn(now)
	}
}
