package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/ebm/internal/gradcheck"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// randomGrid returns a rotated grid with smooth random channels.
func randomGrid(seed uint64, channels, size int) *bev.Grid {
	names := make([]string, channels)
	for c := range names {
		names[c] = string(rune('a' + c%26))
	}
	g := bev.NewGrid(names, size, size, 0.5)
	g.OriginX, g.OriginY, g.OriginYaw = -3, 2, 0.4
	rng := rand.New(rand.NewPCG(seed, 11))
	for i := range g.Data {
		g.Data[i] = float32(rng.Float64())
	}
	return g
}

func TestBEVSamplerExact(t *testing.T) {
	g := bev.NewGrid([]string{"occ"}, 2, 2, 1)
	copy(g.Data, []float32{0, 1, 2, 3}) // rows [0 1] and [2 3]
	s, err := NewBEVSampler(g)
	require.NoError(t, err)
	out, dx, dy := make([]float64, 1), make([]float64, 1), make([]float64, 1)

	// Cell centres return the cell values.
	s.Sample(1.5, 0.5, out, dx, dy)
	assert.InDelta(t, 1, out[0], 1e-12)
	// Midway between the four centres: the mean, with slope 1 along x and 2 along y.
	s.Sample(1, 1, out, dx, dy)
	assert.InDelta(t, 1.5, out[0], 1e-12)
	assert.InDelta(t, 1, dx[0], 1e-12)
	assert.InDelta(t, 2, dy[0], 1e-12)
	// Half a cell outside the left edge, the zero padding halves the value.
	s.Sample(0, 0.5, out, nil, nil)
	assert.InDelta(t, 0, out[0], 1e-12)
	s.Sample(0, 1.5, out, nil, nil)
	assert.InDelta(t, 1, out[0], 1e-12)
}

func TestBEVSamplerRotatedFrame(t *testing.T) {
	// A quarter turn maps world +y onto grid +x (columns) and world −x onto
	// grid +y (rows). Every row is [0 1 2], so the value grows along
	// columns only.
	g := bev.NewGrid([]string{"occ"}, 3, 3, 1)
	copy(g.Data, []float32{0, 1, 2, 0, 1, 2, 0, 1, 2})
	g.OriginYaw = math.Pi / 2
	s, err := NewBEVSampler(g)
	require.NoError(t, err)
	out, dx, dy := make([]float64, 1), make([]float64, 1), make([]float64, 1)
	s.Sample(-1.3, 1.2, out, dx, dy)
	assert.InDelta(t, 0.7, out[0], 1e-12)
	assert.InDelta(t, 0, dx[0], 1e-12)
	assert.InDelta(t, 1, dy[0], 1e-12)
}

func TestBEVSamplerGradient(t *testing.T) {
	g := randomGrid(1, 3, 20)
	s, err := NewBEVSampler(g)
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(4, 5))
	out, dx, dy := make([]float64, 3), make([]float64, 3), make([]float64, 3)
	checked := 0
	for checked < 50 {
		x, y := g.ToWorld(rng.Float64()*22-1, rng.Float64()*22-1)
		col, row := g.ToGrid(x, y)
		// Skip points within the difference step of a cell-centre line,
		// where the bilinear field has a kink.
		if near(col-0.5) || near(row-0.5) {
			continue
		}
		checked++
		s.Sample(x, y, out, dx, dy)
		for c := range 3 {
			f := func(p []float64) float64 {
				v := make([]float64, 3)
				s.Sample(p[0], p[1], v, nil, nil)
				return v[c]
			}
			num := gradcheck.Numeric(f, []float64{x, y})
			require.Less(t, gradcheck.RelativeError([]float64{dx[c], dy[c]}, num), 1e-5,
				"channel %d at (%.3f, %.3f)", c, x, y)
		}
	}
}

func near(u float64) bool { return math.Abs(u-math.Round(u)) < 1e-3 }

func TestBEVSamplerUnknownChannel(t *testing.T) {
	g := randomGrid(1, 2, 4)
	_, err := NewBEVSampler(g, "missing")
	assert.ErrorContains(t, err, `"missing"`)
}
