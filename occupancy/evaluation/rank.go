package evaluation

import (
	"math"
	"math/rand/v2"

	"github.com/ebm-av/ebm_av/occupancy"
)

// NeutralSource is the source name given to the real future inside a
// candidate set, so that nothing in the set marks it.
const NeutralSource = "candidate"

// InsertReal returns a copy of set with real inserted at a position drawn
// from rng under NeutralSource, and that position.
func InsertReal(set occupancy.ForecastSet, real *occupancy.Sequence, rng *rand.Rand) (occupancy.ForecastSet, int) {
	pos := rng.IntN(len(set) + 1)
	out := make(occupancy.ForecastSet, 0, len(set)+1)
	out = append(out, set[:pos]...)
	out = append(out, occupancy.Forecast{Source: NeutralSource, Occupancy: real})
	out = append(out, set[pos:]...)
	return out, pos
}

// Rank returns the 1-based rank of candidate real by ascending energy. Ties
// count against it: a candidate with the same energy ranks ahead. A NaN
// energy of real ranks last.
func Rank(energies []float64, real int) int {
	e := energies[real]
	if math.IsNaN(e) {
		return len(energies)
	}
	rank := 1
	for k, v := range energies {
		if k != real && v <= e {
			rank++
		}
	}
	return rank
}

// Gap returns the mean energy of the candidates other than real minus the
// energy of real: positive when real has lower energy on average. It is 0
// for a single candidate.
func Gap(energies []float64, real int) float64 {
	if len(energies) < 2 {
		return 0
	}
	var sum float64
	for k, v := range energies {
		if k != real {
			sum += v
		}
	}
	return sum/float64(len(energies)-1) - energies[real]
}

// Select returns the index of the lowest energy among the candidates other
// than exclude (−1 to consider all), or −1 when none is finite.
func Select(energies []float64, exclude int) int {
	best, bestE := -1, math.Inf(1)
	for k, v := range energies {
		if k != exclude && v < bestE {
			best, bestE = k, v
		}
	}
	return best
}
