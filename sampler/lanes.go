package sampler

import (
	"fmt"

	"github.com/ebm-av/ebm_av/geom"
	"github.com/ebm-av/ebm_av/lanemap"
)

// LaneReference builds a Reference along lane laneID of m, continuing into
// the first successor of each lane until the path is at least minLength
// metres long, a lane has no successor, or a lane would repeat. Choosing the
// first successor suits roads without branches; at a junction, callers pass
// the lane of their route instead.
func LaneReference(m lanemap.Map, laneID int, minLength float64) (*Reference, error) {
	byID := make(map[int]*lanemap.Lane, len(m.Lanes))
	for i := range m.Lanes {
		byID[m.Lanes[i].ID] = &m.Lanes[i]
	}
	lane, ok := byID[laneID]
	if !ok {
		return nil, fmt.Errorf("sampler: lane %d not found in the map", laneID)
	}
	var pts []geom.Vec2
	length := 0.0
	seen := map[int]bool{}
	for lane != nil && !seen[lane.ID] {
		seen[lane.ID] = true
		for _, p := range lane.Center {
			q := geom.Vec2(p)
			if n := len(pts); n > 0 {
				length += q.Sub(pts[n-1]).Norm()
			}
			pts = append(pts, q)
		}
		if length >= minLength || len(lane.Successors) == 0 {
			break
		}
		lane = byID[lane.Successors[0]]
	}
	ref, err := NewReference(pts)
	if err != nil {
		return nil, fmt.Errorf("sampler: lane %d: %w", laneID, err)
	}
	return ref, nil
}
