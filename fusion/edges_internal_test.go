package fusion

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecayMaxMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const w, h = 17, 11
	src := make([]float32, w*h)
	for i := range src {
		if rng.Float64() < 0.1 {
			src[i] = rng.Float32()
		}
	}
	got := append([]float32(nil), src...)
	decayMax(got, w, h, 0.8)
	for v := 0; v < h; v++ {
		for u := 0; u < w; u++ {
			var want float64
			for q := range src {
				d := max(abs(q%w-u), abs(q/w-v))
				want = math.Max(want, float64(src[q])*math.Pow(0.8, float64(d)))
			}
			assert.InDelta(t, want, float64(got[v*w+u]), 1e-5, "cell (%d, %d)", u, v)
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func TestFindDiscontinuitiesRing(t *testing.T) {
	cfg := DefaultSceneConfig()
	// One ring segment at constant azimuth steps: ranges 10, 10, 4, 4, 10.
	// The point at index 2 sits at the near side of a 6 m jump and index 3
	// at the near side of the jump back. Both get weight sqrt(min(6, 5)).
	ranges := []float64{10, 10, 4, 4, 10}
	var pts []float32
	for i, r := range ranges {
		az := float64(i) * 0.003
		pts = append(pts, float32(r*math.Cos(az)), float32(r*math.Sin(az)), 0, 0)
	}
	var d discontinuities
	usable, rings := findDiscontinuities(pts, &cfg, &d)
	assert.Equal(t, 5, usable)
	assert.Equal(t, 1, rings)
	assert.Len(t, d.weight, 2)
	for _, w := range d.weight {
		assert.InDelta(t, math.Sqrt(5), float64(w), 1e-6)
	}
	assert.InDelta(t, 4, math.Hypot(float64(d.measured[0]), float64(d.measured[1])), 1e-5)
}

func TestFindDiscontinuitiesEdgeOffset(t *testing.T) {
	// Ranges 10, 10, 4, 4, 10 at azimuth steps of 0.004 rad and height
	// 0.5 m. Index 2 is a near return whose far neighbour is index 1, and
	// index 3 is one whose far neighbour is index 4. An offset moves each
	// along the ring towards its far neighbour by that fraction of the
	// step and keeps its range and height.
	const step = 0.004
	ranges := []float64{10, 10, 4, 4, 10}
	var pts []float32
	for i, r := range ranges {
		az := float64(i) * step
		pts = append(pts, float32(r*math.Cos(az)), float32(r*math.Sin(az)), 0.5, 0)
	}
	cases := []struct {
		offset float64
		want   [2]float64 // azimuths of the two discontinuity points
	}{
		{0, [2]float64{2 * step, 3 * step}},
		{0.5, [2]float64{1.5 * step, 3.5 * step}},
		{1, [2]float64{1 * step, 4 * step}},
	}
	for _, c := range cases {
		cfg := DefaultSceneConfig()
		cfg.EdgeOffset = c.offset
		var d discontinuities
		findDiscontinuities(pts, &cfg, &d)
		require.Len(t, d.weight, 2, "offset %v", c.offset)
		for k := range 2 {
			x, y, z := float64(d.measured[3*k]), float64(d.measured[3*k+1]), float64(d.measured[3*k+2])
			assert.InDelta(t, c.want[k], math.Atan2(y, x), 1e-6, "offset %v, point %d azimuth", c.offset, k)
			assert.InDelta(t, 4, math.Hypot(x, y), 1e-5, "offset %v, point %d range", c.offset, k)
			assert.Equal(t, 0.5, z, "offset %v, point %d height", c.offset, k)
		}
	}
}
