package planner

import (
	"math"

	"github.com/ebm-av/ebm_av/traj"
)

// kernel holds, per obstacle and time step, the parameters of a Gaussian
// proximity kernel amp·exp(−c²·inv) that is cut off at clearance reach.
// Rows are obstacles, columns the steps of the time grid.
type kernel struct {
	amp, inv, reach []float64
	maxReach        []float64 // per obstacle, m
}

func (k *kernel) resize(obstacles, steps int) {
	k.amp = grow(k.amp, obstacles*steps)
	k.inv = grow(k.inv, obstacles*steps)
	k.reach = grow(k.reach, obstacles*steps)
	k.maxReach = grow(k.maxReach, obstacles)
	clear(k.maxReach)
}

// exposure writes out[i] = Σ_obstacles ∫ amp·exp(−c²·inv) dt for every
// candidate i, where c is the ego-to-obstacle clearance, m. Obstacles
// without a state at a step and pairs farther apart than reach are skipped,
// first by bounding boxes over the whole horizon, then by bounding circles,
// and only the remaining pairs get the exact clearance.
func exposure(ctx *Context, cands []traj.Trajectory, out []float64, kn *kernel) {
	s := ctx.ensure(cands)
	n := len(s.times)
	trig := s.candidateTrig(cands)
	bounds := s.candidateBounds(cands)
	egoRadius := math.Hypot(ctx.Ego.Length, ctx.Ego.Width) / 2

	for i := range cands {
		pts := cands[i].Points
		e := 0.0
		for o := range s.tracks {
			tr := &s.tracks[o]
			if !tr.valid || kn.maxReach[o] == 0 || !bounds[i].overlaps(tr.box, egoRadius+kn.maxReach[o]) {
				continue
			}
			states := s.trackStates(o)
			for k := 0; k < n; k++ {
				st := &states[k]
				j := o*n + k
				if !st.ok || kn.amp[j] == 0 {
					continue
				}
				p := &pts[k]
				dx, dy := st.x-p.X, st.y-p.Y
				lim := egoRadius + tr.radius + kn.reach[j]
				if dx*dx+dy*dy > lim*lim {
					continue
				}
				c := tr.clearance(ctx.egoBox(p, trig[2*(i*n+k):], 0), st)
				if c > kn.reach[j] {
					continue
				}
				e += s.quad[k] * kn.amp[j] * math.Exp(-c*c*kn.inv[j])
			}
		}
		out[i] = e
	}
}
