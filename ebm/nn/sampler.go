package nn

import (
	"fmt"
	"math"

	"github.com/ebm-av/ebm_av/bev"
)

// BEVSampler reads channels of a bev.Grid by bilinear interpolation at world
// points (x, y), in metres, together with the derivatives of the sampled
// values with respect to x and y. Cell values sit at cell centres and the
// raster is zero outside the grid, so the sampled field is continuous and
// piecewise bilinear.
//
// As StepFeatures it reads a trajectory candidate laid out [steps][2] as
// (x, y) per step and returns one feature per sampled channel.
type BEVSampler struct {
	grid     *bev.Grid
	channels []int
	cos, sin float64 // of −OriginYaw, as in bev.Grid.ToGrid
	invRes   float64
}

// NewBEVSampler returns a sampler of the named channels of g, or of every
// channel when names is empty. It validates the grid.
func NewBEVSampler(g *bev.Grid, names ...string) (*BEVSampler, error) {
	if err := g.Validate(); err != nil {
		return nil, fmt.Errorf("nn: BEV sampler: %w", err)
	}
	s := &BEVSampler{grid: g, invRes: 1 / g.Resolution}
	s.sin, s.cos = math.Sincos(-g.OriginYaw)
	if len(names) == 0 {
		for c := range g.Channels {
			s.channels = append(s.channels, c)
		}
	}
	for _, name := range names {
		c := g.Channel(name)
		if c < 0 {
			return nil, fmt.Errorf("nn: BEV sampler: channel %q not in grid channels %v", name, g.Names)
		}
		s.channels = append(s.channels, c)
	}
	return s, nil
}

// NumFeatures returns the number of sampled channels.
func (s *BEVSampler) NumFeatures() int { return len(s.channels) }

// PointDim returns 2, for (x, y).
func (s *BEVSampler) PointDim() int { return 2 }

// Sample writes the bilinear value of each sampled channel at world point
// (x, y) to out and, when dx and dy are non-nil, the derivatives of those
// values with respect to x and y in 1/m.
func (s *BEVSampler) Sample(x, y float64, out, dx, dy []float64) {
	g := s.grid
	ox, oy := x-g.OriginX, y-g.OriginY
	// Continuous cell coordinates with cell centres at integers.
	u := (s.cos*ox-s.sin*oy)*s.invRes - 0.5
	v := (s.sin*ox+s.cos*oy)*s.invRes - 0.5
	fu, fv := math.Floor(u), math.Floor(v)
	j0, i0 := int(fu), int(fv)
	tu, tv := u-fu, v-fv
	w00, w01 := (1-tu)*(1-tv), tu*(1-tv)
	w10, w11 := (1-tu)*tv, tu*tv

	plane := g.Height * g.Width
	inside := i0 >= 0 && j0 >= 0 && i0+1 < g.Height && j0+1 < g.Width
	base := i0*g.Width + j0
	for k, c := range s.channels {
		var v00, v01, v10, v11 float64
		p := g.Data[c*plane : (c+1)*plane]
		if inside {
			v00, v01 = float64(p[base]), float64(p[base+1])
			v10, v11 = float64(p[base+g.Width]), float64(p[base+g.Width+1])
		} else {
			v00, v01 = s.cell(p, i0, j0), s.cell(p, i0, j0+1)
			v10, v11 = s.cell(p, i0+1, j0), s.cell(p, i0+1, j0+1)
		}
		out[k] = w00*v00 + w01*v01 + w10*v10 + w11*v11
		if dx != nil {
			// Derivatives in cells, then chained through the rotation
			// u = (c·ox − s·oy)/res, v = (s·ox + c·oy)/res.
			du := (1-tv)*(v01-v00) + tv*(v11-v10)
			dv := (1-tu)*(v10-v00) + tu*(v11-v01)
			dx[k] = (du*s.cos + dv*s.sin) * s.invRes
			dy[k] = (-du*s.sin + dv*s.cos) * s.invRes
		}
	}
}

func (s *BEVSampler) cell(p []float32, i, j int) float64 {
	if i < 0 || j < 0 || i >= s.grid.Height || j >= s.grid.Width {
		return 0
	}
	return float64(p[i*s.grid.Width+j])
}

// StepFeatures samples every step of the candidate x ([steps][2]) into
// feat ([steps][NumFeatures()]) and, when jac is non-nil, writes the
// derivatives to jac ([steps][NumFeatures()][2]).
func (s *BEVSampler) StepFeatures(x []float64, steps int, feat, jac []float64) {
	f := len(s.channels)
	for t := range steps {
		out := feat[t*f : (t+1)*f]
		if jac == nil {
			s.Sample(x[2*t], x[2*t+1], out, nil, nil)
			continue
		}
		s.sampleJac(x[2*t], x[2*t+1], out, jac[t*2*f:(t+1)*2*f])
	}
}

// sampleJac is Sample with the derivatives interleaved as [feature][x, y].
func (s *BEVSampler) sampleJac(x, y float64, out, jac []float64) {
	f := len(s.channels)
	var dxBuf, dyBuf [64]float64
	if f > len(dxBuf) {
		// NOTE: more than 64 channels allocates on every step.
		dx, dy := make([]float64, f), make([]float64, f)
		s.Sample(x, y, out, dx, dy)
		for k := range f {
			jac[2*k], jac[2*k+1] = dx[k], dy[k]
		}
		return
	}
	s.Sample(x, y, out, dxBuf[:f], dyBuf[:f])
	for k := range f {
		jac[2*k], jac[2*k+1] = dxBuf[k], dyBuf[k]
	}
}
