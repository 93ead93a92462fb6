package metrics

import (
	"slices"
	"time"
)

// Latency records how long candidate batches take to score.
type Latency struct {
	durations  []time.Duration
	candidates int
}

// Observe records one batch of n candidates that took d.
func (l *Latency) Observe(d time.Duration, n int) {
	l.durations = append(l.durations, d)
	l.candidates += n
}

// Time runs fn, which scores n candidates, and records its duration.
func (l *Latency) Time(n int, fn func()) {
	start := time.Now()
	fn()
	l.Observe(time.Since(start), n)
}

// LatencySummary holds batch latency statistics.
type LatencySummary struct {
	Batches             int
	Mean, P50, P95, Max time.Duration
	PerCandidate        time.Duration // total time over total candidates
}

// Summary returns the statistics of the recorded batches; percentiles use
// the nearest-rank method.
func (l *Latency) Summary() LatencySummary {
	n := len(l.durations)
	if n == 0 {
		return LatencySummary{}
	}
	sorted := slices.Clone(l.durations)
	slices.Sort(sorted)
	var total time.Duration
	for _, d := range sorted {
		total += d
	}
	rank := func(p float64) time.Duration {
		i := int(p*float64(n)+0.999999) - 1
		return sorted[max(0, min(i, n-1))]
	}
	s := LatencySummary{Batches: n, Mean: total / time.Duration(n), P50: rank(0.5), P95: rank(0.95), Max: sorted[n-1]}
	if l.candidates > 0 {
		s.PerCandidate = total / time.Duration(l.candidates)
	}
	return s
}
