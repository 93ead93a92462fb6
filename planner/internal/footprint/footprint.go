// Package footprint provides the allocation-free footprint geometry the planner
// evaluates in its inner loops: oriented boxes, discs, their overlap by the
// separating axis theorem and their clearance. Units are metres.
//
// It agrees with package geom, but a Box here carries the cosine and sine
// of its heading, which the planner computes once per trajectory point, so
// no test computes a math.Sincos. Tests check the two packages against
// each other.
package footprint

import "math"

// Box is an oriented rectangle given by its centre, the unit vector of its
// length axis (Cos, Sin) and its half extents.
type Box struct {
	X, Y                  float64 // centre, m
	Cos, Sin              float64 // direction of the length axis
	HalfLength, HalfWidth float64 // m
}

// NewBox returns the box of the given centre, heading (rad) and full extents (m).
func NewBox(x, y, yaw, length, width float64) Box {
	s, c := math.Sincos(yaw)
	return Box{X: x, Y: y, Cos: c, Sin: s, HalfLength: length / 2, HalfWidth: width / 2}
}

// Radius returns the radius of the circle around the box centre that contains the box.
func (b Box) Radius() float64 {
	return math.Hypot(b.HalfLength, b.HalfWidth)
}

// Corners returns the four corners counter-clockwise, starting at the front left.
func (b Box) Corners() [4][2]float64 {
	lx, ly := b.HalfLength*b.Cos, b.HalfLength*b.Sin // half length axis
	wx, wy := -b.HalfWidth*b.Sin, b.HalfWidth*b.Cos  // half width axis, to the left
	return [4][2]float64{
		{b.X + lx + wx, b.Y + ly + wy},
		{b.X - lx + wx, b.Y - ly + wy},
		{b.X - lx - wx, b.Y - ly - wy},
		{b.X + lx - wx, b.Y + ly - wy},
	}
}

// PointDistance returns the distance from (px, py) to the box, 0 inside it.
func (b Box) PointDistance(px, py float64) float64 {
	dx, dy := px-b.X, py-b.Y
	u := math.Abs(dx*b.Cos+dy*b.Sin) - b.HalfLength
	v := math.Abs(-dx*b.Sin+dy*b.Cos) - b.HalfWidth
	if u <= 0 && v <= 0 {
		return 0
	}
	if u <= 0 {
		return v
	}
	if v <= 0 {
		return u
	}
	return math.Sqrt(u*u + v*v)
}

// Overlap reports whether boxes a and b intersect. Touching boxes overlap.
func Overlap(a, b Box) bool {
	dx, dy := b.X-a.X, b.Y-a.Y
	// The four candidate separating axes are the length and width axes of
	// both boxes. A box's projected half extent on a unit axis n is
	// HalfLength·|u·n| + HalfWidth·|v·n|.
	cc := a.Cos*b.Cos + a.Sin*b.Sin // u_a·u_b = v_a·v_b
	cs := a.Cos*b.Sin - a.Sin*b.Cos // u_a·v_b = -(v_a·u_b)
	acc, acs := math.Abs(cc), math.Abs(cs)

	// Axis u_a.
	if math.Abs(dx*a.Cos+dy*a.Sin) > a.HalfLength+b.HalfLength*acc+b.HalfWidth*acs {
		return false
	}
	// Axis v_a.
	if math.Abs(-dx*a.Sin+dy*a.Cos) > a.HalfWidth+b.HalfLength*acs+b.HalfWidth*acc {
		return false
	}
	// Axis u_b.
	if math.Abs(dx*b.Cos+dy*b.Sin) > b.HalfLength+a.HalfLength*acc+a.HalfWidth*acs {
		return false
	}
	// Axis v_b.
	if math.Abs(-dx*b.Sin+dy*b.Cos) > b.HalfWidth+a.HalfLength*acs+a.HalfWidth*acc {
		return false
	}
	return true
}

