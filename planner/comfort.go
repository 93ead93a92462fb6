package planner

import "github.com/ebm-av/ebm_av/traj"

// Comfort is the ride-comfort energy:
//
//	E = w_a·∫a² dt + w_j·∫j² dt + w_lat·∫(v²κ)² dt,
//
// with the longitudinal acceleration a and curvature κ read from the
// candidate points and the jerk j taken as the difference quotient of a
// between consecutive points. The a and v²κ integrals use the trapezoidal
// rule, the jerk integral the midpoint rule. Units: w_a and w_lat per
// m²/s³, w_j per m²/s⁵. A straight line at constant speed has energy 0.
type Comfort struct {
	Params ComfortParams
}

// NewComfort returns the term with parameters p.
func NewComfort(p ComfortParams) *Comfort { return &Comfort{Params: p} }

// Name returns "comfort".
func (*Comfort) Name() string { return "comfort" }

// Evaluate implements Term.
func (t *Comfort) Evaluate(ctx *Context, cands []traj.Trajectory, out []float64) {
	s := ctx.ensure(cands)
	p := t.Params
	for i := range cands {
		pts := cands[i].Points
		acc, jerk, lat := 0.0, 0.0, 0.0
		for k := range pts {
			a := pts[k].A
			l := pts[k].V * pts[k].V * pts[k].Kappa
			acc += s.quad[k] * a * a
			lat += s.quad[k] * l * l
			if k > 0 {
				dt := pts[k].T - pts[k-1].T
				j := (a - pts[k-1].A) / dt
				jerk += j * j * dt
			}
		}
		out[i] = p.AccelerationWeight*acc + p.JerkWeight*jerk + p.LateralAccelerationWeight*lat
	}
}
