package fusion

// UnitKind names the resampling units over which a term sums.
type UnitKind int

const (
	// NoUnits marks a term with a single sum that resampling leaves alone.
	NoUnits UnitKind = iota
	// LidarSectors are azimuth bins within bands of scan rings.
	LidarSectors
	// ImageTiles are rectangles of a regular grid over the image.
	ImageTiles
)

// Sums is a term's energy before resampling: E = Scale·Σ w_u·Num_u / Σ w_u·Den_u
// over the units u of kind Units, with unit weights w (all 1 without
// resampling).
type Sums struct {
	Units    UnitKind
	Scale    float64
	Num, Den []float64
}

// Energy returns the term energy with unit weights w, or with all weights 1
// when w is nil. It returns 0 when the weighted denominator is zero, which
// happens when resampling drops every unit that has data.
func (s *Sums) Energy(w []float64) float64 {
	var num, den float64
	if w == nil {
		for i := range s.Num {
			num += s.Num[i]
			den += s.Den[i]
		}
	} else {
		for i := range s.Num {
			num += w[i] * s.Num[i]
			den += w[i] * s.Den[i]
		}
	}
	if den == 0 {
		return 0
	}
	return s.Scale * num / den
}

// reset sizes the sums for n units and zeroes them.
func (s *Sums) reset(kind UnitKind, n int, scale float64) {
	s.Units, s.Scale = kind, scale
	s.Num = resize(s.Num, n)
	s.Den = resize(s.Den, n)
}

// CopyFrom makes s a deep copy of src, reusing the storage of s.
func (s *Sums) CopyFrom(src *Sums) {
	s.Units, s.Scale = src.Units, src.Scale
	s.Num = append(s.Num[:0], src.Num...)
	s.Den = append(s.Den[:0], src.Den...)
}

func resize(b []float64, n int) []float64 {
	if cap(b) < n {
		return make([]float64, n)
	}
	b = b[:n]
	clear(b)
	return b
}

// Term is one named cross-modal energy term with its weight, in the manner
// of a Nav2 MPPI critic. Evaluate fills s for the projection in p. A Term
// may keep scratch buffers, so one Term value serves one Evaluator at a
// time.
type Term interface {
	Name() string
	Weight() float64
	Evaluate(p *Projected, s *Sums) error
}

// TermEnergy is the weighted contribution of one term.
type TermEnergy struct {
	Name   string
	Weight float64
	Energy float64 // unweighted term energy
}
