package sampler

import (
	"fmt"
	"math"

	"github.com/ebm-av/ebm_av/geom"
)

// Reference is a lane centre line as a natural cubic spline x(u), y(u)
// through points resampled at equal arc length, the path Frenet
// coordinates refer to. The parameter u is close to arc length (the spline
// chord spacing), so s is used for it. Beyond both ends the path continues
// straight along the end tangent.
type Reference struct {
	h      float64   // knot spacing, m
	x, y   []float64 // knot positions, m
	mx, my []float64 // second derivatives at the knots
}

// ReferenceSpacing is the knot spacing of NewReference, m. Coarser knots than
// the recorded centre line points smooth out their small kinks, which would
// otherwise show up as curvature spikes.
const ReferenceSpacing = 2.0

// NewReference fits a Reference to the centre line pts (at least two
// distinct points, in driving direction).
func NewReference(pts []geom.Vec2) (*Reference, error) {
	line, err := geom.NewPolyline(pts)
	if err != nil {
		return nil, fmt.Errorf("sampler: reference line: %w", err)
	}
	n := max(int(math.Ceil(line.Length()/ReferenceSpacing)), 1) + 1
	r := &Reference{h: line.Length() / float64(n-1)}
	r.x, r.y = make([]float64, n), make([]float64, n)
	for i := range n {
		p, _ := line.At(float64(i) * r.h)
		r.x[i], r.y[i] = p.X, p.Y
	}
	r.mx, r.my = naturalSpline(r.x, r.h), naturalSpline(r.y, r.h)
	return r, nil
}

// Length returns the arc length between the first and last knot, m.
func (r *Reference) Length() float64 { return r.h * float64(len(r.x)-1) }

// naturalSpline returns the knot second derivatives of the natural cubic
// spline through v at uniform spacing h (Thomas algorithm).
func naturalSpline(v []float64, h float64) []float64 {
	n := len(v)
	m := make([]float64, n)
	if n < 3 {
		return m
	}
	// Interior equations: m[i-1] + 4 m[i] + m[i+1] = 6 (v[i+1] − 2 v[i] + v[i-1]) / h².
	c := make([]float64, n)
	d := make([]float64, n)
	for i := 1; i < n-1; i++ {
		rhs := 6 * (v[i+1] - 2*v[i] + v[i-1]) / (h * h)
		den := 4 - c[i-1]
		c[i] = 1 / den
		d[i] = (rhs - d[i-1]) / den
	}
	for i := n - 2; i >= 1; i-- {
		m[i] = d[i] - c[i]*m[i+1]
	}
	return m
}

// frame is the reference geometry at one parameter value.
type frame struct {
	p, d1, d2 geom.Vec2 // position and first two derivatives in s
	kappa     float64   // signed curvature, 1/m
	dkappa    float64   // d kappa / ds, 1/m²
	speed     float64   // |d1|, close to 1
	tangent   geom.Vec2 // unit tangent
	normal    geom.Vec2 // unit left normal
}

// eval returns the reference frame at s, extending the ends straight.
func (r *Reference) eval(s float64) frame {
	last := len(r.x) - 1
	i := int(math.Floor(s / r.h))
	var excess float64
	switch {
	case s < 0:
		i, excess, s = 0, s, 0
	case i >= last:
		i, excess, s = last-1, s-r.Length(), math.Min(s, r.Length())
	}
	var f frame
	f.p, f.d1, f.d2 = r.segment(i, s-float64(i)*r.h)
	f.speed = math.Sqrt(f.d1.Dot(f.d1))
	f.tangent = f.d1.Scale(1 / f.speed)
	f.normal = geom.Vec2{X: -f.tangent.Y, Y: f.tangent.X}
	if excess != 0 {
		// Straight extension. Natural splines have zero second derivative at
		// their ends, so the curvature stays continuous (zero).
		f.p = f.p.Add(f.tangent.Scale(excess))
		f.d1, f.d2, f.speed = f.tangent, geom.Vec2{}, 1
		return f
	}
	den := f.speed * f.speed * f.speed
	f.kappa = f.d1.Cross(f.d2) / den
	// d kappa / ds by the quotient rule, with the segment's constant third
	// derivative.
	d3 := geom.Vec2{X: (r.mx[i+1] - r.mx[i]) / r.h, Y: (r.my[i+1] - r.my[i]) / r.h}
	f.dkappa = (f.d1.Cross(d3) - f.kappa*3*f.speed*f.d1.Dot(f.d2)) / den
	return f
}

// segment evaluates the spline and its first two derivatives on segment i at
// local parameter u ∈ [0, h].
func (r *Reference) segment(i int, u float64) (p, d1, d2 geom.Vec2) {
	h := r.h
	a, b := (h-u)/h, u/h
	p.X, d1.X, d2.X = cubic(r.x, r.mx, i, a, b, h)
	p.Y, d1.Y, d2.Y = cubic(r.y, r.my, i, a, b, h)
	return p, d1, d2
}

// cubic evaluates one coordinate of segment i of a cubic spline with knot
// values v and second derivatives m, at barycentric weights a = 1 − b.
func cubic(v, m []float64, i int, a, b, h float64) (val, der, sec float64) {
	val = a*v[i] + b*v[i+1] + ((a*a*a-a)*m[i]+(b*b*b-b)*m[i+1])*h*h/6
	der = (v[i+1]-v[i])/h + ((1-3*a*a)*m[i]+(3*b*b-1)*m[i+1])*h/6
	sec = a*m[i] + b*m[i+1]
	return val, der, sec
}

// Project returns the Frenet coordinates (s, d) of p: the parameter of the
// closest reference point and the signed offset to its left, m.
func (r *Reference) Project(p geom.Vec2) (s, d float64) {
	// Coarse search over the knots, then Newton steps on (r(s) − p)·r'(s) = 0.
	best := math.Inf(1)
	for i := range r.x {
		dx, dy := r.x[i]-p.X, r.y[i]-p.Y
		if d2 := dx*dx + dy*dy; d2 < best {
			best, s = d2, float64(i)*r.h
		}
	}
	for range 8 {
		f := r.eval(s)
		diff := f.p.Sub(p)
		g := diff.Dot(f.d1)
		dg := f.d1.Dot(f.d1) + diff.Dot(f.d2)
		if dg <= 0 {
			break
		}
		step := g / dg
		step = math.Max(-r.h, math.Min(r.h, step))
		s -= step
		if math.Abs(step) < 1e-9 {
			break
		}
	}
	f := r.eval(s)
	return s, p.Sub(f.p).Dot(f.normal)
}
