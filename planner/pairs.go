package planner

import (
	"math"

	"github.com/ebm-av/ebm_av/traj"
)

// nearPair is an ego–obstacle pair at one step whose clearance is within
// the reach the pair list was built with.
type nearPair struct {
	step, obstacle int32
	clearance      float64 // m, 0 on overlap
}

// nearPairs returns every ego–obstacle pair with clearance ≤ reach (m),
// grouped by candidate: the pairs of candidate i are
// pairs[start[i]:start[i+1]]. The list is cached for the cycle and reused
// by later calls with a reach up to the one it was built with. Pairs are
// pruned by bounding boxes over the horizon, then by bounding circles,
// and only the rest get the exact clearance.
func (c *Context) nearPairs(cands []traj.Trajectory, reach float64) (pairs []nearPair, start []int32) {
	s := c.ensure(cands)
	if s.pairsReady && s.pairsReach >= reach {
		return s.pairs, s.pairStart
	}
	n := len(s.times)
	trig := s.candidateTrig(cands)
	bounds := s.candidateBounds(cands)
	egoRadius := math.Hypot(c.Ego.Length, c.Ego.Width) / 2

	s.pairs = s.pairs[:0]
	s.pairStart = grow(s.pairStart, len(cands)+1)
	for i := range cands {
		s.pairStart[i] = int32(len(s.pairs))
		pts := cands[i].Points
		for o := range s.tracks {
			tr := &s.tracks[o]
			if !tr.valid || !bounds[i].overlaps(tr.box, egoRadius+reach) {
				continue
			}
			states := s.trackStates(o)
			lim := egoRadius + tr.radius + reach
			for k := 0; k < n; k++ {
				st := &states[k]
				if !st.ok {
					continue
				}
				p := &pts[k]
				dx, dy := st.x-p.X, st.y-p.Y
				if dx*dx+dy*dy > lim*lim {
					continue
				}
				cl := tr.clearance(c.egoBox(p, trig[2*(i*n+k):], 0), st)
				if cl <= reach {
					s.pairs = append(s.pairs, nearPair{step: int32(k), obstacle: int32(o), clearance: cl})
				}
			}
		}
	}
	s.pairStart[len(cands)] = int32(len(s.pairs))
	s.pairsReady, s.pairsReach = true, reach
	return s.pairs, s.pairStart
}
