package bev

import (
	"fmt"
	"math"

	"github.com/ebm-av/ebm_av/geom"
)

// The Fill helpers set cells of one plane of g (a row-major Height × Width
// slice, usually g.Plane(c) or a plane of the same geometry) to a value.
// A cell is covered when its centre lies inside the shape, with world
// coordinates mapped through the grid's origin and yaw. Polygons and boxes
// cover centres in the half-open span between their left and right (and
// lower and upper) boundaries, so an axis-aligned rectangle of w × h cells
// covers exactly w × h cells wherever it sits. Circles include their
// boundary. Shapes outside the grid are clipped.

// maxStackVertices is the polygon size the Fill helpers transform without
// allocating.
const maxStackVertices = 64

// FillPolygon sets the cells of plane whose centres lie inside the simple
// polygon poly (world coordinates, m, either orientation) to v.
func (g *Grid) FillPolygon(plane []float32, poly []geom.Vec2, v float32) {
	g.checkPlane(plane)
	var buf [maxStackVertices]geom.Vec2
	pts := buf[:0]
	for _, p := range poly {
		col, row := g.ToGrid(p.X, p.Y)
		pts = append(pts, geom.Vec2{X: col, Y: row})
	}
	g.fillGridPolygon(plane, pts, v)
}

// FillOrientedBox sets the cells of plane whose centres lie inside box b to v.
func (g *Grid) FillOrientedBox(plane []float32, b geom.Box, v float32) {
	g.checkPlane(plane)
	corners := b.Corners()
	var pts [4]geom.Vec2
	for i, p := range corners {
		col, row := g.ToGrid(p.X, p.Y)
		pts[i] = geom.Vec2{X: col, Y: row}
	}
	g.fillGridPolygon(plane, pts[:], v)
}

// FillCircle sets the cells of plane whose centres lie inside circle c or on
// its boundary to v.
func (g *Grid) FillCircle(plane []float32, c geom.Circle, v float32) {
	g.checkPlane(plane)
	cx, cy := g.ToGrid(c.Center.X, c.Center.Y)
	r := c.Radius / g.Resolution
	i0 := max(int(math.Ceil(cy-r-0.5)), 0)
	i1 := min(int(math.Floor(cy+r-0.5)), g.Height-1)
	for i := i0; i <= i1; i++ {
		dy := float64(i) + 0.5 - cy
		half := math.Sqrt(math.Max(r*r-dy*dy, 0))
		g.fillRow(plane, i, int(math.Ceil(cx-half-0.5)), int(math.Floor(cx+half-0.5)), v)
	}
}

// fillGridPolygon scan-converts a polygon given in grid coordinates (col, row).
func (g *Grid) fillGridPolygon(plane []float32, pts []geom.Vec2, v float32) {
	if len(pts) < 3 {
		return
	}
	lo, hi := geom.BoundingBox(pts)
	i0 := max(int(math.Ceil(lo.Y-0.5)), 0)
	i1 := min(int(math.Ceil(hi.Y-0.5))-1, g.Height-1)
	if lo.X >= float64(g.Width) || hi.X <= 0 {
		return
	}
	var buf [maxStackVertices]float64
	for i := i0; i <= i1; i++ {
		y := float64(i) + 0.5
		xs := buf[:0]
		n := len(pts)
		for a, b := 0, n-1; a < n; b, a = a, a+1 {
			pa, pb := pts[a], pts[b]
			if (pa.Y > y) != (pb.Y > y) {
				xs = append(xs, pa.X+(y-pa.Y)*(pb.X-pa.X)/(pb.Y-pa.Y))
			}
		}
		insertionSort(xs)
		// Even-odd rule: centres x with xs[2k] <= x < xs[2k+1] are inside.
		for k := 0; k+1 < len(xs); k += 2 {
			g.fillRow(plane, i, int(math.Ceil(xs[k]-0.5)), int(math.Ceil(xs[k+1]-0.5))-1, v)
		}
	}
}

// fillRow sets columns j0..j1 (inclusive, clipped) of row i.
func (g *Grid) fillRow(plane []float32, i, j0, j1 int, v float32) {
	j0, j1 = max(j0, 0), min(j1, g.Width-1)
	if j0 > j1 {
		return
	}
	row := plane[i*g.Width : (i+1)*g.Width]
	for j := j0; j <= j1; j++ {
		row[j] = v
	}
}

// checkPlane panics when plane does not match the grid size: passing a plane
// of another grid is a programming error.
func (g *Grid) checkPlane(plane []float32) {
	if len(plane) != g.Height*g.Width {
		panic(fmt.Sprintf("bev: plane has %d cells, grid is %d×%d", len(plane), g.Height, g.Width))
	}
}

func insertionSort(xs []float64) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}
