package energy

import "math"

// Geometry penalises changes of object shape and size. Its parts:
//   - total: the change of total blob mass between consecutive frames beyond
//     what the border band explains (mass there may enter or leave), m²;
//   - area: for every blob descended through unbroken links from a blob of
//     the last history frame, the absolute difference of their masses beyond
//     AreaTolerance times the reference mass, m², summed over blobs and
//     frames;
//   - lost: for every blob of the last history frame without a descendant
//     in a frame, its mass, m², summed over frames, unless it may have left
//     the view or merged into another blob (see accountedFor).
//
// Blobs touching the grid border are exempt from area, because the border
// cuts them.
type Geometry struct {
	W     float64 // term weight
	Total float64 // weight of the total part, 1/m²
	Area  float64 // weight of the area part, 1/m²
	Lost  float64 // weight of the lost part, 1/m²
	// AreaTolerance is the free relative change of a blob's mass, and
	// AreaSlack the free absolute change, m². A shape rasterised at another
	// sub-cell offset or heading changes its covered mass by a few percent,
	// and by up to a few cells for a pedestrian-sized disc.
	AreaTolerance, AreaSlack float64
}

// NewGeometry returns the geometry term with weight 1, part weights 1 and a
// free area change of 10 % plus 0.5 m².
func NewGeometry() *Geometry {
	return &Geometry{W: 1, Total: 1, Area: 1, Lost: 1, AreaTolerance: 0.1, AreaSlack: 0.5}
}

// Name returns "geometry".
func (*Geometry) Name() string { return "geometry" }

// Weight returns the term weight.
func (g *Geometry) Weight() float64 { return g.W }

// PartNames returns the names of the parts.
func (*Geometry) PartNames() []string { return []string{"total", "area", "lost"} }

// PartWeights returns the weights of the parts.
func (g *Geometry) PartWeights() []float64 { return []float64{g.Total, g.Area, g.Lost} }

// Energy returns the weighted sum of the parts.
func (g *Geometry) Energy(s *Scene, c *Candidate, cells []float64) float64 {
	return decomposedEnergy(g, s, c, cells)
}

// Parts returns total, area and lost.
func (g *Geometry) Parts(s *Scene, c *Candidate, cells [][]float64) []float64 {
	h := s.History
	area := h.Resolution * h.Resolution
	totalCells, areaCells, lostCells := partCells(cells, 0), partCells(cells, 1), partCells(cells, 2)
	var total, blobArea, lost float64
	// lastSeen[r] is the latest descendant of history blob r.
	lastSeen := make([]sighting, len(s.last.blobs))
	for r := range s.last.blobs {
		lastSeen[r] = sighting{frame: -1, features: &s.last, blob: r}
	}
	seen := make([]bool, len(s.last.blobs))
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
			v := math.Max(0, math.Abs(cb.Mass-rb.Mass)*area-g.AreaTolerance*rb.Mass*area-g.AreaSlack)
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

		clear(seen)
		for b, r := range c.ref[t] {
			if r >= 0 {
				seen[r] = true
				lastSeen[r] = sighting{frame: t, features: cur, blob: b}
			}
		}
		for r, ok := range seen {
			if ok {
				continue
			}
			cell, accounted := s.accountedFor(lastSeen[r], t, cur)
			if accounted {
				continue
			}
			v := s.last.blobs[r].Mass * area
			lost += v
			if lostCells != nil {
				lostCells[cell] += v
			}
		}
	}
	return []float64{total, blobArea, lost}
}

// sighting is the latest frame (−1 for the last history frame) and blob in
// which a history blob had a descendant.
type sighting struct {
	frame    int
	features *frameFeatures
	blob     int
}

// accountedFor reports whether a history blob without a descendant in
// forecast frame t (features cur), last seen in sighting v, is explained.
// It is when the blob touched the grid border when last seen, because the
// border cuts it and biases its velocity. It is also when its centroid,
// extrapolated at its last velocity, lies outside the grid or the observed
// region (it left the view) or on an occupied cell of cur (it merged into
// another blob). Without a velocity, a last centroid in the border band
// explains it. The first result is the cell of the last centroid.
func (s *Scene) accountedFor(v sighting, t int, cur *frameFeatures) (int, bool) {
	h := s.History
	b := &v.features.blobs[v.blob]
	cell := int(b.Row)*h.Width + int(b.Col)
	if b.nearBorder(h.Height, h.Width, 1) {
		return cell, true
	}
	if v.features.velOK == nil || !v.features.velOK[v.blob] {
		return cell, s.inBorderBand(cell)
	}
	dt := float64(t-v.frame) * h.TimeStep
	vel := v.features.vel[v.blob]
	col, row := b.Col+vel.Col*dt, b.Row+vel.Row*dt
	if !s.observed(col, row) {
		return cell, true
	}
	return cell, cur.plane[int(row)*h.Width+int(col)] >= s.Config.BlobThreshold
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
