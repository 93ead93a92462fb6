package energy

import "math"

// Geometry penalises changes of object shape and size. Its parts:
//   - total: the change of total blob mass between consecutive frames beyond
//     what the border band explains (mass there may enter or leave), m²;
//   - area: for every blob descended through unbroken links from a blob of
//     the last history frame, the absolute difference of their masses, m²,
//     summed over blobs and frames.
//
// Blobs touching the grid border are exempt from area, because the border
// cuts them.
type Geometry struct {
	W     float64 // term weight
	Total float64 // weight of the total part, 1/m²
	Area  float64 // weight of the area part, 1/m²
}

// NewGeometry returns the geometry term with weight 1 and part weights 1.
func NewGeometry() *Geometry { return &Geometry{W: 1, Total: 1, Area: 1} }

// Name returns "geometry".
func (*Geometry) Name() string { return "geometry" }

// Weight returns the term weight.
func (g *Geometry) Weight() float64 { return g.W }

// PartNames returns the names of the parts.
func (*Geometry) PartNames() []string { return []string{"total", "area"} }

// PartWeights returns the weights of the parts.
func (g *Geometry) PartWeights() []float64 { return []float64{g.Total, g.Area} }

// Energy returns the weighted sum of the parts.
func (g *Geometry) Energy(s *Scene, c *Candidate, cells []float64) float64 {
	if cells == nil {
		return weightedSum(g.PartWeights(), cachedParts(g, s, c))
	}
	n := len(cells)
	maps := [][]float64{make([]float64, n), make([]float64, n)}
	parts := g.Parts(s, c, maps)
	for i, w := range g.PartWeights() {
		for k, v := range maps[i] {
			cells[k] += w * v
		}
	}
	return weightedSum(g.PartWeights(), parts)
}

// Parts returns total and area.
func (g *Geometry) Parts(s *Scene, c *Candidate, cells [][]float64) []float64 {
	h := s.History
	area := h.Resolution * h.Resolution
	totalCells, areaCells := partCells(cells, 0), partCells(cells, 1)
	var total, blobArea float64
	for t := range c.frames {
		prev, cur := s.previous(c, t), &c.frames[t]

		dm := cur.mass - prev.mass
		allowance := cur.bandMass
		if dm < 0 {
			allowance = prev.bandMass
		}
		if excess := math.Abs(dm) - allowance; excess > 0 {
			total += excess * area
			if totalCells != nil {
				spreadOverChange(prev.plane, cur.plane, excess*area, totalCells)
			}
		}

		var perMass []float64
		for b, r := range c.ref[t] {
			if r < 0 {
				continue
			}
			cb, rb := &cur.blobs[b], &s.last.blobs[r]
			if cb.nearBorder(h.Height, h.Width, 1) || rb.nearBorder(h.Height, h.Width, 1) {
				continue
			}
			v := math.Abs(cb.Mass-rb.Mass) * area
			blobArea += v
			if areaCells != nil && v > 0 {
				if perMass == nil {
					perMass = make([]float64, len(cur.blobs))
				}
				perMass[b] = v / cb.Mass
			}
		}
		if perMass != nil {
			spreadOverBlobs(cur, perMass, areaCells)
		}
	}
	return []float64{total, blobArea}
}

// spreadOverChange adds v to cells in proportion to |cur − prev| per cell.
func spreadOverChange(prev, cur []float32, v float64, cells []float64) {
	var sum float64
	for k := range cur {
		sum += math.Abs(float64(cur[k] - prev[k]))
	}
	if sum == 0 {
		return
	}
	for k := range cur {
		cells[k] += v * math.Abs(float64(cur[k]-prev[k])) / sum
	}
}
