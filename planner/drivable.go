package planner

import (
	"github.com/ebm-av/ebm_av/bev"
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
