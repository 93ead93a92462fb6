package bev

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/geom"
)

func countSet(plane []float32, v float32) int {
	n := 0
	for _, x := range plane {
		if x == v {
			n++
		}
	}
	return n
}

// cellCenter returns the world centre of cell (i, j).
func cellCenter(g *Grid, i, j int) geom.Vec2 {
	x, y := g.ToWorld(float64(j)+0.5, float64(i)+0.5)
	return geom.Vec2{X: x, Y: y}
}

func TestFillOrientedBoxAxisAligned(t *testing.T) {
	g := NewGrid([]string{"occ"}, 20, 20, 0.5)
	plane := g.Plane(0)
	g.FillOrientedBox(plane, geom.Box{Center: geom.Vec2{X: 2, Y: 3}, Length: 2, Width: 1}, 1)
	// x in [1, 3) holds centres 1.25 … 2.75 (columns 2–5); y in [2.5, 3.5)
	// holds 2.75 and 3.25 (rows 5, 6).
	assert.Equal(t, 8, countSet(plane, 1))
	for i := 5; i <= 6; i++ {
		for j := 2; j <= 5; j++ {
			assert.Equal(t, float32(1), plane[i*20+j], "cell (%d, %d)", i, j)
		}
	}
}

func TestFillOrientedBoxCountInvariant(t *testing.T) {
	// A 2 m × 1 m axis-aligned box covers 4 × 2 cells at 0.5 m wherever it sits.
	rng := rand.New(rand.NewPCG(3, 4))
	g := NewGrid([]string{"occ"}, 40, 40, 0.5)
	for range 200 {
		clear(g.Data)
		c := geom.Vec2{X: 5 + 10*rng.Float64(), Y: 5 + 10*rng.Float64()}
		g.FillOrientedBox(g.Plane(0), geom.Box{Center: c, Length: 2, Width: 1}, 1)
		require.Equal(t, 8, countSet(g.Plane(0), 1), "centre %v", c)
	}
}

func TestFillMatchesCellCenters(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	g := NewGrid([]string{"occ"}, 60, 50, 0.3)
	g.OriginX, g.OriginY, g.OriginYaw = -4, 2, 0.4
	for range 50 {
		b := geom.Box{
			Center: geom.Vec2{X: -4 + 15*rng.Float64(), Y: 2 + 15*rng.Float64()},
			Yaw:    2 * math.Pi * rng.Float64(), Length: 1 + 5*rng.Float64(), Width: 0.5 + 2*rng.Float64(),
		}
		c := geom.Circle{Center: b.Center, Radius: 0.2 + 3*rng.Float64()}
		corners := b.Corners()
		for _, tc := range []struct {
			name   string
			fill   func(plane []float32)
			inside func(p geom.Vec2) float64 // signed distance, negative inside
		}{
			{"box", func(p []float32) { g.FillOrientedBox(p, b, 1) }, b.PointDistance},
			{"polygon", func(p []float32) { g.FillPolygon(p, corners[:], 1) }, b.PointDistance},
			{"circle", func(p []float32) { g.FillCircle(p, c, 1) }, func(p geom.Vec2) float64 { return p.Sub(c.Center).Norm() - c.Radius }},
		} {
			clear(g.Data)
			tc.fill(g.Plane(0))
			for i := range g.Height {
				for j := range g.Width {
					d := tc.inside(cellCenter(g, i, j))
					if math.Abs(d) < 1e-9 {
						continue // on the boundary
					}
					require.Equal(t, d < 0, g.Plane(0)[i*g.Width+j] == 1, "%s cell (%d, %d), distance %g", tc.name, i, j, d)
				}
			}
		}
	}
}

func TestFillCircleExactCounts(t *testing.T) {
	g := NewGrid([]string{"occ"}, 20, 20, 0.5)
	// Centred on a cell corner, radius 2 cells: 3 cells per quadrant.
	g.FillCircle(g.Plane(0), geom.Circle{Center: geom.Vec2{X: 5, Y: 5}, Radius: 1}, 1)
	assert.Equal(t, 12, countSet(g.Plane(0), 1))

	// Centred on a cell centre with a radius of one cell: the four
	// neighbours lie exactly on the boundary, which counts as inside.
	clear(g.Data)
	g.FillCircle(g.Plane(0), geom.Circle{Center: geom.Vec2{X: 5.25, Y: 5.25}, Radius: 0.5}, 1)
	assert.Equal(t, 5, countSet(g.Plane(0), 1))
	assert.Equal(t, float32(1), g.Plane(0)[10*20+10])
	assert.Equal(t, float32(1), g.Plane(0)[11*20+10])
	assert.Equal(t, float32(0), g.Plane(0)[11*20+11])
}

func TestFillClipsAtGridEdge(t *testing.T) {
	g := NewGrid([]string{"occ"}, 10, 10, 1)
	// Box over the corner: x in [-2, 2) and y in [-1, 3) keep columns 0, 1
	// and rows 0, 1, 2.
	g.FillOrientedBox(g.Plane(0), geom.Box{Center: geom.Vec2{X: 0, Y: 1}, Length: 4, Width: 4}, 1)
	assert.Equal(t, 6, countSet(g.Plane(0), 1))
	clear(g.Data)
	g.FillPolygon(g.Plane(0), []geom.Vec2{{X: 20, Y: 20}, {X: 30, Y: 20}, {X: 25, Y: 30}}, 1)
	g.FillCircle(g.Plane(0), geom.Circle{Center: geom.Vec2{X: -5, Y: 5}, Radius: 2}, 1)
	assert.Equal(t, 0, countSet(g.Plane(0), 1))
}

func TestFillConcavePolygon(t *testing.T) {
	g := NewGrid([]string{"occ"}, 10, 10, 1)
	// L shape of 3 unit cells.
	l := []geom.Vec2{{X: 0, Y: 0}, {X: 2, Y: 0}, {X: 2, Y: 1}, {X: 1, Y: 1}, {X: 1, Y: 2}, {X: 0, Y: 2}}
	g.FillPolygon(g.Plane(0), l, 2)
	assert.Equal(t, 3, countSet(g.Plane(0), 2))
	assert.Equal(t, float32(0), g.Plane(0)[1*10+1])
}

func TestFillWrongPlanePanics(t *testing.T) {
	g := NewGrid([]string{"occ"}, 10, 10, 1)
	assert.Panics(t, func() { g.FillCircle(make([]float32, 5), geom.Circle{Radius: 1}, 1) })
}

func BenchmarkFillOrientedBox(b *testing.B) {
	g := NewGrid([]string{"occ"}, 200, 200, 0.5)
	box := geom.Box{Center: geom.Vec2{X: 50, Y: 50}, Yaw: 0.3, Length: 4.5, Width: 1.8}
	b.ReportAllocs()
	for b.Loop() {
		g.FillOrientedBox(g.Plane(0), box, 1)
	}
}
