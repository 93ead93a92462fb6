package occupancy

import (
	"fmt"
	"math"
)

// Layout places a Height×Width grid of Resolution-metre cells in the world.
// The origin pose is the world pose of the corner of cell (0, 0).
type Layout struct {
	Height, Width int
	Resolution    float64 // cell edge, m
	OriginX       float64 // m
	OriginY       float64 // m
	OriginYaw     float64 // rad
	FrameID       string
}

// EgoLayout returns the layout of an ego BEV grid of height×width cells
// centred on the ego pose (x, y, yaw) in frame frameID, with the grid's +x axis
// along the ego heading.
func EgoLayout(frameID string, x, y, yaw float64, height, width int, resolution float64) Layout {
	hx, hy := float64(width)*resolution/2, float64(height)*resolution/2
	s, c := math.Sincos(yaw)
	return Layout{
		Height:     height,
		Width:      width,
		Resolution: resolution,
		OriginX:    x - c*hx + s*hy,
		OriginY:    y - s*hx - c*hy,
		OriginYaw:  yaw,
		FrameID:    frameID,
	}
}

// Validate checks that the layout has a positive size and resolution.
func (l Layout) Validate() error {
	if l.Height <= 0 || l.Width <= 0 {
		return fmt.Errorf("occupancy: invalid layout size %d×%d cells: height and width must be positive", l.Height, l.Width)
	}
	if !(l.Resolution > 0) || math.IsInf(l.Resolution, 0) {
		return fmt.Errorf("occupancy: invalid layout resolution %g m: must be a positive number of metres per cell", l.Resolution)
	}
	return nil
}

// ToGrid converts world coordinates to continuous grid coordinates (col, row)
// in cells, where cell (i, j) covers [j, j+1) × [i, i+1).
func (l Layout) ToGrid(x, y float64) (col, row float64) {
	dx, dy := x-l.OriginX, y-l.OriginY
	s, c := math.Sincos(l.OriginYaw)
	return (c*dx + s*dy) / l.Resolution, (-s*dx + c*dy) / l.Resolution
}

// ToWorld converts continuous grid coordinates (col, row) to world coordinates.
func (l Layout) ToWorld(col, row float64) (x, y float64) {
	gx, gy := col*l.Resolution, row*l.Resolution
	s, c := math.Sincos(l.OriginYaw)
	return l.OriginX + c*gx - s*gy, l.OriginY + s*gx + c*gy
}

// Layout returns the grid placement of s.
func (s *Sequence) Layout() Layout {
	return Layout{
		Height: s.Height, Width: s.Width, Resolution: s.Resolution,
		OriginX: s.OriginX, OriginY: s.OriginY, OriginYaw: s.OriginYaw, FrameID: s.FrameID,
	}
}

func (l Layout) newSequence(frames int, start, timeStep float64) *Sequence {
	s := NewSequence(frames, l.Height, l.Width, l.Resolution, timeStep)
	s.OriginX, s.OriginY, s.OriginYaw, s.FrameID = l.OriginX, l.OriginY, l.OriginYaw, l.FrameID
	s.Start = start
	return s
}
