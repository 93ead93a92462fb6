package msgconv

import (
	"fmt"

	"github.com/ebm-av/ebm_av/lanemap"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/geometry_msgs"
)

func pointsMsg(ps []lanemap.Vec2) []geometry_msgs.Point {
	out := make([]geometry_msgs.Point, len(ps))
	for i, p := range ps {
		out[i] = geometry_msgs.Point{X: p.X, Y: p.Y}
	}
	return out
}

func points(ps []geometry_msgs.Point, field string) ([]lanemap.Vec2, error) {
	out := make([]lanemap.Vec2, len(ps))
	for i, p := range ps {
		if !finite(p.X, p.Y) {
			return nil, fmt.Errorf("%s[%d]: invalid value NaN or Inf", field, i)
		}
		out[i] = lanemap.Vec2{X: p.X, Y: p.Y}
	}
	return out, nil
}

func u32s(xs []int) []uint32 {
	out := make([]uint32, len(xs))
	for i, x := range xs {
		out[i] = uint32(x)
	}
	return out
}

func ints(xs []uint32) []int {
	out := make([]int, len(xs))
	for i, x := range xs {
		out[i] = int(x)
	}
	return out
}

// LaneMapMsg converts a lane map.
func LaneMapMsg(m lanemap.Map, ns int64, frame string) ebm_av.LaneMap {
	out := ebm_av.LaneMap{Header: Header(ns, frame)}
	for _, l := range m.Lanes {
		out.Lanes = append(out.Lanes, ebm_av.Lane{
			ID: uint32(l.ID), Centerline: pointsMsg(l.Center), LeftBound: pointsMsg(l.Left), RightBound: pointsMsg(l.Right),
			SpeedLimit: l.SpeedLimit, Successors: u32s(l.Successors),
			AdjacentLeft: uint32(l.AdjLeft), AdjacentRight: uint32(l.AdjRight),
		})
	}
	for _, tl := range m.TrafficLights {
		out.TrafficLights = append(out.TrafficLights, ebm_av.TrafficLight{
			ID: uint32(tl.ID), State: uint8(tl.State),
			StopPosition: geometry_msgs.Point{X: tl.Stop.X, Y: tl.Stop.Y}, LaneIDs: u32s(tl.LaneIDs),
		})
	}
	return out
}

// LaneMap converts and validates a lane map message.
func LaneMap(m *ebm_av.LaneMap) (lanemap.Map, error) {
	var out lanemap.Map
	for i := range m.Lanes {
		l := &m.Lanes[i]
		field := fmt.Sprintf("lanes[%d]", i)
		center, err := points(l.Centerline, field+".centerline")
		if err != nil {
			return out, err
		}
		left, err := points(l.LeftBound, field+".left_bound")
		if err != nil {
			return out, err
		}
		right, err := points(l.RightBound, field+".right_bound")
		if err != nil {
			return out, err
		}
		if !finite(l.SpeedLimit) || l.SpeedLimit < 0 {
			return out, fmt.Errorf("%s: invalid speed_limit %g m/s: must be 0 (unknown) or positive", field, l.SpeedLimit)
		}
		out.Lanes = append(out.Lanes, lanemap.Lane{
			ID: int(l.ID), Center: center, Left: left, Right: right, SpeedLimit: l.SpeedLimit,
			Successors: ints(l.Successors), AdjLeft: int(l.AdjacentLeft), AdjRight: int(l.AdjacentRight),
		})
	}
	for i, tl := range m.TrafficLights {
		if tl.State > ebm_av.TrafficLightStateInactive {
			return out, fmt.Errorf("traffic_lights[%d]: unknown state %d: use the STATE_* constants", i, tl.State)
		}
		if !finite(tl.StopPosition.X, tl.StopPosition.Y) {
			return out, fmt.Errorf("traffic_lights[%d].stop_position: invalid value NaN or Inf", i)
		}
		out.TrafficLights = append(out.TrafficLights, lanemap.TrafficLight{
			ID: int(tl.ID), State: lanemap.LightState(tl.State),
			Stop: lanemap.Vec2{X: tl.StopPosition.X, Y: tl.StopPosition.Y}, LaneIDs: ints(tl.LaneIDs),
		})
	}
	return out, nil
}