// Distance returns the clearance between boxes a and b, 0 when they overlap.
// For two disjoint convex polygons the closest pair of points always
// includes a vertex of one of them, so the minimum over the eight corners of
// the corner-to-box distance is exact. It shares the relative rotation and
// the centre offset between the overlap test and the corner distances.
func Distance(a, b Box) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	cc := a.Cos*b.Cos + a.Sin*b.Sin // u_a·u_b = v_a·v_b
	cs := a.Cos*b.Sin - a.Sin*b.Cos // u_b·v_a = −(u_a·v_b)
	acc, acs := math.Abs(cc), math.Abs(cs)
	ax, ay := dx*a.Cos+dy*a.Sin, -dx*a.Sin+dy*a.Cos // b's centre in a's frame
	bx, by := dx*b.Cos+dy*b.Sin, -dx*b.Sin+dy*b.Cos // minus a's centre in b's frame

	if math.Abs(ax) <= a.HalfLength+b.HalfLength*acc+b.HalfWidth*acs &&
		math.Abs(ay) <= a.HalfWidth+b.HalfLength*acs+b.HalfWidth*acc &&
		math.Abs(bx) <= b.HalfLength+a.HalfLength*acc+a.HalfWidth*acs &&
		math.Abs(by) <= b.HalfWidth+a.HalfLength*acs+a.HalfWidth*acc {
		return 0 // no separating axis
	}

	// Corners of b in a's frame: u_b = (cc, cs) and v_b = (−cs, cc) there.
	lx, ly := b.HalfLength*cc, b.HalfLength*cs
	wx, wy := -b.HalfWidth*cs, b.HalfWidth*cc
	d2 := excess2(ax+lx+wx, ay+ly+wy, a.HalfLength, a.HalfWidth)
	d2 = min(d2, excess2(ax+lx-wx, ay+ly-wy, a.HalfLength, a.HalfWidth))
	d2 = min(d2, excess2(ax-lx+wx, ay-ly+wy, a.HalfLength, a.HalfWidth))
	d2 = min(d2, excess2(ax-lx-wx, ay-ly-wy, a.HalfLength, a.HalfWidth))
	// Corners of a in b's frame: u_a = (cc, −cs) and v_a = (cs, cc) there.
	// The box is symmetric, so the corners may be taken about +(bx, by).
	lx, ly = a.HalfLength*cc, -a.HalfLength*cs
	wx, wy = a.HalfWidth*cs, a.HalfWidth*cc
	d2 = min(d2, excess2(bx+lx+wx, by+ly+wy, b.HalfLength, b.HalfWidth))
	d2 = min(d2, excess2(bx+lx-wx, by+ly-wy, b.HalfLength, b.HalfWidth))
	d2 = min(d2, excess2(bx-lx+wx, by-ly+wy, b.HalfLength, b.HalfWidth))
	d2 = min(d2, excess2(bx-lx-wx, by-ly-wy, b.HalfLength, b.HalfWidth))
	return math.Sqrt(d2)
}

// excess2 returns the squared distance from (x, y) to the axis-aligned box
// of half extents (hl, hw) centred at the origin.
func excess2(x, y, hl, hw float64) float64 {
	ex := math.Abs(x) - hl
	ey := math.Abs(y) - hw
	if ex < 0 {
		ex = 0
	}
	if ey < 0 {
		ey = 0
	}
	return ex*ex + ey*ey
}

// CircleOverlap reports whether box b and the disc of radius r around
// (cx, cy) intersect. Touching counts as overlap.
func CircleOverlap(b Box, cx, cy, r float64) bool {
	return b.PointDistance(cx, cy) <= r
}

// CircleDistance returns the clearance between box b and the disc of radius
// r around (cx, cy), 0 when they overlap.
func CircleDistance(b Box, cx, cy, r float64) float64 {
	if d := b.PointDistance(cx, cy) - r; d > 0 {
		return d
	}
	return 0
}
