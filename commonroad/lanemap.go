package commonroad

import (
	"github.com/ebm-av/ebm_av/geom"
	"github.com/ebm-av/ebm_av/lanemap"
)

// LaneMap converts the lanelet network and the traffic light states at scene
// time step k to the planner's map. Adjacent lanes are kept only when they
// run in the same direction, because lanemap.Lane adjacency means a lane the
// vehicle may change into.
//
// Each light yields one lanemap.TrafficLight per lanelet that references it,
// stopping at the midpoint of the lanelet's stop line, or at the end of its
// centre line when it has none. A light no lanelet references yields one
// entry at the light's own position with no lanes.
func (s *Scenario) LaneMap(k int) lanemap.Map {
	m := lanemap.Map{Lanes: make([]lanemap.Lane, 0, len(s.Lanelets))}
	for i := range s.Lanelets {
		l := &s.Lanelets[i]
		lane := lanemap.Lane{
			ID:         l.ID,
			Center:     toLaneMap(l.Center),
			Left:       toLaneMap(l.Left),
			Right:      toLaneMap(l.Right),
			SpeedLimit: l.SpeedLimit,
			Successors: append([]int(nil), l.Successors...),
		}
		if l.AdjacentLeftSame {
			lane.AdjLeft = l.AdjacentLeft
		}
		if l.AdjacentRightSame {
			lane.AdjRight = l.AdjacentRight
		}
		m.Lanes = append(m.Lanes, lane)
	}
	for i := range s.TrafficLights {
		tl := &s.TrafficLights[i]
		state := tl.StateAt(k)
		found := false
		for j := range s.Lanelets {
			l := &s.Lanelets[j]
			if !containsInt(l.TrafficLights, tl.ID) {
				continue
			}
			found = true
			m.TrafficLights = append(m.TrafficLights, lanemap.TrafficLight{
				ID: tl.ID, State: state, Stop: lanemap.Vec2(l.StopPosition()), LaneIDs: []int{l.ID},
			})
		}
		if !found {
			m.TrafficLights = append(m.TrafficLights, lanemap.TrafficLight{ID: tl.ID, State: state, Stop: lanemap.Vec2(tl.Position)})
		}
	}
	return m
}

// StopPosition returns the midpoint of the stop line, or the end of the
// centre line when the lanelet has no stop line with points.
func (l *Lanelet) StopPosition() geom.Vec2 {
	if n := len(l.StopLine); n > 0 {
		return l.StopLine[0].Add(l.StopLine[n-1]).Scale(0.5)
	}
	return l.Center[len(l.Center)-1]
}

func toLaneMap(pts []geom.Vec2) []lanemap.Vec2 {
	out := make([]lanemap.Vec2, len(pts))
	for i, p := range pts {
		out[i] = lanemap.Vec2(p)
	}
	return out
}

func containsInt(xs []int, v int) bool {
	for _, x := range xs {
		if x == v {
			return true
		}
	}
	return false
}
