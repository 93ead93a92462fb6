package planner

import (
	"math"

	"github.com/ebm-av/ebm_av/lanemap"
	"github.com/ebm-av/ebm_av/traj"
)

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
// direction of the closest segment. The distance is +Inf when poly has no
// segment.
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
