package energy

// MapPrior penalises occupancy off the drivable area: the sum over frames
// and cells of p·(1 − drivable), in m². Without a drivable mask its energy
// is 0.
type MapPrior struct {
	W float64 // term weight
}

// NewMapPrior returns the map-prior term with weight 1.
func NewMapPrior() *MapPrior { return &MapPrior{W: 1} }

// Name returns "map_prior".
func (*MapPrior) Name() string { return "map_prior" }

// Weight returns the term weight.
func (m *MapPrior) Weight() float64 { return m.W }

// PartNames returns the single part, "off_road".
func (*MapPrior) PartNames() []string { return []string{"off_road"} }

// Energy returns the off-road mass.
func (m *MapPrior) Energy(s *Scene, c *Candidate, cells []float64) float64 {
	if cells == nil {
		return cachedParts(m, s, c)[0]
	}
	return m.Parts(s, c, [][]float64{cells})[0]
}

// Parts returns the off-road mass, m².
func (m *MapPrior) Parts(s *Scene, c *Candidate, cells [][]float64) []float64 {
	if s.Drivable == nil {
		return []float64{0}
	}
	area := s.History.Resolution * s.History.Resolution
	out := partCells(cells, 0)
	var sum float64
	for t := range c.frames {
		for k, p := range c.frames[t].plane {
			if p == 0 {
				continue
			}
			v := float64(p) * float64(1-s.Drivable[k]) * area
			sum += v
			if out != nil {
				out[k] += v
			}
		}
	}
	return []float64{sum}
}
