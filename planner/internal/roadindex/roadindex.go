// Package roadindex runs the planner's per-point road queries, the nearest
// lane centre line and the lane containing a point, through a uniform
// bucket grid built once per planning cycle over the candidates' region.
package roadindex

import (
	"math"

	"github.com/ebm-av/ebm_av/lanemap"
)

// Segment is one piece of a lane centre line.
type Segment struct {
	AX, AY, BX, BY float64 // end points, m
	Cos, Sin       float64 // unit direction from A to B
	Length         float64 // m
	Lane           int     // index into the lanes passed to Build
}

// Quad is the lane area between two consecutive pairs of bound points,
// in the order left i, left i+1, right i+1, right i.
type Quad struct {
	X, Y [4]float64 // m
	Lane int        // index into the lanes passed to Build

	// convex marks a convex quad, for which ex, ey are its edge vectors
	// oriented so that the interior lies to their left.
	convex bool
	ex, ey [4]float64
}

// prepare sets the edge vectors and convexity of q. A quad is convex when
// every turn between consecutive edges has the sign of its area.
func (q *Quad) prepare() {
	area := 0.0
	for i := 0; i < 4; i++ {
		j := (i + 1) % 4
		q.ex[i], q.ey[i] = q.X[j]-q.X[i], q.Y[j]-q.Y[i]
		area += q.X[i]*q.Y[j] - q.X[j]*q.Y[i]
	}
	q.convex = area != 0
	for i := 0; i < 4; i++ {
		j := (i + 1) % 4
		if turn := q.ex[i]*q.ey[j] - q.ey[i]*q.ex[j]; turn*area < 0 {
			q.convex = false
		}
	}
	if area < 0 {
		// Clockwise: reverse the edges so that the interior is on their left.
		for i := range q.ex {
			q.ex[i], q.ey[i] = -q.ex[i], -q.ey[i]
		}
	}
}

// Index is a bucket grid over lane centre segments and lane quads. The zero
// value is an empty index, and Build reuses its memory across cycles.
type Index struct {
	Segments []Segment
	Quads    []Quad
	// Radius is the distance, m, up to which NearestCenter finds a segment.
	Radius float64

	segs, quads   buckets
	left, right   []lanemap.Vec2
	lengthScratch []float64
}

// maxCells bounds the number of bucket grid cells. Build coarsens the cells
// to stay under it.
const maxCells = 1 << 16

// Build indexes the centre lines and bound quads of lanes that come within
// radius (m) of the rectangle [minX, maxX] × [minY, maxY]. Lanes whose left
// and right bounds have different point counts are resampled to the larger
// count by arc length. Lanes without bounds contribute centre segments only.
func (ix *Index) Build(lanes []lanemap.Lane, minX, minY, maxX, maxY, radius float64) {
	ix.Segments = ix.Segments[:0]
	ix.Quads = ix.Quads[:0]
	ix.Radius = radius
	loX, loY, hiX, hiY := minX-radius, minY-radius, maxX+radius, maxY+radius
	outside := func(x0, y0, x1, y1 float64) bool {
		return x1 < loX || x0 > hiX || y1 < loY || y0 > hiY
	}

	for li := range lanes {
		lane := &lanes[li]
		for k := 0; k+1 < len(lane.Center); k++ {
			a, b := lane.Center[k], lane.Center[k+1]
			if outside(math.Min(a.X, b.X), math.Min(a.Y, b.Y), math.Max(a.X, b.X), math.Max(a.Y, b.Y)) {
				continue
			}
			dx, dy := b.X-a.X, b.Y-a.Y
			l := math.Hypot(dx, dy)
			if l == 0 {
				continue
			}
			ix.Segments = append(ix.Segments, Segment{AX: a.X, AY: a.Y, BX: b.X, BY: b.Y, Cos: dx / l, Sin: dy / l, Length: l, Lane: li})
		}

		left, right := lane.Left, lane.Right
		if len(left) < 2 || len(right) < 2 {
			continue
		}
		if len(left) != len(right) {
			n := max(len(left), len(right))
			ix.left = resample(ix.left[:0], left, n, &ix.lengthScratch)
			ix.right = resample(ix.right[:0], right, n, &ix.lengthScratch)
			left, right = ix.left, ix.right
		}
		for k := 0; k+1 < len(left); k++ {
			q := Quad{
				X:    [4]float64{left[k].X, left[k+1].X, right[k+1].X, right[k].X},
				Y:    [4]float64{left[k].Y, left[k+1].Y, right[k+1].Y, right[k].Y},
				Lane: li,
			}
			x0, y0, x1, y1 := quadBounds(&q)
			if outside(x0, y0, x1, y1) {
				continue
			}
			q.prepare()
			ix.Quads = append(ix.Quads, q)
		}
	}

	cell := chooseCell(loX, loY, hiX, hiY)
	ix.segs.reset(loX, loY, hiX, hiY, cell)
	ix.quads.reset(loX, loY, hiX, hiY, cell)
	for pass := 0; pass < 2; pass++ {
		for i := range ix.Segments {
			s := &ix.Segments[i]
			ix.segs.add(pass, i, math.Min(s.AX, s.BX)-radius, math.Min(s.AY, s.BY)-radius,
				math.Max(s.AX, s.BX)+radius, math.Max(s.AY, s.BY)+radius)
		}
		for i := range ix.Quads {
			x0, y0, x1, y1 := quadBounds(&ix.Quads[i])
			ix.quads.add(pass, i, x0, y0, x1, y1)
		}
		if pass == 0 {
			ix.segs.allocate()
			ix.quads.allocate()
		}
	}
	ix.pruneSegments()
}

