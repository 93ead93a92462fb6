package planner

import "github.com/ebm-av/ebm_av/traj"

// Uncertainty is the exposure to uncertain predictions:
//
//	E = Σ_obstacles ∫ s(t)·exp(−c(t)²/2L²) dt,
//
// where s is the obstacle's position standard deviation, c the ego-to-obstacle
// clearance and L LengthScale. Unit: m·s. It is exactly 0 when no obstacle
// state carries a standard deviation.
//
// An Uncertainty holds scratch memory and is not safe for concurrent use.
type Uncertainty struct {
	Params UncertaintyParams
	kernel kernel
}

// NewUncertainty returns the term with parameters p.
func NewUncertainty(p UncertaintyParams) *Uncertainty {
	return &Uncertainty{Params: p}
}

// Name returns "uncertainty".
func (*Uncertainty) Name() string { return "uncertainty" }

// Evaluate implements Term.
func (t *Uncertainty) Evaluate(ctx *Context, cands []traj.Trajectory, out []float64) {
	t.pairReach(ctx, cands)
	exposure(ctx, cands, out, &t.kernel)
}

// pairReach returns the largest clearance the term reads, m, and fills the
// kernel. It returns 0 when no obstacle state has a standard deviation.
func (t *Uncertainty) pairReach(ctx *Context, cands []traj.Trajectory) float64 {
	s := ctx.ensure(cands)
	n := len(s.times)
	p := t.Params
	kn := &t.kernel
	kn.resize(len(s.tracks), n)
	inv := 1 / (2 * p.LengthScale * p.LengthScale)
	reach := p.Cutoff * p.LengthScale
	for o := range s.tracks {
		states := s.trackStates(o)
		for k := range s.times {
			j := o*n + k
			kn.amp[j], kn.inv[j], kn.reach[j] = 0, inv, reach
			if states[k].ok {
				kn.amp[j] = states[k].stdDev
			}
		}
	}
	return kn.maxReach()
}
