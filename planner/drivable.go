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
	// openEnds are the ends of lanes without successors. Recorded maps stop
	// at the edge of the recorded area while the road goes on, so the map
	// cannot tell what lies beyond such an end.
	openEnds []openEnd
}

// openEnd is the end of a lane without successors: its last centre point,
// the unit direction of its last segment and half its width there, m.
type openEnd struct {
	x, y, dx, dy, halfWidth float64
}

// openEndMargin widens an open end sideways, m, so that a box corner of a
// vehicle driving straight on near the lane edge still counts as beyond it.
const openEndMargin = 1.0

func (c *Context) drivableArea(cands []traj.Trajectory) drivableArea {
	if road := c.roadIndex(cands, 0); road.HasQuads() {
		d := drivableArea{road: road, channel: -1}
		if c.OpenLaneEnds {
			c.scene.openEnds = appendOpenEnds(c.scene.openEnds[:0], c.Map.Lanes)
			d.openEnds = c.scene.openEnds
		}
		return d
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
		if *hint >= 0 {
			return true, true
		}
		for _, e := range d.openEnds {
			ax, ay := x-e.x, y-e.y
			if along := ax*e.dx + ay*e.dy; along > 0 && math.Abs(ax*e.dy-ay*e.dx) <= e.halfWidth+openEndMargin {
				return false, false
			}
		}
		return false, true
	}
	if d.channel < 0 {
		return false, false
	}
	v, ok := d.grid.Nearest(d.channel, x, y)
	return v >= 0.5, ok
}

// appendOpenEnds appends the open ends of the lanes without successors to out.
func appendOpenEnds(out []openEnd, lanes []lanemap.Lane) []openEnd {
	for _, l := range lanes {
		n := len(l.Center)
		if len(l.Successors) > 0 || n < 2 {
			continue
		}
		a, b := l.Center[n-2], l.Center[n-1]
		dx, dy := b.X-a.X, b.Y-a.Y
		length := math.Hypot(dx, dy)
		if length < 1e-6 {
			continue
		}
		half := 1.75
		if len(l.Left) > 0 && len(l.Right) > 0 {
			lb, rb := l.Left[len(l.Left)-1], l.Right[len(l.Right)-1]
			half = math.Hypot(lb.X-rb.X, lb.Y-rb.Y) / 2
		}
		out = append(out, openEnd{x: b.X, y: b.Y, dx: dx / length, dy: dy / length, halfWidth: half})
	}
	return out
}
