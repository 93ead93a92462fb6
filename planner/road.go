package planner

import (
	"math"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/lanemap"
	"github.com/ebm-av/ebm_av/planner/internal/roadindex"
	"github.com/ebm-av/ebm_av/traj"
)

// drivableArea tests points against the drivable area. It reads the lane
// bounds when the map has any near the candidates, else the BEV drivable
// channel.
type drivableArea struct {
	road    *roadindex.Index // nil when no lane near the candidates has bounds
	grid    *bev.Grid
	channel int // BEV drivable channel, -1 when absent
}

func (c *Context) drivableArea(cands []traj.Trajectory) drivableArea {
	if road := c.roadIndex(cands, 0); road.HasQuads() {
		return drivableArea{road: road, channel: -1}
	}
	if c.Grid != nil {
		if ch := c.Grid.Channel(bev.ChannelDrivable); ch >= 0 {
			return drivableArea{grid: c.Grid, channel: ch}
		}
	}
	return drivableArea{channel: -1}
}

// known reports whether any source of the drivable area is available.
func (d drivableArea) known() bool { return d.road != nil || d.channel >= 0 }

// inside reports whether (x, y) is drivable, and known=false when no source
// covers the point: no map or raster at all, or a point outside the grid.
// hint carries the lane quad found by the previous call along a path; start
// it at -1.
func (d drivableArea) inside(x, y float64, hint *int) (in, known bool) {
	if d.road != nil {
		*hint = d.road.ContainingQuad(x, y, *hint)
		return *hint >= 0, true
	}
	if d.channel < 0 {
		return false, false
	}
	v, ok := d.grid.Nearest(d.channel, x, y)
	return v >= 0.5, ok
}

// laneField is the BEV fallback for the lane term. It stores the nearest
// lane centre-line cell of every cell, found by two raster passes that
// propagate nearest sites between 8-neighbours. This approximates the exact
// Euclidean distance transform and matches it along straight lines.
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

// stopLine is the stop position of a light that currently forbids passing.
type stopLine struct {
	x, y      float64 // m
	cos, sin  float64 // driving direction of the controlled lane
	halfWidth float64 // lateral extent on each side, m
	lightID   int
}

// stopSearchRadius is how far from a stop position the controlled lane's
// centre line may lie, m.
const stopSearchRadius = 5.0

// redStopLines returns the stop positions of lights in a red or red-yellow
// state. A light whose controlled lanes have no centre line within
// stopSearchRadius of its stop position is skipped, since the direction
// to pass it in is unknown.
func (c *Context) redStopLines(cands []traj.Trajectory, defaultHalfWidth float64) []stopLine {
	s := c.ensure(cands)
	if s.lightsReady && s.lightsHalfW == defaultHalfWidth {
		return s.lights
	}
	s.lights = s.lights[:0]
	for _, tl := range c.Map.TrafficLights {
		if tl.State != lanemap.LightRed && tl.State != lanemap.LightRedYellow {
			continue
		}
		best, bestDist := stopLine{}, stopSearchRadius
		found := false
		for li := range c.Map.Lanes {
			lane := &c.Map.Lanes[li]
			if len(tl.LaneIDs) > 0 && !containsID(tl.LaneIDs, lane.ID) {
				continue
			}
			d, dx, dy := nearestOnPolyline(lane.Center, tl.Stop.X, tl.Stop.Y)
			if d > bestDist {
				continue
			}
			half := defaultHalfWidth
			if len(lane.Left) > 0 && len(lane.Right) > 0 {
				dl, _, _ := nearestOnPolyline(lane.Left, tl.Stop.X, tl.Stop.Y)
				dr, _, _ := nearestOnPolyline(lane.Right, tl.Stop.X, tl.Stop.Y)
				half = (dl + dr) / 2
			}
			best = stopLine{x: tl.Stop.X, y: tl.Stop.Y, cos: dx, sin: dy, halfWidth: half, lightID: tl.ID}
			bestDist, found = d, true
		}
		if found {
			s.lights = append(s.lights, best)
		}
	}
	s.lightsReady, s.lightsHalfW = true, defaultHalfWidth
	return s.lights
}

func containsID(ids []int, id int) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}

// nearestOnPolyline returns the distance from (x, y) to poly and the unit
// direction of the closest segment; +Inf when poly has no segment.
func nearestOnPolyline(poly []lanemap.Vec2, x, y float64) (dist, dirX, dirY float64) {
	dist = math.Inf(1)
	for k := 0; k+1 < len(poly); k++ {
		a, b := poly[k], poly[k+1]
		sx, sy := b.X-a.X, b.Y-a.Y
		l2 := sx*sx + sy*sy
		if l2 == 0 {
			continue
		}
		u := math.Min(math.Max(((x-a.X)*sx+(y-a.Y)*sy)/l2, 0), 1)
		if d := math.Hypot(x-a.X-u*sx, y-a.Y-u*sy); d < dist {
			l := math.Sqrt(l2)
			dist, dirX, dirY = d, sx/l, sy/l
		}
	}
	return dist, dirX, dirY
}

// speedLimitAt returns the limit of the lane containing (x, y) when the map
// gives one, else the context fallback; 0 means no limit is known.
func (c *Context) speedLimitAt(road *roadindex.Index, x, y float64) float64 {
	if lane := road.ContainingLane(x, y); lane >= 0 && c.Map.Lanes[lane].SpeedLimit > 0 {
		return c.Map.Lanes[lane].SpeedLimit
	}
	return c.SpeedLimit
}
