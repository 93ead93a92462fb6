package roadindex

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/lanemap"
)

// straightLane runs along +x from x0 to x1 with its centre at y, 3.5 m wide,
// with points every step metres.
func straightLane(id int, x0, x1, y, step float64) lanemap.Lane {
	l := lanemap.Lane{ID: id}
	for x := x0; x <= x1+1e-9; x += step {
		l.Center = append(l.Center, lanemap.Vec2{X: x, Y: y})
		l.Left = append(l.Left, lanemap.Vec2{X: x, Y: y + 1.75})
		l.Right = append(l.Right, lanemap.Vec2{X: x, Y: y - 1.75})
	}
	return l
}

func TestNearestCenter(t *testing.T) {
	lanes := []lanemap.Lane{straightLane(1, 0, 100, 0, 10), straightLane(2, 0, 100, 3.5, 10)}
	var ix Index
	ix.Build(lanes, 0, -5, 100, 10, 5)

	seg, d := ix.NearestCenter(42, 1)
	require.GreaterOrEqual(t, seg, 0)
	assert.InDelta(t, 1.0, d, 1e-12)
	assert.Equal(t, 0, ix.Segments[seg].Lane)

	seg, d = ix.NearestCenter(42, 2.5)
	require.GreaterOrEqual(t, seg, 0)
	assert.InDelta(t, 1.0, d, 1e-12)
	assert.Equal(t, 1, ix.Segments[seg].Lane)

	seg, d = ix.NearestCenter(42, -9)
	assert.Equal(t, -1, seg, "9 m away is beyond the 5 m radius")
	assert.Equal(t, 5.0, d)

	// Beyond the end of the lane the distance is to the end point.
	seg, d = ix.NearestCenter(103, 0)
	require.GreaterOrEqual(t, seg, 0)
	assert.InDelta(t, 3.0, d, 1e-12)
}

func TestContainingLane(t *testing.T) {
	lanes := []lanemap.Lane{straightLane(1, 0, 100, 0, 10), straightLane(2, 0, 100, 3.5, 10)}
	var ix Index
	ix.Build(lanes, 0, -5, 100, 10, 5)
	assert.Equal(t, 0, ix.ContainingLane(50, 1.7))
	assert.Equal(t, 1, ix.ContainingLane(50, 1.8))
	assert.Equal(t, -1, ix.ContainingLane(50, 5.3))
	assert.Equal(t, -1, ix.ContainingLane(-0.1, 0))
	assert.Equal(t, -1, ix.ContainingLane(1e6, 0), "far outside the indexed region")
}

func TestContainingLaneUnequalBounds(t *testing.T) {
	// A quarter annulus between radii 10 and 13.5, the inner bound sampled
	// more coarsely than the outer one.
	var l lanemap.Lane
	for i := 0; i <= 9; i++ {
		a := float64(i) * math.Pi / 18
		l.Left = append(l.Left, lanemap.Vec2{X: 10 * math.Cos(a), Y: 10 * math.Sin(a)})
	}
	for i := 0; i <= 30; i++ {
		a := float64(i) * math.Pi / 60
		l.Right = append(l.Right, lanemap.Vec2{X: 13.5 * math.Cos(a), Y: 13.5 * math.Sin(a)})
	}
	var ix Index
	ix.Build([]lanemap.Lane{l}, 0, 0, 14, 14, 1)
	for _, a := range []float64{0.1, 0.5, 1.0, 1.4} {
		assert.Equal(t, 0, ix.ContainingLane(11.75*math.Cos(a), 11.75*math.Sin(a)), "mid-lane at %g rad", a)
		assert.Equal(t, -1, ix.ContainingLane(9*math.Cos(a), 9*math.Sin(a)), "inside the inner bound at %g rad", a)
		assert.Equal(t, -1, ix.ContainingLane(14.5*math.Cos(a), 14.5*math.Sin(a)), "outside the outer bound at %g rad", a)
	}
}

func TestBuildReusesMemory(t *testing.T) {
	lanes := []lanemap.Lane{straightLane(1, 0, 100, 0, 10)}
	var ix Index
	ix.Build(lanes, 0, -5, 100, 10, 5)
	allocs := testing.AllocsPerRun(10, func() { ix.Build(lanes, 0, -5, 100, 10, 5) })
	assert.Equal(t, 0.0, allocs)
}

func TestNearestCenterMatchesBruteForce(t *testing.T) {
	// Three curved lanes sampled every 2 m, queried on a dense lattice.
	var lanes []lanemap.Lane
	for l := 0; l < 3; l++ {
		var lane lanemap.Lane
		for x := -20.0; x <= 80; x += 2 {
			lane.Center = append(lane.Center, lanemap.Vec2{X: x, Y: 0.004*x*x + 3.5*float64(l)})
		}
		lanes = append(lanes, lane)
	}
	var ix Index
	ix.Build(lanes, -10, -5, 70, 30, 5)
	for x := -12.0; x <= 72; x += 0.37 {
		for y := -7.0; y <= 32; y += 0.41 {
			want := math.Inf(1)
			for _, s := range ix.Segments {
				want = math.Min(want, s.distance(x, y))
			}
			seg, d := ix.NearestCenter(x, y)
			if want > 5 {
				assert.Equal(t, -1, seg, "(%g, %g) is %g m from every centre line", x, y, want)
				continue
			}
			require.GreaterOrEqual(t, seg, 0, "(%g, %g)", x, y)
			assert.InDelta(t, want, d, 1e-9, "(%g, %g)", x, y)
		}
	}
}

func TestContainingQuadHint(t *testing.T) {
	lanes := []lanemap.Lane{straightLane(1, 0, 100, 0, 2), straightLane(2, 0, 100, 3.5, 2)}
	var ix Index
	ix.Build(lanes, 0, -5, 100, 10, 5)
	want := ix.ContainingQuad(51, 0.5, -1)
	require.GreaterOrEqual(t, want, 0)
	for _, hint := range []int{-1, 0, want, want - 1, want - 3, len(ix.Quads) - 1, len(ix.Quads) + 5} {
		assert.Equal(t, want, ix.ContainingQuad(51, 0.5, hint), "hint %d", hint)
	}
	assert.Equal(t, -1, ix.ContainingQuad(51, 9, want), "off the road with a hint")
}

func TestContainsConvexAndConcave(t *testing.T) {
	square := Quad{X: [4]float64{0, 2, 2, 0}, Y: [4]float64{2, 2, 0, 0}}
	square.prepare()
	require.True(t, square.convex)
	assert.True(t, contains(&square, 1, 1))
	assert.True(t, contains(&square, 2, 1), "a convex quad contains its boundary")
	assert.False(t, contains(&square, 2.001, 1))
	assert.False(t, contains(&square, 1, -0.001))

	// A dart: the vertex (1, 1) points into the quad, so it is not convex.
	dart := Quad{X: [4]float64{0, 1, 2, 1}, Y: [4]float64{0, 3, 0, 1}}
	dart.prepare()
	require.False(t, dart.convex)
	assert.True(t, contains(&dart, 1, 2))
	assert.False(t, contains(&dart, 1, 0.5), "inside the notch")
	assert.True(t, contains(&dart, 0.5, 1))
}