// pruneSegments drops from each cell the segments that cannot be the
// nearest for any point in it. Every point of the cell lies within
// threshold, the smallest over segments of the largest corner distance,
// of some segment. The nearest segment of a point in the cell is then
// within threshold + half the cell diagonal of the cell centre, so
// segments farther from the centre than that are dropped.
func (ix *Index) pruneSegments() {
	b := &ix.segs
	halfDiagonal := b.cell * math.Sqrt2 / 2
	read, write := 0, 0
	for k := 0; k+1 < len(b.start); k++ {
		end := int(b.start[k])
		r, c := k/b.nx, k%b.nx
		x0, y0 := b.minX+float64(c)*b.cell, b.minY+float64(r)*b.cell
		cx, cy := x0+b.cell/2, y0+b.cell/2
		threshold := math.Inf(1)
		for _, i := range b.items[read:end] {
			s := &ix.Segments[i]
			far := math.Max(math.Max(s.distance(x0, y0), s.distance(x0+b.cell, y0)),
				math.Max(s.distance(x0, y0+b.cell), s.distance(x0+b.cell, y0+b.cell)))
			threshold = math.Min(threshold, far)
		}
		for _, i := range b.items[read:end] {
			if ix.Segments[i].distance(cx, cy)-halfDiagonal <= threshold {
				b.items[write] = i
				write++
			}
		}
		read = end
		b.start[k] = int32(write)
	}
	b.start[len(b.start)-1] = int32(write)
	b.items = b.items[:write]
}

// distance returns the distance from (x, y) to the segment, m.
func (s *Segment) distance(x, y float64) float64 {
	return math.Sqrt(s.distance2(x, y))
}

// distance2 returns the squared distance from (x, y) to the segment, m².
func (s *Segment) distance2(x, y float64) float64 {
	u := (x-s.AX)*s.Cos + (y-s.AY)*s.Sin
	if u < 0 {
		u = 0
	} else if u > s.Length {
		u = s.Length
	}
	dx, dy := x-(s.AX+u*s.Cos), y-(s.AY+u*s.Sin)
	return dx*dx + dy*dy
}

// NearestCenter returns the index of the centre segment closest to (x, y)
// and the distance to it, m, or -1 when no segment lies within Radius.
func (ix *Index) NearestCenter(x, y float64) (seg int, dist float64) {
	seg, best := -1, ix.Radius*ix.Radius
	for _, i := range ix.segs.lookup(x, y) {
		s := &ix.Segments[i]
		if d := s.distance2(x, y); d <= best {
			seg, best = int(i), d
		}
	}
	if seg < 0 {
		return -1, ix.Radius
	}
	return seg, math.Sqrt(best)
}

