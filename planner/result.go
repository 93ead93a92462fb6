package planner

import "time"

// NoSelection is Result.Selected when no candidate passed the gate. The
// caller then publishes a stopping fallback, see StoppingFallback.
const NoSelection = -1

// Result is the outcome of one Scorer.Score call. Per-candidate slices are
// parallel to the candidates, per-term slices to the scorer's terms in
// their stable order. A Result is meant to be reused across cycles, so that
// a steady-state cycle allocates little.
type Result struct {
	Names   []string  // term names
	Weights []float64 // term weights
	// Terms[j][i] is the weighted energy of term j for candidate i.
	Terms [][]float64
	// Total[i] is the sum over terms of Terms[j][i]; lower is better.
	Total       []float64
	Feasible    []bool
	Rejections  []Rejection // zero value for feasible candidates
	Probability []float64   // softmax(−E/τ) over feasible candidates, 0 for the others
	// LogPartition is log Σ_feasible exp(−E_i/τ), −Inf when none is feasible.
	LogPartition          float64
	Temperature           float64
	TemperatureCalibrated bool
	Selected              int // index of the lowest-energy feasible candidate, or NoSelection
	// Stats is nil unless statistics are enabled.
	Stats []TermStats
	// Elapsed is the time Score took, set only with statistics enabled.
	Elapsed time.Duration

	statsBuf []TermStats
}

// Reasons returns the formatted rejection reason of every candidate, ""
// for feasible ones, appended to dst[:0].
func (r *Result) Reasons(dst []string) []string {
	dst = dst[:0]
	for _, rej := range r.Rejections {
		dst = append(dst, rej.String())
	}
	return dst
}

func (r *Result) resize(terms, cands int) {
	r.Names = grow(r.Names, terms)
	r.Weights = grow(r.Weights, terms)
	r.statsBuf = grow(r.statsBuf, terms)
	if cap(r.Terms) < terms {
		r.Terms = append(r.Terms[:cap(r.Terms)], make([][]float64, terms-cap(r.Terms))...)
	}
	r.Terms = r.Terms[:terms]
	for j := range r.Terms {
		r.Terms[j] = grow(r.Terms[j], cands)
	}
	r.Total = grow(r.Total, cands)
	r.Feasible = grow(r.Feasible, cands)
	r.Rejections = grow(r.Rejections, cands)
	r.Probability = grow(r.Probability, cands)
	r.Elapsed = 0
}
