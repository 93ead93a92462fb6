package metrics

import (
	"fmt"
	"math"
)

// TopKAccuracy returns the share of candidate sets whose positive is among
// the k lowest energies. energies is laid out [sets][candidates] and
// positives holds one index per set. Ties count against the positive: its
// rank is the number of other candidates with energy at or below its own.
func TopKAccuracy(energies []float64, candidates int, positives []int, k int) float64 {
	sets := checkSets(energies, candidates, positives)
	hits := 0
	for i, pos := range positives {
		row := energies[i*candidates : (i+1)*candidates]
		rank := 0
		for j, e := range row {
			if j != pos && !(e > row[pos]) {
				rank++
			}
		}
		if rank < k {
			hits++
		}
	}
	return float64(hits) / float64(sets)
}

// EnergyStats holds the mean energies of positives and negatives and their
// gap, mean negative minus mean positive, which grows as a model separates
// them.
type EnergyStats struct {
	PositiveMean, NegativeMean, Gap float64
}

// Energies returns the EnergyStats of energies, laid out
// [sets][candidates], with one positive index per set. Candidates with
// infinite energy (masked) are left out.
func Energies(energies []float64, candidates int, positives []int) EnergyStats {
	checkSets(energies, candidates, positives)
	var pos, neg float64
	var nPos, nNeg int
	for i, p := range positives {
		for j, e := range energies[i*candidates : (i+1)*candidates] {
			if math.IsInf(e, 0) {
				continue
			}
			if j == p {
				pos += e
				nPos++
			} else {
				neg += e
				nNeg++
			}
		}
	}
	s := EnergyStats{PositiveMean: pos / float64(nPos), NegativeMean: neg / float64(nNeg)}
	s.Gap = s.NegativeMean - s.PositiveMean
	return s
}

// CollisionRate returns the share of candidate sets whose lowest-energy
// candidate collides according to collides(set, candidate). energies is
// laid out [sets][candidates]; sets whose energies are all +Inf or NaN
// count as collisions, because nothing safe was selected.
func CollisionRate(energies []float64, candidates int, collides func(set, candidate int) bool) float64 {
	if candidates <= 0 || len(energies)%candidates != 0 || len(energies) == 0 {
		panic(fmt.Sprintf("metrics: %d energies do not form sets of %d candidates", len(energies), candidates))
	}
	sets := len(energies) / candidates
	hits := 0
	for i := range sets {
		best, bestE := -1, math.Inf(1)
		for j, e := range energies[i*candidates : (i+1)*candidates] {
			if e < bestE {
				best, bestE = j, e
			}
		}
		if best < 0 || collides(i, best) {
			hits++
		}
	}
	return float64(hits) / float64(sets)
}

func checkSets(energies []float64, candidates int, positives []int) int {
	if candidates <= 0 || len(energies) != candidates*len(positives) || len(positives) == 0 {
		panic(fmt.Sprintf("metrics: %d energies do not form %d sets of %d candidates", len(energies), len(positives), candidates))
	}
	for i, p := range positives {
		if p < 0 || p >= candidates {
			panic(fmt.Sprintf("metrics: positive %d of set %d is outside [0, %d)", p, i, candidates))
		}
	}
	return len(positives)
}
