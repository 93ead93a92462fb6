package planner

import (
	"math"

	"github.com/ebm-av/ebm_av/traj"
)

// CollisionRisk is the soft collision energy against predicted obstacles:
//
//	E = Σ_obstacles ∫ exp(−c(t)²/2σ(t)²) dt,  σ(t)² = σ₀² + s(t)² + (g·t)²,
//
// where c is the clearance between the ego box and the obstacle footprint
// (0 on overlap), s the obstacle's position standard deviation, σ₀ Sigma
// and g SigmaGrowth. Unit: s. One obstacle in contact over the whole
// horizon contributes the horizon length.
//
// A CollisionRisk holds scratch memory and is not safe for concurrent use.
type CollisionRisk struct {
	Params CollisionRiskParams
	kernel kernel
}

// NewCollisionRisk returns the term with parameters p.
func NewCollisionRisk(p CollisionRiskParams) *CollisionRisk {
	return &CollisionRisk{Params: p}
}

// Name returns "collision_risk".
func (*CollisionRisk) Name() string { return "collision_risk" }

// Evaluate implements Term.
func (t *CollisionRisk) Evaluate(ctx *Context, cands []traj.Trajectory, out []float64) {
	t.pairReach(ctx, cands)
	exposure(ctx, cands, out, &t.kernel)
}

// pairReach returns the largest clearance the term reads, m, and fills the kernel.
func (t *CollisionRisk) pairReach(ctx *Context, cands []traj.Trajectory) float64 {
	s := ctx.ensure(cands)
	n := len(s.times)
	p := t.Params
	kn := &t.kernel
	kn.resize(len(s.tracks), n)
	for o := range s.tracks {
		states := s.trackStates(o)
		for k, tk := range s.times {
			g := p.SigmaGrowth * tk
			sd := states[k].stdDev
			v := p.Sigma*p.Sigma + sd*sd + g*g
			j := o*n + k
			kn.amp[j] = 0
			if states[k].ok {
				kn.amp[j] = 1
			}
			kn.inv[j] = 1 / (2 * v)
			kn.reach[j] = p.Cutoff * math.Sqrt(v)
		}
	}
	return kn.maxReach()
}
