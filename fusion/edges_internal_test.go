package fusion

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
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
	assert.InDelta(t, 4, math.Hypot(float64(d.xyz[0]), float64(d.xyz[1])), 1e-5)
}
