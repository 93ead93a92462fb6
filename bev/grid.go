// Package bev holds bird's-eye-view rasters: multi-channel grids of float32
// cells laid over the ground plane of a reference frame.
package bev

import (
	"fmt"
	"math"
)

// Standard channel names written by the importer and read by energy terms.
const (
	ChannelDrivable     = "drivable_area"    // 1 inside a lanelet, else 0
	ChannelLaneCenter   = "lane_centerline"  // 1 on a lane centre line cell, else 0
	ChannelLaneHeadingX = "lane_direction_x" // cos of the lane heading on centre line cells
	ChannelLaneHeadingY = "lane_direction_y" // sin of the lane heading on centre line cells
	ChannelOccupancy    = "obstacle_occupancy"
	ChannelVelocityX    = "obstacle_velocity_x" // m/s in the grid frame
	ChannelVelocityY    = "obstacle_velocity_y"
)

// Grid is a row-major [channel][row][col] raster. Column j grows along the
// grid's +x axis and row i along its +y axis; the grid frame is placed in the
// world by (OriginX, OriginY, OriginYaw), the world pose of the corner of
// cell (0, 0).
type Grid struct {
	Channels, Height, Width int
	Names                   []string
	Resolution              float64 // cell edge, m
	OriginX, OriginY        float64 // m
	OriginYaw               float64 // rad
	Data                    []float32
}

// NewGrid returns a zeroed grid with the given channel names and size.
func NewGrid(names []string, height, width int, resolution float64) *Grid {
	if height <= 0 || width <= 0 || resolution <= 0 {
		panic(fmt.Sprintf("bev: invalid grid %d×%d at %g m", height, width, resolution))
	}
	return &Grid{
		Channels:   len(names),
		Height:     height,
		Width:      width,
		Names:      append([]string(nil), names...),
		Resolution: resolution,
		Data:       make([]float32, len(names)*height*width),
	}
}

// Validate checks that the dimensions agree with the data and that no cell is NaN.
func (g *Grid) Validate() error {
	if g.Channels <= 0 || g.Height <= 0 || g.Width <= 0 {
		return fmt.Errorf("bev: invalid dimensions %d×%d×%d: every dimension must be positive", g.Channels, g.Height, g.Width)
	}
	if len(g.Names) != g.Channels {
		return fmt.Errorf("bev: %d channel names for %d channels", len(g.Names), g.Channels)
	}
	if want := g.Channels * g.Height * g.Width; len(g.Data) != want {
		return fmt.Errorf("bev: data has %d values, dimensions %d×%d×%d need %d", len(g.Data), g.Channels, g.Height, g.Width, want)
	}
	if !(g.Resolution > 0) || math.IsInf(g.Resolution, 0) {
		return fmt.Errorf("bev: invalid resolution %g: must be a positive number of metres", g.Resolution)
	}
	for i, v := range g.Data {
		if math.IsNaN(float64(v)) {
			c := i / (g.Height * g.Width)
			return fmt.Errorf("bev: NaN in channel %q at cell %d", g.Names[c], i%(g.Height*g.Width))
		}
	}
	return nil
}

// Channel returns the index of the named channel, or -1.
func (g *Grid) Channel(name string) int {
	for i, n := range g.Names {
		if n == name {
			return i
		}
	}
	return -1
}

// Plane returns the cells of channel c as a row-major slice that aliases Data.
func (g *Grid) Plane(c int) []float32 {
	n := g.Height * g.Width
	return g.Data[c*n : (c+1)*n]
}

// ToGrid converts world coordinates to continuous grid coordinates (col, row),
// in cells, where cell (i, j) covers [j, j+1) × [i, i+1).
func (g *Grid) ToGrid(x, y float64) (col, row float64) {
	dx, dy := x-g.OriginX, y-g.OriginY
	s, c := math.Sincos(-g.OriginYaw)
	gx := c*dx - s*dy
	gy := s*dx + c*dy
	return gx / g.Resolution, gy / g.Resolution
}

// ToWorld converts continuous grid coordinates (col, row) to world coordinates.
func (g *Grid) ToWorld(col, row float64) (x, y float64) {
	gx, gy := col*g.Resolution, row*g.Resolution
	s, c := math.Sincos(g.OriginYaw)
	return g.OriginX + c*gx - s*gy, g.OriginY + s*gx + c*gy
}

// Nearest returns the value of channel c in the cell containing world point
// (x, y), and false outside the grid.
func (g *Grid) Nearest(c int, x, y float64) (float32, bool) {
	col, row := g.ToGrid(x, y)
	j, i := int(math.Floor(col)), int(math.Floor(row))
	if i < 0 || j < 0 || i >= g.Height || j >= g.Width {
		return 0, false
	}
	return g.Data[(c*g.Height+i)*g.Width+j], true
}
