package importer

import (
	"math"

	"github.com/ebm-av/ebm_av/commonroad"
	"github.com/ebm-av/ebm_av/geom"
	"github.com/ebm-av/ebm_av/traj"
)

// maxHeadingError is the largest angle between the ego heading and a
// lanelet's direction for the lanelet to count as the ego's lane, rad.
const maxHeadingError = math.Pi / 3

// egoLanelet returns the lanelet whose centre line is nearest to the ego
// position among those running within maxHeadingError of its heading, or
// nil when none lies within maxDistance metres.
func egoLanelet(s *commonroad.Scenario, ego traj.EgoState, maxDistance float64) *commonroad.Lanelet {
	p := geom.Vec2{X: ego.X, Y: ego.Y}
	var best *commonroad.Lanelet
	bestD := maxDistance
	for i := range s.Lanelets {
		l := &s.Lanelets[i]
		pl, err := geom.NewPolyline(l.Center)
		if err != nil {
			continue
		}
		sArc, d := pl.Project(p)
		if sArc < -1 || sArc > pl.Length()+1 {
			continue
		}
		_, heading := pl.At(sArc)
		if math.Abs(traj.WrapAngle(heading-ego.Yaw)) > maxHeadingError {
			continue
		}
		if math.Abs(d) < bestD {
			best, bestD = l, math.Abs(d)
		}
	}
	return best
}

// referenceLine chains the centre lines of the ego lanelet, its first
// predecessor and its first successors until the line extends at least
// ahead metres past the ego. At a fork it follows the first successor the
// map lists: the importer must not peek at where the human went. With no
// lanelet it returns a straight line along the ego heading.
func referenceLine(s *commonroad.Scenario, ego traj.EgoState, ahead float64) []geom.Vec2 {
	l := egoLanelet(s, ego, 6)
	if l == nil {
		c, sn := math.Cos(ego.Yaw), math.Sin(ego.Yaw)
		return []geom.Vec2{{X: ego.X - 20*c, Y: ego.Y - 20*sn}, {X: ego.X + (ahead+20)*c, Y: ego.Y + (ahead+20)*sn}}
	}
	var pts []geom.Vec2
	if len(l.Predecessors) > 0 {
		if p := s.Lanelet(l.Predecessors[0]); p != nil {
			pts = append(pts, p.Center...)
		}
	}
	pts = appendLine(pts, l.Center)
	egoPos := geom.Vec2{X: ego.X, Y: ego.Y}
	visited := map[int]bool{l.ID: true}
	for cur := l; ; {
		if last := pts[len(pts)-1]; last.Sub(egoPos).Norm() >= ahead || len(cur.Successors) == 0 {
			break
		}
		next := s.Lanelet(cur.Successors[0])
		if next == nil || visited[next.ID] {
			break
		}
		visited[next.ID] = true
		pts = appendLine(pts, next.Center)
		cur = next
	}
	// Extend straight past the last lanelet so every candidate stays on the line.
	if n := len(pts); n >= 2 {
		a, b := pts[n-2], pts[n-1]
		if d := b.Sub(a); d.Norm() > 1e-6 {
			pts = append(pts, b.Add(d.Scale(ahead/d.Norm())))
		}
	}
	return pts
}

// appendLine appends line to pts, dropping its first point when it repeats
// the last one, as successive lanelets share their boundary points.
func appendLine(pts, line []geom.Vec2) []geom.Vec2 {
	for i, p := range line {
		if i == 0 && len(pts) > 0 && p.Sub(pts[len(pts)-1]).Norm() < 1e-3 {
			continue
		}
		pts = append(pts, p)
	}
	return pts
}
