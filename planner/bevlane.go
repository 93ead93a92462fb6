package planner

import (
	"math"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/traj"
)

// laneField is the BEV fallback for the lane term. It stores the nearest
// lane centre-line cell of every cell, found by two raster passes that
// propagate nearest sites between 8-neighbours. This approximates the exact
// Euclidean distance transform, and is exact for a centre line along a grid
// row or column.
type laneField struct {
	grid         *bev.Grid
	nearest      []int32 // cell index of the nearest centre-line cell, -1 when none
	headX, headY int     // lane direction channels, -1 when absent
}

func (c *Context) laneField(cands []traj.Trajectory) *laneField {
	s := c.ensure(cands)
	if s.lanesReady {
		return &s.lanes
	}
	s.lanesReady = true
	f := &s.lanes
	f.grid = nil
	g := c.Grid
	if g == nil {
		return f
	}
	center := g.Channel(bev.ChannelLaneCenter)
	if center < 0 {
		return f
	}
	f.grid = g
	f.headX, f.headY = g.Channel(bev.ChannelLaneHeadingX), g.Channel(bev.ChannelLaneHeadingY)
	plane := g.Plane(center)

	f.nearest = grow(f.nearest, len(plane))
	for i, v := range plane {
		f.nearest[i] = -1
		if v >= 0.5 {
			f.nearest[i] = int32(i)
		}
	}

	h, w := g.Height, g.Width
	dist2 := func(cell int, site int32) int {
		di, dj := cell/w-int(site)/w, cell%w-int(site)%w
		return di*di + dj*dj
	}
	relax := func(cell, ni, nj int) {
		if ni < 0 || nj < 0 || ni >= h || nj >= w {
			return
		}
		site := f.nearest[ni*w+nj]
		if site < 0 {
			return
		}
		if cur := f.nearest[cell]; cur < 0 || dist2(cell, site) < dist2(cell, cur) {
			f.nearest[cell] = site
		}
	}

	// Forward pass from the top-left, then backward from the bottom-right.
	for i := 0; i < h; i++ {
		for j := 0; j < w; j++ {
			cell := i*w + j
			relax(cell, i-1, j-1)
			relax(cell, i-1, j)
			relax(cell, i-1, j+1)
			relax(cell, i, j-1)
		}
	}
	for i := h - 1; i >= 0; i-- {
		for j := w - 1; j >= 0; j-- {
			cell := i*w + j
			relax(cell, i+1, j+1)
			relax(cell, i+1, j)
			relax(cell, i+1, j-1)
			relax(cell, i, j+1)
		}
	}
	return f
}

// lookup returns the distance from (x, y) to the lane centre line, m, and
// the lane direction there as a world-frame unit vector (hasHeading=false
// when the grid has no direction channels). With a direction the distance
// is the lateral offset from the line through the nearest centre-line cell
// centre, otherwise the distance to that cell centre. ok is false outside
// the grid or when the grid has no centre-line cell.
//
// NOTE: the direction channels are read in the grid frame, like the BEV
// velocity channels, and rotated by the grid's OriginYaw into the world.
func (f *laneField) lookup(x, y float64) (dist, hx, hy float64, hasHeading, ok bool) {
	g := f.grid
	if g == nil {
		return 0, 0, 0, false, false
	}
	col, row := g.ToGrid(x, y)
	j, i := int(math.Floor(col)), int(math.Floor(row))
	if i < 0 || j < 0 || i >= g.Height || j >= g.Width {
		return 0, 0, 0, false, false
	}
	site := f.nearest[i*g.Width+j]
	if site < 0 {
		return 0, 0, 0, false, false
	}
	si, sj := int(site)/g.Width, int(site)%g.Width
	du, dv := col-float64(sj)-0.5, row-float64(si)-0.5 // grid frame, cells
	if f.headX >= 0 && f.headY >= 0 {
		gx, gy := float64(g.Plane(f.headX)[site]), float64(g.Plane(f.headY)[site])
		if norm := math.Hypot(gx, gy); norm > 0 {
			gx, gy = gx/norm, gy/norm
			s, c := math.Sincos(g.OriginYaw)
			lateral := math.Abs(du*gy - dv*gx)
			return lateral * g.Resolution, c*gx - s*gy, s*gx + c*gy, true, true
		}
	}
	return math.Hypot(du, dv) * g.Resolution, 0, 0, false, true
}
