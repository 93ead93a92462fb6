package fusion

import "math"

// LidarEvidenceTerm is the reverse of ImageEvidenceTerm: it scores whether
// the strongest image edges have a projected LiDAR depth discontinuity
// nearby. The discontinuities are drawn into a grid of Cell×Cell pixel cells
// and spread with the decay-max transform (Decay per cell). The energy is
// minus the edge-weighted mean of that map at the strong edge pixels,
// divided by the map's mean. Both means cover only the image part the LiDAR
// reaches: in each column band of CoverageWidth pixels, the rows between the
// highest and lowest projected discontinuity. Units are image tiles.
type LidarEvidenceTerm struct {
	W             float64
	Cell          int
	Decay         float64
	CoverageWidth int

	grid       []float32
	minV, maxV []float64
}

// NewLidarEvidenceTerm returns the term with weight w, 2-pixel cells, a
// decay of 0.8 per cell and 32-pixel coverage bands.
func NewLidarEvidenceTerm(w float64) *LidarEvidenceTerm {
	return &LidarEvidenceTerm{W: w, Cell: 2, Decay: 0.8, CoverageWidth: 32}
}

// Name returns "lidar_evidence".
func (t *LidarEvidenceTerm) Name() string { return "lidar_evidence" }

// Weight returns W.
func (t *LidarEvidenceTerm) Weight() float64 { return t.W }

// Evaluate fills s with per-tile sums of strength·map and strength over the
// covered strong edge pixels.
func (t *LidarEvidenceTerm) Evaluate(p *Projected, s *Sums) error {
	if t.Cell < 1 || t.CoverageWidth < 1 || !(t.Decay > 0 && t.Decay < 1) {
		return errInvalidLidarTerm(t)
	}
	sc := p.Scene
	w, h := sc.cam.Width, sc.cam.Height
	gw, gh := (w+t.Cell-1)/t.Cell, (h+t.Cell-1)/t.Cell
	t.grid = resize32(t.grid, gw*gh)
	nb := (w + t.CoverageWidth - 1) / t.CoverageWidth
	t.minV = fill(t.minV, nb, math.Inf(1))
	t.maxV = fill(t.maxV, nb, math.Inf(-1))

	norm := float32(1 / math.Sqrt(sc.cfg.MaxJump))
	for i, in := range p.In {
		if !in {
			continue
		}
		u, v := p.U[i], p.V[i]
		k := int(v)/t.Cell*gw + int(u)/t.Cell
		t.grid[k] = max(t.grid[k], sc.disc.weight[i]*norm)
		b := int(u) / t.CoverageWidth
		t.minV[b] = math.Min(t.minV[b], v)
		t.maxV[b] = math.Max(t.maxV[b], v)
	}
	decayMax(t.grid, gw, gh, float32(t.Decay))

	// Mean of the map over covered cells, the normaliser.
	var sum float64
	var count int
	for r := 0; r < gh; r++ {
		v := (float64(r) + 0.5) * float64(t.Cell)
		for c := 0; c < gw; c++ {
			b := min(c*t.Cell/t.CoverageWidth, nb-1)
			if v < t.minV[b] || v > t.maxV[b] {
				continue
			}
			sum += float64(t.grid[r*gw+c])
			count++
		}
	}
	scale := -1.0
	if sum > 0 {
		scale = -float64(count) / sum
	}
	s.reset(ImageTiles, sc.cfg.TileCols*sc.cfg.TileRows, scale)
	for j, pix := range sc.edgePix {
		u, v := int(pix)%w, int(pix)/w
		b := u / t.CoverageWidth
		if fv := float64(v); fv < t.minV[b] || fv > t.maxV[b] {
			continue
		}
		e := float64(sc.edgeStrength[j])
		k := sc.edgeTile[j]
		s.Num[k] += e * float64(t.grid[v/t.Cell*gw+u/t.Cell])
		s.Den[k] += e
	}
	return nil
}

func resize32(b []float32, n int) []float32 {
	if cap(b) < n {
		return make([]float32, n)
	}
	b = b[:n]
	clear(b)
	return b
}

func fill(b []float64, n int, v float64) []float64 {
	if cap(b) < n {
		b = make([]float64, n)
	}
	b = b[:n]
	for i := range b {
		b[i] = v
	}
	return b
}
