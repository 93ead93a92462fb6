package planner

import (
	"math"

	"github.com/ebm-av/ebm_av/planner/internal/footprint"
	"github.com/ebm-av/ebm_av/planner/internal/roadindex"
	"github.com/ebm-av/ebm_av/traj"
)

// scene is the per-cycle cache behind Context: data derived once from the
// context and the candidates and shared by the terms and the gate. Every
// part is built on first use and its memory is kept across cycles.
type scene struct {
	openEnds []openEnd   // reused buffer of drivableArea.openEnds
	first    *traj.Point // identity of the candidates the cache belongs to
	count    int

	times  []float64    // the shared time grid, s
	quad   []float64    // trapezoidal weights: ∫f dt ≈ Σ quad[k]·f(t_k), s
	tracks []track      // one per obstacle
	states []trackState // [obstacle][time step], row-major

	trig      []float64 // [candidate][step] cos, sin pairs of the yaw
	trigReady bool

	bounds      []aabb // per candidate, over its centre points
	boundsReady bool

	pairs      []nearPair
	pairStart  []int32
	pairsReady bool
	pairsReach float64

	road        roadindex.Index
	roadReady   bool
	roadRadius  float64
	lanes       laneField // BEV fallback for the lane term
	lanesReady  bool
	lights      []stopLine
	lightsReady bool
	lightsHalfW float64 // default half width the stop lines were built with
}

// track is an obstacle's footprint and its states on the time grid.
type track struct {
	id                    int
	circle                bool
	halfLength, halfWidth float64 // m, rectangles
	radius                float64 // m: the disc radius, or the bounding radius of a rectangle
	box                   aabb    // of the footprint over all valid states
	valid                 bool    // at least one state on the grid
}

// trackState is an obstacle pose at one step of the time grid.
type trackState struct {
	x, y, cos, sin, stdDev float64
	ok                     bool // false where the obstacle has no state
}

type aabb struct{ minX, minY, maxX, maxY float64 }

func (b aabb) overlaps(o aabb, margin float64) bool {
	return b.minX-margin <= o.maxX && o.minX <= b.maxX+margin &&
		b.minY-margin <= o.maxY && o.minY <= b.maxY+margin
}

