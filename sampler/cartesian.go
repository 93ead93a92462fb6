package sampler

import (
	"math"

	"github.com/ebm-av/ebm_av/geom"
	"github.com/ebm-av/ebm_av/traj"
)

// minMovingSpeed is the speed below which heading and curvature are held
// from the previous point, because they are undefined at standstill, m/s.
const minMovingSpeed = 1e-3

// cartesian evaluates a candidate on the time grid and converts it to a
// Cartesian trajectory. Position, velocity and acceleration follow exactly
// from p(t) = r(s(t)) + d(t)·n(s(t)) on the spline reference, so Yaw, V, A
// and Kappa are consistent with X, Y. A longitudinal profile whose speed
// would turn negative stops (in s and d) at the last point before the zero
// crossing and stays there, because a candidate never reverses.
func (s *Sampler) cartesian(ref *Reference, c *Candidate, ego traj.EgoState) traj.Trajectory {
	n := s.Points()
	pts := make([]traj.Point, n)
	T := c.Duration
	sEnd, vEnd, _, _ := c.Longitudinal.Eval(T)
	s0, _, _, _ := c.Longitudinal.Eval(0)
	lateralEnd := T
	if c.LateralLength > 0 {
		lateralEnd = c.LateralLength
	}
	dEnd, _, _, _ := c.Lateral.Eval(lateralEnd)
	stopped := false
	var prev, hold frenet
	yaw, kappa := ego.Yaw, 0.0
	for k := range n {
		t := float64(k) * s.opt.DT
		var fs frenet
		if t <= T {
			fs.s, fs.ds, fs.dds, _ = c.Longitudinal.Eval(t)
		} else {
			fs.s, fs.ds = sEnd+vEnd*(t-T), vEnd
		}
		switch {
		case c.LateralLength > 0:
			lateralInArcLength(&fs, c, s0)
		case t <= T:
			fs.d, fs.dd, fs.ddd, _ = c.Lateral.Eval(t)
		default:
			fs.d = dEnd
		}
		if k > 0 && !stopped && fs.ds < 0 {
			stopped = true
			hold = frenet{s: prev.s, d: prev.d}
		}
		if stopped {
			fs = hold
		}
		prev = fs
		p, v, a := kinematics(ref, fs)
		speed := math.Sqrt(v.Dot(v))
		if speed > minMovingSpeed {
			yaw = math.Atan2(v.Y, v.X)
			kappa = v.Cross(a) / (speed * speed * speed)
		}
		along := 0.0
		if speed > minMovingSpeed {
			along = v.Dot(a) / speed
		}
		pts[k] = traj.Point{T: t, X: p.X, Y: p.Y, Yaw: yaw, V: speed, A: along, Kappa: kappa}
	}
	return traj.Trajectory{Points: pts}
}

// kinematics returns position, velocity and acceleration of Frenet state fs.
func kinematics(ref *Reference, fs frenet) (p, v, a geom.Vec2) {
	f := ref.eval(fs.s)
	scale := 1 - f.kappa*fs.d
	p = f.p.Add(f.normal.Scale(fs.d))
	v = f.d1.Scale(fs.ds * scale).Add(f.normal.Scale(fs.dd))
	tangential := fs.dds*scale - fs.ds*(f.dkappa*fs.ds*fs.d+2*f.kappa*fs.dd)
	a = f.d2.Scale(fs.ds * fs.ds * scale).Add(f.d1.Scale(tangential)).Add(f.normal.Scale(fs.ddd))
	return p, v, a
}

// lateralInArcLength sets the lateral part of fs from the profile d(σ) of a
// low-speed candidate, σ = s − s0, by the chain rule: ḋ = d'·ṡ and
// d̈ = d”·ṡ² + d'·s̈.
func lateralInArcLength(fs *frenet, c *Candidate, s0 float64) {
	sigma := fs.s - s0
	if sigma >= c.LateralLength {
		fs.d, _, _, _ = c.Lateral.Eval(c.LateralLength)
		fs.dd, fs.ddd = 0, 0
		return
	}
	d, d1, d2, _ := c.Lateral.Eval(math.Max(sigma, 0))
	fs.d = d
	fs.dd = d1 * fs.ds
	fs.ddd = d2*fs.ds*fs.ds + d1*fs.dds
}
