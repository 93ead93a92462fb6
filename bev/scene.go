package bev

import (
	"fmt"
	"math"

	"github.com/ebm-av/ebm_av/geom"
	"github.com/ebm-av/ebm_av/lanemap"
	"github.com/ebm-av/ebm_av/traj"
)

// SceneChannels are the channels RasterizeScene writes, in order.
var SceneChannels = []string{
	ChannelDrivable, ChannelLaneCenter, ChannelLaneHeadingX, ChannelLaneHeadingY,
	ChannelOccupancy, ChannelVelocityX, ChannelVelocityY,
}

// EgoFrame places a grid in the ego frame: columns run along the ego heading
// and rows to its left, and the ego sits Behind metres from the rear edge,
// centred across.
type EgoFrame struct {
	Length     float64 // extent along the ego heading, m
	Width      float64 // extent across it, m
	Resolution float64 // cell edge, m
	Behind     float64 // grid length behind the ego, m
}

// DefaultEgoFrame is a 100 m × 100 m grid at 0.5 m (200 × 200 cells) with
// 25 m behind the ego and 75 m ahead.
var DefaultEgoFrame = EgoFrame{Length: 100, Width: 100, Resolution: 0.5, Behind: 25}

// NewEgoGrid returns a zeroed grid with SceneChannels placed by f around the
// ego pose. Length and Width are rounded to whole cells.
func NewEgoGrid(ego traj.EgoState, f EgoFrame) (*Grid, error) {
	if !(f.Resolution > 0) || !(f.Length >= f.Resolution) || !(f.Width >= f.Resolution) || f.Behind < 0 || f.Behind > f.Length {
		return nil, fmt.Errorf("bev: invalid ego frame %+v: need resolution > 0, length and width of at least one cell, and 0 <= behind <= length", f)
	}
	cols := int(math.Round(f.Length / f.Resolution))
	rows := int(math.Round(f.Width / f.Resolution))
	g := NewGrid(SceneChannels, rows, cols, f.Resolution)
	s, c := math.Sincos(ego.Yaw)
	// Rear right corner: Behind metres back and half the width to the right.
	back, right := -f.Behind, -float64(rows)*f.Resolution/2
	g.OriginX = ego.X + c*back - s*right
	g.OriginY = ego.Y + s*back + c*right
	g.OriginYaw = ego.Yaw
	return g, nil
}

// RasterizeScene writes the lanes and the obstacle states at time t into g,
// which needs the SceneChannels (in any order). Drivable area is 1 inside
// every lane's polygon (left bound then reversed right bound). Lane centre
// line cells get 1 and the unit lane direction in the grid frame. Occupancy
// is 1 inside each obstacle footprint, and the velocity channels hold the
// obstacle's velocity in the grid frame there, m/s. Obstacles without a state
// at t are skipped. RasterizeScene does not clear g first, and it leaves
// channels other than SceneChannels unchanged.
func RasterizeScene(g *Grid, lanes []lanemap.Lane, obstacles []traj.Obstacle, t float64) error {
	idx := make([]int, len(SceneChannels))
	for k, name := range SceneChannels {
		if idx[k] = g.Channel(name); idx[k] < 0 {
			return fmt.Errorf("bev: grid has no channel %q: create it with SceneChannels", name)
		}
	}
	drivable, center := g.Plane(idx[0]), g.Plane(idx[1])
	dirX, dirY := g.Plane(idx[2]), g.Plane(idx[3])
	occupancy, velX, velY := g.Plane(idx[4]), g.Plane(idx[5]), g.Plane(idx[6])

	var poly []geom.Vec2
	for _, l := range lanes {
		poly = lanePolygon(poly[:0], l)
		g.FillPolygon(drivable, poly, 1)
	}
	for _, l := range lanes {
		g.drawCenterLine(center, dirX, dirY, l.Center)
	}
	for i := range obstacles {
		o := &obstacles[i]
		st, ok := o.StateAt(t)
		if !ok {
			continue
		}
		s, c := math.Sincos(st.Yaw - g.OriginYaw)
		vx, vy := float32(st.V*c), float32(st.V*s)
		switch o.Shape {
		case traj.Circle:
			circle := geom.Circle{Center: geom.Vec2{X: st.X, Y: st.Y}, Radius: o.Radius}
			g.FillCircle(occupancy, circle, 1)
			g.FillCircle(velX, circle, vx)
			g.FillCircle(velY, circle, vy)
		default:
			box := geom.Box{Center: geom.Vec2{X: st.X, Y: st.Y}, Yaw: st.Yaw, Length: o.Length, Width: o.Width}
			g.FillOrientedBox(occupancy, box, 1)
			g.FillOrientedBox(velX, box, vx)
			g.FillOrientedBox(velY, box, vy)
		}
	}
	return nil
}

// lanePolygon appends the lane outline to dst.
func lanePolygon(dst []geom.Vec2, l lanemap.Lane) []geom.Vec2 {
	for _, p := range l.Left {
		dst = append(dst, geom.Vec2(p))
	}
	for i := len(l.Right) - 1; i >= 0; i-- {
		dst = append(dst, geom.Vec2(l.Right[i]))
	}
	return dst
}

// drawCenterLine marks the cells a centre line passes through, sampling each
// segment every quarter cell, and writes the segment direction there.
func (g *Grid) drawCenterLine(center, dirX, dirY []float32, line []lanemap.Vec2) {
	for k := 1; k < len(line); k++ {
		a, b := line[k-1], line[k]
		c0, r0 := g.ToGrid(a.X, a.Y)
		c1, r1 := g.ToGrid(b.X, b.Y)
		dc, dr := c1-c0, r1-r0
		cells := math.Hypot(dc, dr)
		if cells == 0 {
			continue
		}
		ux, uy := float32(dc/cells), float32(dr/cells)
		if outside(c0, r0, c1, r1, g.Width, g.Height) {
			continue
		}
		n := int(math.Ceil(cells*4)) + 1
		for s := range n {
			u := float64(s) / float64(n-1)
			j, i := int(math.Floor(c0+u*dc)), int(math.Floor(r0+u*dr))
			if i < 0 || j < 0 || i >= g.Height || j >= g.Width {
				continue
			}
			cell := i*g.Width + j
			center[cell], dirX[cell], dirY[cell] = 1, ux, uy
		}
	}
}

// outside reports whether the segment's bounding box misses a w × h grid.
func outside(c0, r0, c1, r1 float64, w, h int) bool {
	return math.Max(c0, c1) < 0 || math.Min(c0, c1) >= float64(w) ||
		math.Max(r0, r1) < 0 || math.Min(r0, r1) >= float64(h)
}