func emptyBox() aabb {
	return aabb{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
}

// add grows b to contain the disc of radius r around (x, y). The inputs are
// finite, so plain comparisons replace math.Min and math.Max.
func (b *aabb) add(x, y, r float64) {
	if x-r < b.minX {
		b.minX = x - r
	}
	if x+r > b.maxX {
		b.maxX = x + r
	}
	if y-r < b.minY {
		b.minY = y - r
	}
	if y+r > b.maxY {
		b.maxY = y + r
	}
}

func (s *scene) reset() {
	s.first, s.count = nil, 0
	s.trigReady, s.boundsReady, s.roadReady, s.lanesReady, s.lightsReady = false, false, false, false, false
	s.pairsReady = false
}

// ensure binds the cache to cands, clearing it when it belongs to other
// candidates, and builds the obstacle tracks.
func (c *Context) ensure(cands []traj.Trajectory) *scene {
	s := &c.scene
	if len(cands) == 0 {
		s.reset()
		return s
	}
	if s.first == &cands[0].Points[0] && s.count == len(cands) {
		return s
	}
	s.reset()
	s.first, s.count = &cands[0].Points[0], len(cands)

	grid := cands[0].Points
	s.times = s.times[:0]
	for k := range grid {
		s.times = append(s.times, grid[k].T)
	}
	s.quad = grow(s.quad, len(grid))
	clear(s.quad)
	for k := 0; k+1 < len(grid); k++ {
		h := (grid[k+1].T - grid[k].T) / 2
		s.quad[k] += h
		s.quad[k+1] += h
	}
	c.buildTracks()
	return s
}

func (c *Context) buildTracks() {
	s := &c.scene
	n := len(s.times)
	s.tracks = s.tracks[:0]
	s.states = grow(s.states, len(c.Obstacles)*n)
	for i := range c.Obstacles {
		o := &c.Obstacles[i]
		t := track{id: o.ID, circle: o.Shape == traj.Circle, box: emptyBox()}
		if t.circle {
			t.radius = o.Radius
		} else {
			t.halfLength, t.halfWidth = o.Length/2, o.Width/2
			t.radius = math.Hypot(t.halfLength, t.halfWidth)
		}
		row := s.states[i*n : (i+1)*n]
		for k, tk := range s.times {
			st, ok := o.StateAt(tk)
			if !ok {
				row[k] = trackState{}
				continue
			}
			sin, cos := math.Sincos(st.Yaw)
			row[k] = trackState{x: st.X, y: st.Y, cos: cos, sin: sin, stdDev: st.StdDev, ok: true}
			t.valid = true
			t.box.add(st.X, st.Y, t.radius)
		}
		s.tracks = append(s.tracks, t)
	}
}

// trackStates returns the states of obstacle i on the time grid.
func (s *scene) trackStates(i int) []trackState {
	n := len(s.times)
	return s.states[i*n : (i+1)*n]
}

// candidateTrig returns the cos, sin pairs of every candidate point's yaw.
func (s *scene) candidateTrig(cands []traj.Trajectory) []float64 {
	if s.trigReady {
		return s.trig
	}
	n := len(s.times)
	s.trig = grow(s.trig, 2*len(cands)*n)
	for i := range cands {
		row := s.trig[2*i*n : 2*(i+1)*n]
		for k := range cands[i].Points {
			row[2*k+1], row[2*k] = math.Sincos(cands[i].Points[k].Yaw)
		}
	}
	s.trigReady = true
	return s.trig
}

// candidateBounds returns the bounding box of each candidate's centre points.
func (s *scene) candidateBounds(cands []traj.Trajectory) []aabb {
	if s.boundsReady {
		return s.bounds
	}
	s.bounds = grow(s.bounds, len(cands))
	for i := range cands {
		b := emptyBox()
		for _, p := range cands[i].Points {
			b.add(p.X, p.Y, 0)
		}
		s.bounds[i] = b
	}
	s.boundsReady = true
	return s.bounds
}

// egoBox returns the ego footprint at point p, whose yaw has the cos, sin
// pair trig[0:2], inflated by margin on every side.
func (c *Context) egoBox(p *traj.Point, trig []float64, margin float64) footprint.Box {
	return footprint.Box{
		X: p.X, Y: p.Y, Cos: trig[0], Sin: trig[1],
		HalfLength: c.Ego.Length/2 + margin, HalfWidth: c.Ego.Width/2 + margin,
	}
}

// clearance returns the distance between the ego box and an obstacle state.
func (t *track) clearance(ego footprint.Box, st *trackState) float64 {
	if t.circle {
		return footprint.CircleDistance(ego, st.x, st.y, t.radius)
	}
	return footprint.Distance(ego, footprint.Box{X: st.x, Y: st.y, Cos: st.cos, Sin: st.sin, HalfLength: t.halfLength, HalfWidth: t.halfWidth})
}

// overlaps reports whether the ego box and an obstacle state intersect.
func (t *track) overlaps(ego footprint.Box, st *trackState) bool {
	if t.circle {
		return footprint.CircleOverlap(ego, st.x, st.y, t.radius)
	}
	return footprint.Overlap(ego, footprint.Box{X: st.x, Y: st.y, Cos: st.cos, Sin: st.sin, HalfLength: t.halfLength, HalfWidth: t.halfWidth})
}

// minRoadRadius is the smallest centre-line search radius the road index is
// built with, m, so that the lane term with its default radius and the
// containment queries share one build.
const minRoadRadius = 5.0

// roadIndex returns the lane index over the region the candidates cover,
// built so that NearestCenter searches at least radius, m.
func (c *Context) roadIndex(cands []traj.Trajectory, radius float64) *roadindex.Index {
	s := c.ensure(cands)
	if s.roadReady && s.roadRadius >= radius {
		return &s.road
	}
	radius = math.Max(radius, minRoadRadius)
	region := emptyBox()
	for _, b := range s.candidateBounds(cands) {
		region.add(b.minX, b.minY, 0)
		region.add(b.maxX, b.maxY, 0)
	}
	egoRadius := math.Hypot(c.Ego.Length, c.Ego.Width) / 2
	s.road.Build(c.Map.Lanes, region.minX-egoRadius, region.minY-egoRadius, region.maxX+egoRadius, region.maxY+egoRadius, radius)
	s.roadReady, s.roadRadius = true, radius
	return &s.road
}

// grow returns buf resized to n, reallocating only when its capacity is short.
func grow[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	return buf[:n]
}
