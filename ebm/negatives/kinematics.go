package negatives

import (
	"math"

	"github.com/ebm-av/ebm_av/traj"
)

// Recompute sets Yaw, V, A and Kappa of every point from the positions and
// times by finite differences (central inside, one-sided at the ends), so
// a perturbed path has consistent derivatives. The first point keeps its
// state because it is the vehicle's current state. Points closer than
// 1 mm to their neighbours keep the previous heading.
func Recompute(t traj.Trajectory) {
	p := t.Points
	n := len(p)
	if n < 3 {
		return
	}
	vx, vy := make([]float64, n), make([]float64, n)
	for i := range n {
		lo, hi := max(i-1, 0), min(i+1, n-1)
		dt := p[hi].T - p[lo].T
		vx[i], vy[i] = (p[hi].X-p[lo].X)/dt, (p[hi].Y-p[lo].Y)/dt
	}
	for i := 1; i < n; i++ {
		speed := math.Hypot(vx[i], vy[i])
		p[i].V = speed
		if speed*(p[min(i+1, n-1)].T-p[i-1].T) > 1e-3 {
			p[i].Yaw = math.Atan2(vy[i], vx[i])
		} else {
			p[i].Yaw = p[i-1].Yaw
		}
	}
	for i := 1; i < n; i++ {
		lo, hi := max(i-1, 0), min(i+1, n-1)
		p[i].A = (p[hi].V - p[lo].V) / (p[hi].T - p[lo].T)
		// Second derivative of position from the three nearest points,
		// valid on a non-uniform grid; the last point uses its neighbour's.
		c := min(i, n-2)
		h1, h2 := p[c].T-p[c-1].T, p[c+1].T-p[c].T
		ax := 2 * ((p[c+1].X-p[c].X)/h2 - (p[c].X-p[c-1].X)/h1) / (h1 + h2)
		ay := 2 * ((p[c+1].Y-p[c].Y)/h2 - (p[c].Y-p[c-1].Y)/h1) / (h1 + h2)
		speed := p[i].V
		if speed > 1e-3 {
			p[i].Kappa = (vx[i]*ay - vy[i]*ax) / (speed * speed * speed)
		} else {
			p[i].Kappa = 0
		}
	}
}

// clone returns a deep copy of t.
func clone(t traj.Trajectory) traj.Trajectory {
	return traj.Trajectory{Points: append([]traj.Point(nil), t.Points...)}
}

// arcLengths returns the cumulative path length at every point.
func arcLengths(t traj.Trajectory) []float64 {
	s := make([]float64, len(t.Points))
	for i := 1; i < len(t.Points); i++ {
		a, b := t.Points[i-1], t.Points[i]
		s[i] = s[i-1] + math.Hypot(b.X-a.X, b.Y-a.Y)
	}
	return s
}

// pointAtArc returns the position at arc length target along the polyline
// of t, extrapolating along the end segments' directions outside [0, s_end].
func pointAtArc(t traj.Trajectory, s []float64, target float64) (x, y float64) {
	p := t.Points
	n := len(p)
	i := 1
	for i < n-1 && s[i] < target {
		i++
	}
	if target < 0 {
		i = 1
	}
	a, b := p[i-1], p[i]
	seg := s[i] - s[i-1]
	if seg <= 0 {
		return a.X, a.Y
	}
	u := (target - s[i-1]) / seg
	return a.X + u*(b.X-a.X), a.Y + u*(b.Y-a.Y)
}

// pointAtTime returns the position of t at time tau by linear
// interpolation, holding the first and last positions outside the grid.
func pointAtTime(t traj.Trajectory, tau float64) (x, y float64) {
	p := t.Points
	if tau <= p[0].T {
		return p[0].X, p[0].Y
	}
	for i := 1; i < len(p); i++ {
		if tau <= p[i].T {
			u := (tau - p[i-1].T) / (p[i].T - p[i-1].T)
			return p[i-1].X + u*(p[i].X-p[i-1].X), p[i-1].Y + u*(p[i].Y-p[i-1].Y)
		}
	}
	last := p[len(p)-1]
	return last.X, last.Y
}

// ramp returns a smooth 0→1 weight over the first rampTime seconds after
// t0, so perturbations start from the vehicle's current state.
func ramp(tau, t0, rampTime float64) float64 {
	if rampTime <= 0 {
		return 1
	}
	u := math.Min(math.Max((tau-t0)/rampTime, 0), 1)
	return u * u * (3 - 2*u)
}
