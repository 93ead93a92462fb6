package planner

import "github.com/ebm-av/ebm_av/traj"

// Lane is the lane-keeping energy:
//
//	E = ∫ w_lat·min(d, d_max)² + w_head·(1 − cos(ψ − ψ_lane)) dt,
//
// where d is the distance from the ego centre to the nearest lane centre
// line, ψ_lane that centre line's direction and d_max MaxDeviation. Units:
// w_lat per m²·s, w_head per s. It reads the map's lanes and falls back to
// the BEV lane centre-line and direction channels when the map has no
// lanes. Points with no centre line within d_max, or outside the BEV grid,
// count as d = d_max with no heading part. With neither source it is 0.
type Lane struct {
	Params LaneParams
}

// NewLane returns the term with parameters p.
func NewLane(p LaneParams) *Lane { return &Lane{Params: p} }

// Name returns "lane".
func (*Lane) Name() string { return "lane" }

// Evaluate implements Term.
func (t *Lane) Evaluate(ctx *Context, cands []traj.Trajectory, out []float64) {
	s := ctx.ensure(cands)
	p := t.Params
	trig := s.candidateTrig(cands)
	n := len(s.times)
	maxD2 := p.MaxDeviation * p.MaxDeviation

	if len(ctx.Map.Lanes) > 0 {
		road := ctx.roadIndex(cands, p.MaxDeviation)
		for i := range cands {
			e := 0.0
			for k := range cands[i].Points {
				pt := &cands[i].Points[k]
				seg, d := road.NearestCenter(pt.X, pt.Y)
				if seg < 0 || d >= p.MaxDeviation {
					e += s.quad[k] * p.LateralWeight * maxD2
					continue
				}
				sg := &road.Segments[seg]
				c, sn := trig[2*(i*n+k)], trig[2*(i*n+k)+1]
				e += s.quad[k] * (p.LateralWeight*d*d + p.HeadingWeight*(1-(c*sg.Cos+sn*sg.Sin)))
			}
			out[i] = e
		}
		return
	}

	field := ctx.laneField(cands)
	if field.grid == nil {
		clear(out)
		return
	}
	for i := range cands {
		e := 0.0
		for k := range cands[i].Points {
			pt := &cands[i].Points[k]
			d, hx, hy, hasHeading, ok := field.lookup(pt.X, pt.Y)
			if !ok || d >= p.MaxDeviation {
				e += s.quad[k] * p.LateralWeight * maxD2
				continue
			}
			e += s.quad[k] * p.LateralWeight * d * d
			if hasHeading {
				c, sn := trig[2*(i*n+k)], trig[2*(i*n+k)+1]
				e += s.quad[k] * p.HeadingWeight * (1 - (c*hx + sn*hy))
			}
		}
		out[i] = e
	}
}
