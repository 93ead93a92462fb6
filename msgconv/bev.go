package msgconv

import (
	"fmt"
	"math"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
)

// Frame2D is a planar rigid transform: the pose of one frame in another.
type Frame2D struct{ X, Y, Yaw float64 }

// Apply maps a point from the child frame to the parent frame.
func (f Frame2D) Apply(x, y float64) (float64, float64) {
	s, c := math.Sincos(f.Yaw)
	return f.X + c*x - s*y, f.Y + s*x + c*y
}

// BEVMsg converts g. The grid's origin is stored relative to frame, whose
// pose in the grid's world frame is frameInWorld.
func BEVMsg(g *bev.Grid, ns int64, frame string, frameInWorld Frame2D) ebm_av.BEVFeatures {
	// Express the grid origin in the message frame: inverse of frameInWorld.
	s, c := math.Sincos(-frameInWorld.Yaw)
	dx, dy := g.OriginX-frameInWorld.X, g.OriginY-frameInWorld.Y
	ox, oy := c*dx-s*dy, s*dx+c*dy
	return ebm_av.BEVFeatures{
		Header:       Header(ns, frame),
		Channels:     uint32(g.Channels),
		Height:       uint32(g.Height),
		Width:        uint32(g.Width),
		ChannelNames: append([]string(nil), g.Names...),
		Resolution:   float32(g.Resolution),
		Origin:       Pose(ox, oy, g.OriginYaw-frameInWorld.Yaw),
		Data:         g.Data,
	}
}

// BEV converts and validates a BEV feature message; frameInWorld is the pose
// of the message's frame in the planning frame.
func BEV(m *ebm_av.BEVFeatures, frameInWorld Frame2D) (*bev.Grid, error) {
	ox, oy, oyaw := PlanarPose(m.Origin)
	if !poseFinite(m.Origin) {
		return nil, fmt.Errorf("bev features: origin: invalid value NaN or Inf")
	}
	wx, wy := frameInWorld.Apply(ox, oy)
	g := &bev.Grid{
		Channels: int(m.Channels), Height: int(m.Height), Width: int(m.Width),
		Names: m.ChannelNames, Resolution: float64(m.Resolution),
		OriginX: wx, OriginY: wy, OriginYaw: oyaw + frameInWorld.Yaw,
		Data: m.Data,
	}
	if want := uint64(m.Channels) * uint64(m.Height) * uint64(m.Width); uint64(len(m.Data)) != want {
		return nil, fmt.Errorf("bev features: data has %d values but channels × height × width = %d × %d × %d = %d", len(m.Data), m.Channels, m.Height, m.Width, want)
	}
	if err := g.Validate(); err != nil {
		return nil, fmt.Errorf("bev features: %w", err)
	}
	return g, nil
}
