package occupancy

// Forecast is one candidate future occupancy with the name of the
// forecaster that produced it. energy.Scorer takes only the sequences
// (Grids), so a name cannot leak which candidate is the real future.
type Forecast struct {
	Source    string
	Occupancy *Sequence
}

// ForecastSet is K candidate futures of one scene.
type ForecastSet []Forecast

// Grids returns the occupancy sequences of the set in order, without names.
func (fs ForecastSet) Grids() []*Sequence {
	out := make([]*Sequence, len(fs))
	for i, f := range fs {
		out[i] = f.Occupancy
	}
	return out
}

// Index returns the position of the forecast named source, or -1.
func (fs ForecastSet) Index(source string) int {
	for i, f := range fs {
		if f.Source == source {
			return i
		}
	}
	return -1
}
