package planner

import (
	"math"

	"github.com/ebm-av/ebm_av/traj"
)

// kernel contains, per obstacle and time step, the parameters of a Gaussian
// proximity kernel amp·exp(−c²·inv) that is cut off at clearance reach.
// Rows are obstacles, columns the steps of the time grid.
type kernel struct {
	amp, inv, reach []float64
}

func (k *kernel) resize(obstacles, steps int) {
	k.amp = grow(k.amp, obstacles*steps)
	k.inv = grow(k.inv, obstacles*steps)
	k.reach = grow(k.reach, obstacles*steps)
}

// maxReach returns the largest reach of the kernel, m.
func (k *kernel) maxReach() float64 {
	r := 0.0
	for j, v := range k.reach {
		if k.amp[j] != 0 && v > r {
			r = v
		}
	}
	return r
}

// pairReacher is a term that reads ego–obstacle pairs up to a clearance.
// The scorer builds the shared pair list once with the largest reach.
type pairReacher interface {
	pairReach(ctx *Context, cands []traj.Trajectory) float64
}

// exposure writes out[i] = Σ_obstacles ∫ amp·exp(−c²·inv) dt for every
// candidate i, where c is the ego-to-obstacle clearance, m, and pairs
// farther apart than the kernel's reach count 0.
func exposure(ctx *Context, cands []traj.Trajectory, out []float64, kn *kernel) {
	s := ctx.ensure(cands)
	n := len(s.times)
	reach := kn.maxReach()
	if reach == 0 {
		clear(out)
		return
	}
	pairs, start := ctx.nearPairs(cands, reach)
	for i := range cands {
		e := 0.0
		for _, p := range pairs[start[i]:start[i+1]] {
			j := int(p.obstacle)*n + int(p.step)
			if kn.amp[j] == 0 || p.clearance > kn.reach[j] {
				continue
			}
			e += s.quad[p.step] * kn.amp[j] * math.Exp(-p.clearance*p.clearance*kn.inv[j])
		}
		out[i] = e
	}
}