// ContainingLane returns the index of a lane whose bound quads contain
// (x, y), or -1. Where lanes overlap it returns the one indexed first.
func (ix *Index) ContainingLane(x, y float64) int {
	if q := ix.ContainingQuad(x, y, -1); q >= 0 {
		return ix.Quads[q].Lane
	}
	return -1
}

// ContainingQuad returns the index of a quad containing (x, y), or -1.
// When hint ≥ 0 it first tests quad hint and the next hintAhead quads,
// which follow it along the same lane, so that callers walking along a
// path can pass the previous result and usually skip the grid lookup.
func (ix *Index) ContainingQuad(x, y float64, hint int) int {
	if hint >= 0 {
		for q := hint; q <= hint+hintAhead && q < len(ix.Quads); q++ {
			if contains(&ix.Quads[q], x, y) {
				return q
			}
		}
	}
	for _, i := range ix.quads.lookup(x, y) {
		if contains(&ix.Quads[i], x, y) {
			return int(i)
		}
	}
	return -1
}

// hintAhead is how many quads past the hint ContainingQuad tests: a car at
// 30 m/s moves 3 m per 0.1 s step, one or two quads of a lane sampled every
// 2 m.
const hintAhead = 3

// HasQuads reports whether any lane near the indexed region has bounds.
func (ix *Index) HasQuads() bool { return len(ix.Quads) > 0 }

// contains reports whether (x, y) lies in q. A convex quad contains its
// boundary: the point must not lie right of any edge. Other quads are
// tested by crossing number, whose half-open rule puts a point on an edge
// shared by two neighbouring quads in exactly one of them.
func contains(q *Quad, x, y float64) bool {
	if q.convex {
		for i := 0; i < 4; i++ {
			if q.ex[i]*(y-q.Y[i])-q.ey[i]*(x-q.X[i]) < 0 {
				return false
			}
		}
		return true
	}
	in := false
	j := 3
	for i := 0; i < 4; i++ {
		xi, yi, xj, yj := q.X[i], q.Y[i], q.X[j], q.Y[j]
		if (yi > y) != (yj > y) && x < xi+(y-yi)*(xj-xi)/(yj-yi) {
			in = !in
		}
		j = i
	}
	return in
}

func quadBounds(q *Quad) (x0, y0, x1, y1 float64) {
	x0, y0, x1, y1 = q.X[0], q.Y[0], q.X[0], q.Y[0]
	for i := 1; i < 4; i++ {
		x0, x1 = math.Min(x0, q.X[i]), math.Max(x1, q.X[i])
		y0, y1 = math.Min(y0, q.Y[i]), math.Max(y1, q.Y[i])
	}
	return x0, y0, x1, y1
}

func chooseCell(x0, y0, x1, y1 float64) float64 {
	cell := 2.0 // m: about half a lane width, so a query cell holds a few items
	for (x1-x0)/cell*(y1-y0)/cell > maxCells {
		cell *= 2
	}
	return cell
}

// resample writes n points spaced evenly by arc length along poly to dst.
func resample(dst, poly []lanemap.Vec2, n int, scratch *[]float64) []lanemap.Vec2 {
	cum := (*scratch)[:0]
	cum = append(cum, 0)
	for i := 1; i < len(poly); i++ {
		cum = append(cum, cum[i-1]+math.Hypot(poly[i].X-poly[i-1].X, poly[i].Y-poly[i-1].Y))
	}
	*scratch = cum
	total := cum[len(cum)-1]
	k := 0
	for i := 0; i < n; i++ {
		s := total * float64(i) / float64(n-1)
		for k+2 < len(poly) && cum[k+1] < s {
			k++
		}
		u := 0.0
		if seg := cum[k+1] - cum[k]; seg > 0 {
			u = math.Min(math.Max((s-cum[k])/seg, 0), 1)
		}
		a, b := poly[k], poly[k+1]
		dst = append(dst, lanemap.Vec2{X: a.X + u*(b.X-a.X), Y: a.Y + u*(b.Y-a.Y)})
	}
	return dst
}
