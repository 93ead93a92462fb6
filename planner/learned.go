package planner

import "github.com/ebm-av/ebm_av/traj"

// EnergyFunc computes an energy for every candidate, with the contract of
// Term.Evaluate.
type EnergyFunc func(ctx *Context, cands []traj.Trajectory, out []float64)

// Learned is the slot for a learned energy: it adapts an EnergyFunc, for
// example a trained energy-based model, to a Term named "learned".
type Learned struct {
	Fn EnergyFunc
}

// Name returns "learned".
func (Learned) Name() string { return "learned" }

// Evaluate calls the wrapped function, or writes zeros when it is nil.
func (l Learned) Evaluate(ctx *Context, cands []traj.Trajectory, out []float64) {
	if l.Fn == nil {
		clear(out)
		return
	}
	l.Fn(ctx, cands, out)
}
