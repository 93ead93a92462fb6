package geom

import "math"

// Box is an oriented rectangle: centre, heading of its length axis, and its
// full length and width, m.
type Box struct {
	Center        Vec2
	Yaw           float64
	Length, Width float64
}

// Circle is a disc.
type Circle struct {
	Center Vec2
	Radius float64
}

// Corners returns the four corners of b counter-clockwise, starting at the
// rear right corner.
func (b Box) Corners() [4]Vec2 {
	s, c := math.Sincos(b.Yaw)
	return corners(b, s, c)
}

// corners returns the corners of b given the sine and cosine of its yaw.
func corners(b Box, s, c float64) [4]Vec2 {
	hl, hw := b.Length/2, b.Width/2
	ax := Vec2{c * hl, s * hl}  // half length axis
	ay := Vec2{-s * hw, c * hw} // half width axis
	return [4]Vec2{
		b.Center.Sub(ax).Sub(ay),
		b.Center.Add(ax).Sub(ay),
		b.Center.Add(ax).Add(ay),
		b.Center.Sub(ax).Add(ay),
	}
}

// Contains reports whether p lies inside b or on its boundary.
func (b Box) Contains(p Vec2) bool {
	s, c := math.Sincos(b.Yaw)
	q := p.Sub(b.Center)
	lx := c*q.X + s*q.Y
	ly := -s*q.X + c*q.Y
	return math.Abs(lx) <= b.Length/2 && math.Abs(ly) <= b.Width/2
}

// PointDistance returns the signed distance from p to the boundary of b:
// positive outside, negative inside (minus the distance to the nearest
// edge), zero on the boundary.
func (b Box) PointDistance(p Vec2) float64 {
	s, c := math.Sincos(b.Yaw)
	return boxPointDistance(b, s, c, p)
}

func boxPointDistance(b Box, s, c float64, p Vec2) float64 {
	ex, ey := boxPointExcess(b, s, c, p)
	if ex <= 0 && ey <= 0 {
		return math.Max(ex, ey)
	}
	return math.Sqrt(boxPointDistance2(ex, ey))
}

// boxPointDistance2 returns the squared distance of a point outside a box
// from the excesses ex, ey of its box-frame coordinates over the half extents.
func boxPointDistance2(ex, ey float64) float64 {
	ex, ey = math.Max(ex, 0), math.Max(ey, 0)
	return ex*ex + ey*ey
}

// boxPointExcess returns the excesses of p's box-frame coordinates over the
// half extents of b.
func boxPointExcess(b Box, s, c float64, p Vec2) (ex, ey float64) {
	q := p.Sub(b.Center)
	return math.Abs(c*q.X+s*q.Y) - b.Length/2, math.Abs(-s*q.X+c*q.Y) - b.Width/2
}

// Overlap reports whether boxes a and b intersect, touching included, by the
// separating-axis test on the four edge normals.
func Overlap(a, b Box) bool {
	// Bounding and inscribed circles settle most pairs without trigonometry.
	d := b.Center.Sub(a.Center)
	d2 := d.Dot(d)
	outer := math.Sqrt(a.Length*a.Length+a.Width*a.Width)/2 + math.Sqrt(b.Length*b.Length+b.Width*b.Width)/2
	if d2 > outer*outer {
		return false
	}
	inner := min(a.Length, a.Width)/2 + min(b.Length, b.Width)/2
	if d2 < inner*inner {
		return true
	}
	sa, ca := math.Sincos(a.Yaw)
	sb, cb := math.Sincos(b.Yaw)
	// Axes: a's length and width directions, then b's.
	ax := [4]Vec2{{ca, sa}, {-sa, ca}, {cb, sb}, {-sb, cb}}
	for _, u := range ax {
		if axisGap(u, d, a, b, ax) > 0 {
			return false
		}
	}
	return true
}

// axisGap returns the distance between the projections of a and b on the
// unit axis u: positive when they are separated, minus the overlap length
// otherwise. d is b.Center − a.Center and ax holds the boxes' unit axes.
func axisGap(u, d Vec2, a, b Box, ax [4]Vec2) float64 {
	ra := a.Length/2*math.Abs(u.Dot(ax[0])) + a.Width/2*math.Abs(u.Dot(ax[1]))
	rb := b.Length/2*math.Abs(u.Dot(ax[2])) + b.Width/2*math.Abs(u.Dot(ax[3]))
	return math.Abs(u.Dot(d)) - ra - rb
}

// Clearance returns the signed clearance between boxes a and b: the
// Euclidean distance between them when they are apart, and minus the
// penetration depth (the smallest overlap over the four separating axes) when
// they intersect. Touching boxes have clearance 0.
func Clearance(a, b Box) float64 {
	sa, ca := math.Sincos(a.Yaw)
	sb, cb := math.Sincos(b.Yaw)
	d := b.Center.Sub(a.Center)
	ax := [4]Vec2{{ca, sa}, {-sa, ca}, {cb, sb}, {-sb, cb}}
	maxGap := math.Inf(-1)
	for _, u := range ax {
		maxGap = math.Max(maxGap, axisGap(u, d, a, b, ax))
	}
	if maxGap <= 0 {
		return maxGap
	}
	// Apart: for two disjoint convex polygons the closest pair always has a
	// vertex of one of them, so the distance is the smallest vertex-to-box
	// distance in both directions.
	dist2 := math.Inf(1)
	for _, p := range corners(a, sa, ca) {
		dist2 = math.Min(dist2, boxPointDistance2(boxPointExcess(b, sb, cb, p)))
	}
	for _, p := range corners(b, sb, cb) {
		dist2 = math.Min(dist2, boxPointDistance2(boxPointExcess(a, sa, ca, p)))
	}
	return math.Sqrt(dist2)
}

// CircleClearance returns the signed clearance between box b and circle c:
// the distance from the circle to the box when apart, negative when they
// intersect.
func CircleClearance(b Box, c Circle) float64 {
	return b.PointDistance(c.Center) - c.Radius
}

// OverlapCircle reports whether box b and circle c intersect, touching included.
func OverlapCircle(b Box, c Circle) bool {
	return CircleClearance(b, c) <= 0
}

// OverlapCircles reports whether circles a and b intersect, touching included.
func OverlapCircles(a, b Circle) bool {
	return a.Center.Sub(b.Center).Norm() <= a.Radius+b.Radius
}
