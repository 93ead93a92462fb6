package geom

import (
	"errors"
	"math"
)

var inf = math.Inf(1)

// Polyline is an open chain of points with cumulative arc length, the
// reference path of Frenet coordinates (s along it, d to its left).
type Polyline struct {
	Points []Vec2
	S      []float64 // S[i] is the arc length from Points[0] to Points[i], m
}

// ErrShortPolyline is returned for a polyline with fewer than two distinct points.
var ErrShortPolyline = errors.New("geom: polyline needs at least two distinct points")

// NewPolyline returns the polyline through pts with consecutive duplicates
// (closer than 1 mm) removed. It copies pts.
func NewPolyline(pts []Vec2) (Polyline, error) {
	p := Polyline{Points: make([]Vec2, 0, len(pts)), S: make([]float64, 0, len(pts))}
	for _, q := range pts {
		if n := len(p.Points); n > 0 {
			step := q.Sub(p.Points[n-1]).Norm()
			if step < 1e-3 {
				continue
			}
			p.S = append(p.S, p.S[n-1]+step)
		} else {
			p.S = append(p.S, 0)
		}
		p.Points = append(p.Points, q)
	}
	if len(p.Points) < 2 {
		return Polyline{}, ErrShortPolyline
	}
	return p, nil
}

// Length returns the total arc length, m.
func (p *Polyline) Length() float64 { return p.S[len(p.S)-1] }

// Project returns the Frenet coordinates of q: arc length s of the closest
// point on p and signed lateral offset d (positive to the left of the
// direction of travel), m. Points before the start or beyond the end project
// onto the extension of the first or last segment, so s may be negative or
// exceed Length.
func (p *Polyline) Project(q Vec2) (s, d float64) {
	best := inf
	last := len(p.Points) - 2
	for i := 0; i <= last; i++ {
		a := p.Points[i]
		seg := p.Points[i+1].Sub(a)
		l := p.S[i+1] - p.S[i]
		t := q.Sub(a).Dot(seg) / (l * l)
		if t < 0 && i > 0 {
			t = 0
		} else if t > 1 && i < last {
			t = 1
		}
		off := q.Sub(a.Add(seg.Scale(t)))
		if dist2 := off.Dot(off); dist2 < best {
			best = dist2
			s = p.S[i] + t*l
			d = seg.Cross(q.Sub(a)) / l
			if t < 0 || t > 1 {
				continue // lateral offset of the extended end segment
			}
			if t == 0 || t == 1 {
				// Nearest to an interior vertex: take the side from the
				// bisector of the two segments meeting there, which one
				// segment alone can misjudge at a corner.
				k := i + int(t)
				d = math.Copysign(math.Sqrt(dist2), p.vertexTangent(k).Cross(q.Sub(p.Points[k])))
			}
		}
	}
	return s, d
}

// At returns the point at arc length s and the heading there, rad. Arc
// lengths outside [0, Length] extend the first or last segment straight.
func (p *Polyline) At(s float64) (Vec2, float64) {
	i := p.segment(s)
	a, b := p.Points[i], p.Points[i+1]
	l := p.S[i+1] - p.S[i]
	u := (s - p.S[i]) / l
	dir := b.Sub(a)
	return a.Add(dir.Scale(u)), math.Atan2(dir.Y, dir.X)
}

// FromFrenet returns the Cartesian point at arc length s and lateral offset d.
func (p *Polyline) FromFrenet(s, d float64) Vec2 {
	pt, h := p.At(s)
	sn, cs := math.Sincos(h)
	return Vec2{pt.X - sn*d, pt.Y + cs*d}
}

// segment returns the index i of the segment [S[i], S[i+1]] holding s,
// clamped to the first and last segment.
func (p *Polyline) segment(s float64) int {
	lo, hi := 0, len(p.S)-1
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if p.S[mid] <= s {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// vertexTangent returns the sum of the unit directions of the segments that
// meet at interior vertex k.
func (p *Polyline) vertexTangent(k int) Vec2 {
	in := p.Points[k].Sub(p.Points[k-1]).Scale(1 / (p.S[k] - p.S[k-1]))
	out := p.Points[k+1].Sub(p.Points[k]).Scale(1 / (p.S[k+1] - p.S[k]))
	return in.Add(out)
}
