package geom

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOverlapAndClearance(t *testing.T) {
	sq := Box{Length: 2, Width: 2}
	diag := math.Sqrt2
	tests := []struct {
		name      string
		a, b      Box
		overlap   bool
		clearance float64
	}{
		{"identical", sq, sq, true, -2},
		{"apart along x", sq, Box{Center: Vec2{5, 0}, Length: 2, Width: 2}, false, 3},
		{"touching edges", sq, Box{Center: Vec2{2, 0}, Length: 2, Width: 2}, true, 0},
		{"apart diagonally", sq, Box{Center: Vec2{4, 5}, Length: 2, Width: 2}, false, math.Hypot(2, 3)},
		{"penetration along x", Box{Length: 4, Width: 2}, Box{Center: Vec2{3, 0}, Length: 4, Width: 2}, true, -1},
		{"corner into edge apart", sq, Box{Center: Vec2{1 + diag + 0.1, 0}, Yaw: math.Pi / 4, Length: 2, Width: 2}, false, 0.1},
		{"corner into edge overlapping", sq, Box{Center: Vec2{1 + diag - 0.1, 0}, Yaw: math.Pi / 4, Length: 2, Width: 2}, true, -0.1},
		// Only the rotated box's axis separates these; an axis-aligned
		// bounding-box test would report an overlap.
		{"separated by rotated axis", sq, Box{Center: Vec2{2.3, 2.3}, Yaw: math.Pi / 4, Length: 2, Width: 2}, false, 1.3*diag - 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.overlap, Overlap(tc.a, tc.b))
			assert.Equal(t, tc.overlap, Overlap(tc.b, tc.a), "swapped")
			assert.InDelta(t, tc.clearance, Clearance(tc.a, tc.b), 1e-9)
			assert.InDelta(t, tc.clearance, Clearance(tc.b, tc.a), 1e-9, "swapped")
		})
	}
}

// segmentDistance returns the distance between segments pq and rs.
func segmentDistance(p, q, r, s Vec2) float64 {
	side := func(a, b, c Vec2) float64 { return b.Sub(a).Cross(c.Sub(a)) }
	if side(p, q, r)*side(p, q, s) < 0 && side(r, s, p)*side(r, s, q) < 0 {
		return 0 // proper crossing
	}
	pointSeg := func(x, a, b Vec2) float64 {
		ab := b.Sub(a)
		t := math.Max(0, math.Min(1, x.Sub(a).Dot(ab)/ab.Dot(ab)))
		return x.Sub(a.Add(ab.Scale(t))).Norm()
	}
	return math.Min(math.Min(pointSeg(p, r, s), pointSeg(q, r, s)), math.Min(pointSeg(r, p, q), pointSeg(s, p, q)))
}

func TestClearanceMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	randomBox := func() Box {
		return Box{
			Center: Vec2{rng.Float64()*20 - 10, rng.Float64()*20 - 10},
			Yaw:    rng.Float64()*2*math.Pi - math.Pi,
			Length: 0.5 + 5*rng.Float64(),
			Width:  0.5 + 2*rng.Float64(),
		}
	}
	apart := 0
	for range 5000 {
		a, b := randomBox(), randomBox()
		ca, cb := a.Corners(), b.Corners()
		// Overlap by brute force: a corner inside the other box or crossing edges.
		want := math.Inf(1)
		for i := range 4 {
			for j := range 4 {
				want = math.Min(want, segmentDistance(ca[i], ca[(i+1)%4], cb[j], cb[(j+1)%4]))
			}
		}
		inside := false
		for i := range 4 {
			inside = inside || a.Contains(cb[i]) || b.Contains(ca[i])
		}
		overlapping := want < 1e-12 || inside
		require.Equal(t, overlapping, Overlap(a, b), "a=%+v b=%+v", a, b)
		got := Clearance(a, b)
		if overlapping {
			assert.LessOrEqual(t, got, 1e-12)
			continue
		}
		apart++
		require.InDelta(t, want, got, 1e-9, "a=%+v b=%+v", a, b)
	}
	assert.Greater(t, apart, 1000, "too few separated pairs to test the distance")
}

