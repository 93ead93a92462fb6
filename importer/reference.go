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
	return smoothLine(pts, smoothSpacing, smoothWindow)
}

// Reference smoothing: recorded centre lines carry centimetre-level kinks
// every few metres. A spline through them has a noisy curvature derivative,
// which shows up as acceleration and jerk noise of several m/s² in every
// candidate offset from the line at motorway speed, enough to fail the
// gate's jerk limit. A moving average over smoothWindow metres removes the
// kinks and keeps curves of real roads, whose radii are far larger.
const (
	smoothSpacing = 1.0  // resampling step, m
	smoothWindow  = 10.0 // moving-average length, m
)

// smoothLine resamples pts at spacing metres of arc length and replaces each
// point by the mean of the points within window/2 of it along the line. The
// end points stay fixed, and the window shrinks symmetrically near them.
func smoothLine(pts []geom.Vec2, spacing, window float64) []geom.Vec2 {
	pl, err := geom.NewPolyline(pts)
	if err != nil {
		return pts
	}
	n := int(pl.Length()/spacing) + 1
	if n < 3 {
		return pts
	}
	res := make([]geom.Vec2, n)
	for i := range res {
		res[i], _ = pl.At(min(float64(i)*spacing, pl.Length()))
	}
	half := int(window / spacing / 2)
	out := make([]geom.Vec2, n)
	for i := range res {
		h := min(half, i, n-1-i)
		var sum geom.Vec2
		for j := i - h; j <= i+h; j++ {
			sum = sum.Add(res[j])
		}
		out[i] = sum.Scale(1 / float64(2*h+1))
	}
	return out
}

// appendLine appends line to pts. Successive lanelets share or nearly share
// their boundary points, and recorded maps often let a successor start a
// little before its predecessor ends. So points of line that lie less than
// minAdvance metres ahead of the current end, along its direction, are
// dropped, and the chained line never doubles back. A doubling back would be a
// curvature spike in the reference and an acceleration spike in every
// candidate offset from it.
func appendLine(pts, line []geom.Vec2) []geom.Vec2 {
	const minAdvance = 0.5 // m
	for _, p := range line {
		n := len(pts)
		if n == 0 {
			pts = append(pts, p)
			continue
		}
		last := pts[n-1]
		if n >= 2 {
			dir := last.Sub(pts[n-2])
			if l := dir.Norm(); l > 1e-9 && p.Sub(last).Dot(dir)/l < minAdvance {
				continue
			}
		} else if p.Sub(last).Norm() < minAdvance {
			continue
		}
		pts = append(pts, p)
	}
	return pts
}
