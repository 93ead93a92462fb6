package planner

import (
	"math"

	"github.com/ebm-av/ebm_av/traj"
)

// Gate is the hard safety gate applied outside the energy. A candidate
// passes when at every point of its time grid
//
//   - |κ| ≤ MaxCurvature, MinAcceleration ≤ a ≤ MaxAcceleration,
//     |v²κ| ≤ MaxLateralAcceleration, and the jerk from the previous
//     point satisfies |Δa/Δt| ≤ MaxJerk.
//   - All four ego box corners lie on the drivable area, read from the lane
//     bounds, else from the BEV drivable channel. Corners outside the grid
//     fail only with OutsideGridUndrivable. With neither source the check
//     is off.
//   - The ego box, inflated by CollisionMargin, overlaps no obstacle
//     footprint interpolated to that time. Obstacles without a state at a
//     time are ignored there.
//
// The checks run in time order and stop at the first violation, which the
// Rejection reports.
//
// A Gate holds scratch memory and is not safe for concurrent use.
type Gate struct {
	Params GateParams

	near []int // obstacles whose horizon bounds meet the candidate's
}

// NewGate returns the gate with parameters p.
func NewGate(p GateParams) *Gate { return &Gate{Params: p} }

// Check writes the verdict for every candidate to feasible and reasons,
// which must have len(cands) elements. Feasible candidates get the zero
// Rejection.
func (g *Gate) Check(ctx *Context, cands []traj.Trajectory, feasible []bool, reasons []Rejection) {
	s := ctx.ensure(cands)
	trig := s.candidateTrig(cands)
	bounds := s.candidateBounds(cands)
	n := len(s.times)
	margin := g.Params.CollisionMargin
	egoRadius := math.Hypot(ctx.Ego.Length/2+margin, ctx.Ego.Width/2+margin)
	var area drivableArea
	checkArea := false
	if g.Params.CheckDrivable {
		area = ctx.drivableArea(cands)
		checkArea = area.known()
	}

	for i := range cands {
		g.near = g.near[:0]
		for o := range s.tracks {
			if tr := &s.tracks[o]; tr.valid && bounds[i].overlaps(tr.box, egoRadius) {
				g.near = append(g.near, o)
			}
		}
		r := g.checkCandidate(ctx, s, cands[i].Points, trig[2*i*n:2*(i+1)*n], area, checkArea, egoRadius)
		reasons[i] = r
		feasible[i] = r.Check == CheckNone
	}
}

func (g *Gate) checkCandidate(ctx *Context, s *scene, pts []traj.Point, trig []float64, area drivableArea, checkArea bool, egoRadius float64) Rejection {
	p := &g.Params
	hints := [4]int{-1, -1, -1, -1} // lane quad of each corner at the previous step
	for k := range pts {
		pt := &pts[k]
		if r, bad := g.checkKinematics(pts, k); bad {
			return r
		}
		if checkArea {
			box := ctx.egoBox(pt, trig[2*k:], 0)
			for ci, c := range box.Corners() {
				in, known := area.inside(c[0], c[1], &hints[ci])
				if (known && !in) || (!known && p.OutsideGridUndrivable) {
					return Rejection{Check: CheckDrivableArea, T: pt.T}
				}
			}
		}
		if len(g.near) == 0 {
			continue
		}
		ego := ctx.egoBox(pt, trig[2*k:], p.CollisionMargin)
		for _, o := range g.near {
			tr := &s.tracks[o]
			st := &s.trackStates(o)[k]
			if !st.ok {
				continue
			}
			dx, dy := st.x-pt.X, st.y-pt.Y
			if lim := egoRadius + tr.radius; dx*dx+dy*dy > lim*lim {
				continue
			}
			if tr.overlaps(ego, st) {
				return Rejection{Check: CheckCollision, T: pt.T, ObstacleID: tr.id}
			}
		}
	}
	return Rejection{}
}

// checkKinematics checks point k, and the jerk from point k−1 to k.
func (g *Gate) checkKinematics(pts []traj.Point, k int) (Rejection, bool) {
	p := &g.Params
	pt := &pts[k]
	reject := func(q string, v, limit float64) (Rejection, bool) {
		return Rejection{Check: CheckKinematics, T: pt.T, Quantity: q, Value: v, Limit: limit}, true
	}
	if c := math.Abs(pt.Kappa); c > p.MaxCurvature {
		return reject(QuantityCurvature, c, p.MaxCurvature)
	}
	if pt.A > p.MaxAcceleration {
		return reject(QuantityAcceleration, pt.A, p.MaxAcceleration)
	}
	if pt.A < p.MinAcceleration {
		return reject(QuantityAcceleration, pt.A, p.MinAcceleration)
	}
	if lat := math.Abs(pt.V * pt.V * pt.Kappa); lat > p.MaxLateralAcceleration {
		return reject(QuantityLateralAcceleration, lat, p.MaxLateralAcceleration)
	}
	if k > 0 {
		if j := math.Abs(pt.A-pts[k-1].A) / (pt.T - pts[k-1].T); j > p.MaxJerk {
			return reject(QuantityJerk, j, p.MaxJerk)
		}
	}
	return Rejection{}, false
}
