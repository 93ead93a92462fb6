package sampler

// Quintic is a fifth-order polynomial in time, c[0] + c[1]·t + … + c[5]·t⁵,
// the lateral offset profile d(t) of a candidate.
type Quintic [6]float64

// NewQuintic returns the quintic over [0, T] with position, velocity and
// acceleration p0, v0, a0 at t = 0 and p1, v1, a1 at t = T (T > 0).
func NewQuintic(p0, v0, a0, p1, v1, a1, T float64) Quintic {
	h := p1 - p0
	T2 := T * T
	T3 := T2 * T
	return Quintic{
		p0,
		v0,
		a0 / 2,
		(20*h - (8*v1+12*v0)*T - (3*a0-a1)*T2) / (2 * T3),
		(-30*h + (14*v1+16*v0)*T + (3*a0-2*a1)*T2) / (2 * T3 * T),
		(12*h - 6*(v1+v0)*T + (a1-a0)*T2) / (2 * T3 * T2),
	}
}

// Eval returns the value and its first three time derivatives at t.
func (q Quintic) Eval(t float64) (p, v, a, j float64) {
	c := q
	p = c[0] + t*(c[1]+t*(c[2]+t*(c[3]+t*(c[4]+t*c[5]))))
	v = c[1] + t*(2*c[2]+t*(3*c[3]+t*(4*c[4]+t*5*c[5])))
	a = 2*c[2] + t*(6*c[3]+t*(12*c[4]+t*20*c[5]))
	j = 6*c[3] + t*(24*c[4]+t*60*c[5])
	return p, v, a, j
}

// Quartic is a fourth-order polynomial in time, c[0] + … + c[4]·t⁴, the
// longitudinal arc length profile s(t) of a candidate that reaches a target
// speed without a target position.
type Quartic [5]float64

// NewQuartic returns the quartic over [0, T] with position, velocity and
// acceleration p0, v0, a0 at t = 0 and velocity v1 and acceleration a1 at
// t = T (T > 0).
func NewQuartic(p0, v0, a0, v1, a1, T float64) Quartic {
	T2 := T * T
	return Quartic{
		p0,
		v0,
		a0 / 2,
		(3*(v1-v0) - (2*a0+a1)*T) / (3 * T2),
		(2*(v0-v1) + (a0+a1)*T) / (4 * T2 * T),
	}
}

// Eval returns the value and its first three time derivatives at t.
func (q Quartic) Eval(t float64) (p, v, a, j float64) {
	c := q
	p = c[0] + t*(c[1]+t*(c[2]+t*(c[3]+t*c[4])))
	v = c[1] + t*(2*c[2]+t*(3*c[3]+t*4*c[4]))
	a = 2*c[2] + t*(6*c[3]+t*12*c[4])
	j = 6*c[3] + t*24*c[4]
	return p, v, a, j
}