func TestCircleClearance(t *testing.T) {
	b := Box{Length: 4, Width: 2}
	assert.InDelta(t, 0, CircleClearance(b, Circle{Vec2{3, 0}, 1}), 1e-12)
	assert.InDelta(t, -1.5, CircleClearance(b, Circle{Vec2{0, 0}, 0.5}), 1e-12)
	assert.InDelta(t, math.Hypot(1, 1)-0.5, CircleClearance(b, Circle{Vec2{3, 2}, 0.5}), 1e-12)
	assert.True(t, OverlapCircle(b, Circle{Vec2{2.1, 1.1}, 0.2}))
	assert.False(t, OverlapCircle(b, Circle{Vec2{2.2, 1.2}, 0.2}))
	assert.True(t, OverlapCircles(Circle{Vec2{0, 0}, 1}, Circle{Vec2{2, 0}, 1}))
	assert.False(t, OverlapCircles(Circle{Vec2{0, 0}, 1}, Circle{Vec2{2.01, 0}, 1}))
}

func TestPointInPolygon(t *testing.T) {
	// Concave L shape, clockwise.
	l := []Vec2{{0, 0}, {0, 2}, {1, 2}, {1, 1}, {2, 1}, {2, 0}}
	tests := []struct {
		p    Vec2
		want bool
	}{
		{Vec2{0.5, 0.5}, true},
		{Vec2{0.5, 1.5}, true},
		{Vec2{1.5, 0.5}, true},
		{Vec2{1.5, 1.5}, false},
		{Vec2{-0.1, 0.5}, false},
		{Vec2{2.5, 0.5}, false},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, PointInPolygon(tc.p, l), "%v", tc.p)
	}
	assert.InDelta(t, -3, SignedArea(l), 1e-12)
}

func TestPolylineProject(t *testing.T) {
	p, err := NewPolyline([]Vec2{{0, 0}, {10, 0}, {10, 0}, {10, 10}})
	require.NoError(t, err)
	require.Len(t, p.Points, 3, "duplicate point kept")
	assert.InDelta(t, 20, p.Length(), 1e-12)
	tests := []struct {
		q    Vec2
		s, d float64
	}{
		{Vec2{5, 2}, 5, 2},
		{Vec2{5, -1}, 5, -1},
		{Vec2{12, 5}, 15, -2},
		{Vec2{8, 3}, 13, 2},
		{Vec2{11, -1}, 10, -math.Sqrt2}, // outside the corner: right side
		{Vec2{-3, 1}, -3, 1},            // before the start
		{Vec2{10, 15}, 25, 0},           // beyond the end
	}
	for _, tc := range tests {
		s, d := p.Project(tc.q)
		assert.InDelta(t, tc.s, s, 1e-12, "s of %v", tc.q)
		assert.InDelta(t, tc.d, d, 1e-12, "d of %v", tc.q)
		if s >= 0 && s <= p.Length() && math.Abs(d) > 0 && tc.q != (Vec2{11, -1}) {
			back := p.FromFrenet(s, d)
			assert.InDelta(t, tc.q.X, back.X, 1e-12)
			assert.InDelta(t, tc.q.Y, back.Y, 1e-12)
		}
	}
	pt, h := p.At(15)
	assert.Equal(t, Vec2{10, 5}, pt)
	assert.InDelta(t, math.Pi/2, h, 1e-12)

	_, err = NewPolyline([]Vec2{{1, 1}, {1, 1}})
	assert.ErrorIs(t, err, ErrShortPolyline)
}

func TestPointsConversion(t *testing.T) {
	type other struct{ X, Y float64 }
	assert.Equal(t, []Vec2{{1, 2}, {3, 4}}, Points([]other{{1, 2}, {3, 4}}))
}

var sinkBool bool
var sinkFloat float64

func BenchmarkBoxOverlap(b *testing.B) {
	a := Box{Center: Vec2{0, 0}, Yaw: 0.3, Length: 4.3, Width: 1.7}
	for _, bc := range []struct {
		name string
		o    Box
	}{
		{"near", Box{Center: Vec2{3, 2.5}, Yaw: -0.2, Length: 4.5, Width: 1.8}}, // needs the full axis test
		{"far", Box{Center: Vec2{30, 2.5}, Yaw: -0.2, Length: 4.5, Width: 1.8}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkBool = Overlap(a, bc.o)
			}
		})
	}
}

func BenchmarkClearance(b *testing.B) {
	a := Box{Center: Vec2{0, 0}, Yaw: 0.3, Length: 4.3, Width: 1.7}
	o := Box{Center: Vec2{6, 2.5}, Yaw: -0.2, Length: 4.5, Width: 1.8}
	b.ReportAllocs()
	for b.Loop() {
		sinkFloat = Clearance(a, o)
	}
}

func BenchmarkPolylineProject(b *testing.B) {
	pts := make([]Vec2, 100)
	for i := range pts {
		pts[i] = Vec2{float64(i), math.Sin(float64(i) / 10)}
	}
	p, err := NewPolyline(pts)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		s, d := p.Project(Vec2{42.3, 1.7})
		sinkFloat = s + d
	}
}
