package planner

import "github.com/ebm-av/ebm_av/traj"

// Term is one energy term of the trajectory energy. Lower energy is better.
// A Scorer multiplies each term by its weight and sums the results.
type Term interface {
	// Name returns the term's parameter prefix, for example "collision_risk".
	Name() string
	// Evaluate writes the unweighted energy of every candidate to out,
	// where len(out) == len(cands). The context and candidates must pass
	// Context.Validate, which Scorer.Score checks before evaluating terms.
	Evaluate(ctx *Context, cands []traj.Trajectory, out []float64)
}

// horizon returns the span of the shared time grid, s.
func horizon(cands []traj.Trajectory) float64 {
	if len(cands) == 0 {
		return 0
	}
	return cands[0].Duration()
}
