package planner

import (
	"math"

	"github.com/ebm-av/ebm_av/traj"
)

// Progress rewards distance travelled and holding a target speed:
//
//	E = −w_d·D/T + w_v·(1/T)·∫(v − v_target)² dt,
//
// where D is the candidate's path length, m, and T the horizon, s. Units:
// w_d per m/s, w_v per m²/s². The target speed is TargetSpeed, or the
// context's SpeedLimit when TargetSpeed is 0. With neither, the speed part
// is 0.
type Progress struct {
	Params ProgressParams
}

// NewProgress returns the term with parameters p.
func NewProgress(p ProgressParams) *Progress { return &Progress{Params: p} }

// Name returns "progress".
func (*Progress) Name() string { return "progress" }

// Evaluate implements Term.
func (t *Progress) Evaluate(ctx *Context, cands []traj.Trajectory, out []float64) {
	s := ctx.ensure(cands)
	p := t.Params
	T := horizon(cands)
	target := p.TargetSpeed
	if target == 0 {
		target = ctx.SpeedLimit
	}
	for i := range cands {
		pts := cands[i].Points
		dist, dev := 0.0, 0.0
		for k := range pts {
			if k > 0 {
				dx, dy := pts[k].X-pts[k-1].X, pts[k].Y-pts[k-1].Y
				dist += math.Sqrt(dx*dx + dy*dy)
			}
			if target > 0 {
				dv := pts[k].V - target
				dev += s.quad[k] * dv * dv
			}
		}
		out[i] = (-p.DistanceWeight*dist + p.SpeedWeight*dev) / T
	}
}
