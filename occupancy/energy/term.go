package energy

import (
	"fmt"

	"github.com/ebm-av/ebm_av/occupancy"
)

// Term is one energy term of a scorer.
type Term interface {
	// Name returns the term's identifier, for example "dynamics".
	Name() string
	// Weight returns the factor on the term's energy in the total.
	Weight() float64
	// Energy returns the term's unweighted energy of c. When cells is not
	// nil, Energy adds each cell's contribution, summed over the frames, to
	// cells (Height×Width, row-major, same unit as the energy).
	Energy(s *Scene, c *Candidate, cells []float64) float64
}

// Decomposer is a term whose energy is a weighted sum of named parts.
type Decomposer interface {
	Term
	// PartNames returns the names of the parts in the order Parts returns them.
	PartNames() []string
	// Parts returns the unweighted parts of the energy of c. When cells is
	// not nil, cells[i] (when not nil) receives part i's per-cell
	// contribution as in Term.Energy.
	Parts(s *Scene, c *Candidate, cells [][]float64) []float64
}

// cachedParts returns d's parts of c, computing them once per candidate and
// term instance. Terms that share an instance (a learned term over the
// scorer's own terms) share the computation.
func cachedParts(d Decomposer, s *Scene, c *Candidate) []float64 {
	if p, ok := c.parts[d]; ok {
		return p
	}
	p := d.Parts(s, c, nil)
	if c.parts == nil {
		c.parts = make(map[Decomposer][]float64)
	}
	c.parts[d] = p
	return p
}

// weightedSum returns Σ w_i·x_i.
func weightedSum(w, x []float64) float64 {
	var e float64
	for i := range x {
		e += w[i] * x[i]
	}
	return e
}

// Scorer sums weighted energy terms.
type Scorer struct {
	Config Config
	Terms  []Term
}

// NewDefaultScorer returns a scorer with the dynamics, geometry and map-prior
// terms at their default parameters, each with weight 1.
func NewDefaultScorer() *Scorer {
	return &Scorer{Config: DefaultConfig(), Terms: []Term{NewDynamics(), NewGeometry(), NewMapPrior()}}
}

// Score returns the total energy of each forecast given history and the
// optional masks. It rejects an empty forecast
// set, forecasts off the history's grid or with invalid probabilities.
func (sc *Scorer) Score(history *occupancy.Sequence, masks Masks, forecasts []*occupancy.Sequence) ([]float64, error) {
	terms, err := sc.Breakdown(history, masks, forecasts)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(forecasts))
	for k, row := range terms {
		for i, t := range sc.Terms {
			out[k] += t.Weight() * row[i]
		}
	}
	return out, nil
}

// Breakdown returns the unweighted energy of every term (columns, in the
// order of Terms) for every forecast (rows).
func (sc *Scorer) Breakdown(history *occupancy.Sequence, masks Masks, forecasts []*occupancy.Sequence) ([][]float64, error) {
	if err := occupancy.ValidateForecasts(history, forecasts); err != nil {
		return nil, fmt.Errorf("energy: %w", err)
	}
	scene, err := NewScene(history, masks, sc.Config)
	if err != nil {
		return nil, err
	}
	out := make([][]float64, len(forecasts))
	for k, f := range forecasts {
		c, err := scene.Analyze(f)
		if err != nil {
			return nil, fmt.Errorf("energy: forecast %d of %d: %w", k, len(forecasts), err)
		}
		out[k] = make([]float64, len(sc.Terms))
		for i, t := range sc.Terms {
			if d, ok := t.(Decomposer); ok {
				out[k][i] = weightedSum(partWeights(d), cachedParts(d, scene, c))
				continue
			}
			out[k][i] = t.Energy(scene, c, nil)
		}
		scene.Release(c)
	}
	return out, nil
}

// decomposedEnergy returns Σ w_i·part_i of d and, when cells is not nil,
// adds the weighted per-cell maps of the parts to cells.
func decomposedEnergy(d Decomposer, s *Scene, c *Candidate, cells []float64) float64 {
	w := partWeights(d)
	if cells == nil {
		return weightedSum(w, cachedParts(d, s, c))
	}
	maps := make([][]float64, len(w))
	for i := range maps {
		maps[i] = make([]float64, len(cells))
	}
	parts := d.Parts(s, c, maps)
	for i := range maps {
		for k, v := range maps[i] {
			cells[k] += w[i] * v
		}
	}
	return weightedSum(w, parts)
}

// partWeights returns the weights of d's parts.
func partWeights(d Decomposer) []float64 {
	if pw, ok := d.(interface{ PartWeights() []float64 }); ok {
		return pw.PartWeights()
	}
	w := make([]float64, len(d.PartNames()))
	for i := range w {
		w[i] = 1
	}
	return w
}

// EnergyMap returns the per-cell energy of forecast (Height×Width,
// row-major): each term's per-cell contribution summed over the frames and
// weighted, so that the map sums to the forecast's total energy. The second
// result holds the unweighted map of each term, in the order of Terms.
func (sc *Scorer) EnergyMap(history *occupancy.Sequence, masks Masks, forecast *occupancy.Sequence) ([]float64, [][]float64, error) {
	if err := occupancy.ValidateForecasts(history, []*occupancy.Sequence{forecast}); err != nil {
		return nil, nil, fmt.Errorf("energy: %w", err)
	}
	scene, err := NewScene(history, masks, sc.Config)
	if err != nil {
		return nil, nil, err
	}
	c, err := scene.Analyze(forecast)
	if err != nil {
		return nil, nil, err
	}
	total := make([]float64, history.Cells())
	perTerm := make([][]float64, len(sc.Terms))
	for i, t := range sc.Terms {
		perTerm[i] = make([]float64, history.Cells())
		t.Energy(scene, c, perTerm[i])
		for k, v := range perTerm[i] {
			total[k] += t.Weight() * v
		}
	}
	return total, perTerm, nil
}
