package energy

import (
	"fmt"
	"math"
)

// Learned is a linear energy over the log-scaled parts of other terms:
//
//	E = Σ_i Coef_i · log(1 + part_i)
//
// where part_i runs over the parts of every source term in order. The
// coefficients come from TrainRanking on real futures against wrong
// forecasts. The log keeps one huge part from drowning the others.
type Learned struct {
	W       float64      // term weight
	Sources []Decomposer // terms whose parts are the features
	Coef    []float64    // one coefficient per feature, see FeatureNames
}

// NewLearned returns a learned term over the parts of sources with weight 1
// and zero coefficients: its energy is 0 until it is trained.
func NewLearned(sources ...Decomposer) *Learned {
	l := &Learned{W: 1, Sources: sources}
	l.Coef = make([]float64, len(l.FeatureNames()))
	return l
}

// Name returns "learned".
func (*Learned) Name() string { return "learned" }

// Weight returns the term weight.
func (l *Learned) Weight() float64 { return l.W }

// FeatureNames returns "term.part" for every feature, for example
// "dynamics.appear".
func (l *Learned) FeatureNames() []string {
	var names []string
	for _, d := range l.Sources {
		for _, p := range d.PartNames() {
			names = append(names, d.Name()+"."+p)
		}
	}
	return names
}

// SourceParts returns the unweighted parts of every source term, in the
// order of FeatureNames.
func (l *Learned) SourceParts(s *Scene, c *Candidate) []float64 {
	var out []float64
	for _, d := range l.Sources {
		out = append(out, cachedParts(d, s, c)...)
	}
	return out
}

// Features returns log(1 + part) for every part of every source term.
func (l *Learned) Features(s *Scene, c *Candidate) []float64 {
	return FeaturesFromParts(l.SourceParts(s, c))
}

// FeaturesFromParts returns the features of the concatenated parts of the
// source terms, as Features would compute them.
func FeaturesFromParts(parts []float64) []float64 {
	out := make([]float64, len(parts))
	for i, p := range parts {
		out[i] = math.Log1p(p)
	}
	return out
}

// Energy returns Σ Coef_i·feature_i. The per-cell map spreads each feature's
// contribution over the cells in proportion to its part's own per-cell map,
// so the map sums to the energy.
func (l *Learned) Energy(s *Scene, c *Candidate, cells []float64) float64 {
	if len(l.Coef) != len(l.FeatureNames()) {
		panic(fmt.Sprintf("energy: learned term has %d coefficients for %d features", len(l.Coef), len(l.FeatureNames())))
	}
	if cells == nil {
		return weightedSum(l.Coef, l.Features(s, c))
	}
	var e float64
	i := 0
	for _, d := range l.Sources {
		n := len(d.PartNames())
		maps := make([][]float64, n)
		for j := range maps {
			maps[j] = make([]float64, len(cells))
		}
		parts := d.Parts(s, c, maps)
		for j, p := range parts {
			contribution := l.Coef[i] * math.Log1p(p)
			e += contribution
			if p > 0 {
				for k, v := range maps[j] {
					cells[k] += contribution * v / p
				}
			}
			i++
		}
	}
	return e
}
