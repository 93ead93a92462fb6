package planner

import (
	"math"

	"github.com/ebm-av/ebm_av/traj"
)

// Rules is the traffic-rule energy:
//
//	E = w_v·∫(v − v_limit)₊² dt + w_off·∫[centre off the drivable area] dt
//	    + P_red·(red stop positions passed),
//
// Units: w_v per m²/s, w_off per s, P_red per light. The speed limit at a
// point is that of the map lane whose bounds contain it, else the context's
// SpeedLimit. Where neither is known, the speed part is 0. Lanes without
// left and right bounds give no speed limit and no drivable area. The drivable
// area comes from the lane bounds, else from the BEV drivable channel, and
// points that no source covers count as drivable. A light in a red or red-yellow
// state is passed when the ego front crosses its stop position in the
// controlled lane's direction within the lane's half width. Candidates
// already past a stop position at the first point are not penalised for it.
type Rules struct {
	Params RulesParams
}

// NewRules returns the term with parameters p.
func NewRules(p RulesParams) *Rules { return &Rules{Params: p} }

// Name returns "rules".
func (*Rules) Name() string { return "rules" }

// Evaluate implements Term.
func (t *Rules) Evaluate(ctx *Context, cands []traj.Trajectory, out []float64) {
	s := ctx.ensure(cands)
	p := t.Params
	trig := s.candidateTrig(cands)
	n := len(s.times)
	area := ctx.drivableArea(cands)
	lights := ctx.redStopLines(cands, p.StopLineHalfWidth)
	halfLength := ctx.Ego.Length / 2

	for i := range cands {
		pts := cands[i].Points
		speed, offRoad := 0.0, 0.0
		hint := -1
		for k := range pts {
			pt := &pts[k]
			in, known := area.inside(pt.X, pt.Y, &hint)
			off := known && !in
			limit := ctx.SpeedLimit
			if area.road != nil && in {
				// hint is the lane quad containing the point.
				if l := ctx.Map.Lanes[area.road.Quads[hint].Lane].SpeedLimit; l > 0 {
					limit = l
				}
			}
			if limit > 0 && pt.V > limit {
				dv := pt.V - limit
				speed += s.quad[k] * dv * dv
			}
			if off {
				offRoad += s.quad[k]
			}
		}
		passed := 0
		for l := range lights {
			if passesStop(&lights[l], pts, trig[2*i*n:2*(i+1)*n], halfLength) {
				passed++
			}
		}
		out[i] = p.SpeedWeight*speed + p.OffRoadWeight*offRoad + p.RedLightPenalty*float64(passed)
	}
}

// passesStop reports whether the ego front, halfLength ahead of the centre,
// crosses the stop position from behind within its half width.
func passesStop(sl *stopLine, pts []traj.Point, trig []float64, halfLength float64) bool {
	prevS, prevL := 0.0, 0.0
	for k := range pts {
		fx := pts[k].X + halfLength*trig[2*k] - sl.x
		fy := pts[k].Y + halfLength*trig[2*k+1] - sl.y
		along := fx*sl.cos + fy*sl.sin
		lateral := -fx*sl.sin + fy*sl.cos
		if k == 0 {
			if along >= 0 {
				return false
			}
		} else if prevS < 0 && along >= 0 {
			u := prevS / (prevS - along)
			if math.Abs(prevL+u*(lateral-prevL)) <= sl.halfWidth {
				return true
			}
		}
		prevS, prevL = along, lateral
	}
	return false
}
