package footprint

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ebm-av/ebm_av/geom"
)

const eps = 1e-9

func TestOverlapAxisAlignedTouching(t *testing.T) {
	a := NewBox(0, 0, 0, 4, 2)
	// Centres 4 m apart along x: the boxes touch at x = 2.
	assert.True(t, Overlap(a, NewBox(4-eps, 0, 0, 4, 2)), "just inside")
	assert.True(t, Overlap(a, NewBox(4, 0, 0, 4, 2)), "touching counts as overlap")
	assert.False(t, Overlap(a, NewBox(4+1e-6, 0, 0, 4, 2)), "just outside")
	// Side by side: widths touch at y = 1.
	assert.True(t, Overlap(a, NewBox(0, 2-eps, 0, 4, 2)))
	assert.False(t, Overlap(a, NewBox(0, 2+1e-6, 0, 4, 2)))
}

func TestOverlapRotated(t *testing.T) {
	a := NewBox(0, 0, 0, 2, 2)
	// A 2×2 box turned by 45° reaches √2 from its centre along x.
	touch := 1 + math.Sqrt2
	assert.True(t, Overlap(a, NewBox(touch-1e-6, 0, math.Pi/4, 2, 2)))
	assert.False(t, Overlap(a, NewBox(touch+1e-6, 0, math.Pi/4, 2, 2)))
	// Overlap is symmetric.
	assert.False(t, Overlap(NewBox(touch+1e-6, 0, math.Pi/4, 2, 2), a))
}

func TestOverlapCrossWithoutCornersInside(t *testing.T) {
	a := NewBox(0, 0, 0, 6, 1)
	b := NewBox(0, 0, math.Pi/2, 6, 1)
	assert.True(t, Overlap(a, b))
	assert.Equal(t, 0.0, Distance(a, b))
}

func TestDistance(t *testing.T) {
	a := NewBox(0, 0, 0, 2, 2)
	assert.InDelta(t, 3.0, Distance(a, NewBox(5, 0, 0, 2, 2)), 1e-12, "face to face")
	assert.InDelta(t, math.Sqrt2, Distance(a, NewBox(3, 3, 0, 2, 2)), 1e-12, "corner to corner")
	// Rotated corner pointing at a face: gap = 4 − 1 − √2.
	assert.InDelta(t, 3-math.Sqrt2, Distance(a, NewBox(4, 0, math.Pi/4, 2, 2)), 1e-12, "corner to face")
}

func TestCircle(t *testing.T) {
	b := NewBox(0, 0, 0, 4, 2)
	assert.True(t, CircleOverlap(b, 2.5-eps, 0, 0.5))
	assert.True(t, CircleOverlap(b, 2.5, 0, 0.5), "touching counts as overlap")
	assert.False(t, CircleOverlap(b, 2.5+1e-6, 0, 0.5))
	// Near the corner (2, 1) the touching distance is Euclidean.
	assert.True(t, CircleOverlap(b, 2.3, 1.4-1e-6, 0.5))
	assert.False(t, CircleOverlap(b, 2.3, 1.4+1e-6, 0.5))
	assert.InDelta(t, 1.0, CircleDistance(b, 2.3+0.6, 1.4+0.8, 0.5), 1e-12)
	assert.Equal(t, 0.0, CircleDistance(b, 0, 0, 0.5))
	// Rotated by 90°, the box reaches 2 m along y.
	r := NewBox(0, 0, math.Pi/2, 4, 2)
	assert.True(t, CircleOverlap(r, 0, 2.5-1e-6, 0.5))
	assert.False(t, CircleOverlap(r, 0, 2.5+1e-6, 0.5))
}

func TestCornersCounterClockwise(t *testing.T) {
	c := NewBox(1, 2, math.Pi/2, 4, 2).Corners()
	want := [4][2]float64{{0, 4}, {0, 0}, {2, 0}, {2, 4}}
	for i := range c {
		assert.InDelta(t, want[i][0], c[i][0], 1e-12, "corner %d x", i)
		assert.InDelta(t, want[i][1], c[i][1], 1e-12, "corner %d y", i)
	}
}

func TestDistanceMatchesCornerEnumeration(t *testing.T) {
	// Compare against the distance from every corner to the other box,
	// over a sweep of poses that includes overlapping ones.
	a := NewBox(0.3, -0.2, 0.4, 4.3, 1.7)
	for x := -8.0; x <= 8; x += 0.7 {
		for y := -6.0; y <= 6; y += 0.9 {
			for yaw := -3.0; yaw <= 3; yaw += 0.5 {
				b := NewBox(x, y, yaw, 4.5, 1.8)
				want := 0.0
				if !Overlap(a, b) {
					want = math.Inf(1)
					for _, c := range a.Corners() {
						want = math.Min(want, b.PointDistance(c[0], c[1]))
					}
					for _, c := range b.Corners() {
						want = math.Min(want, a.PointDistance(c[0], c[1]))
					}
				}
				assert.InDelta(t, want, Distance(a, b), 1e-9, "b at (%g, %g, %g)", x, y, yaw)
			}
		}
	}
}

func BenchmarkDistance(b *testing.B) {
	a := NewBox(0.3, -0.2, 0.4, 4.3, 1.7)
	o := NewBox(5, 3, 1.1, 4.5, 1.8)
	b.ReportAllocs()
	sum := 0.0
	for b.Loop() {
		sum += Distance(a, o)
	}
	_ = sum
}

func TestAgreesWithGeom(t *testing.T) {
	a := NewBox(0.3, -0.2, 0.4, 4.3, 1.7)
	ga := geom.Box{Center: geom.Vec2{X: 0.3, Y: -0.2}, Yaw: 0.4, Length: 4.3, Width: 1.7}
	for x := -7.0; x <= 7; x += 0.45 {
		for y := -5.0; y <= 5; y += 0.55 {
			for yaw := -3.0; yaw <= 3; yaw += 0.7 {
				b := NewBox(x, y, yaw, 4.5, 1.8)
				gb := geom.Box{Center: geom.Vec2{X: x, Y: y}, Yaw: yaw, Length: 4.5, Width: 1.8}
				assert.Equal(t, geom.Overlap(ga, gb), Overlap(a, b), "box at (%g, %g, %g)", x, y, yaw)
				assert.InDelta(t, math.Max(geom.Clearance(ga, gb), 0), Distance(a, b), 1e-9, "box at (%g, %g, %g)", x, y, yaw)

				c := geom.Circle{Center: geom.Vec2{X: x, Y: y}, Radius: 0.6}
				assert.Equal(t, geom.OverlapCircle(ga, c), CircleOverlap(a, x, y, 0.6), "disc at (%g, %g)", x, y)
				assert.InDelta(t, math.Max(geom.CircleClearance(ga, c), 0), CircleDistance(a, x, y, 0.6), 1e-9, "disc at (%g, %g)", x, y)
			}
		}
	}
}
