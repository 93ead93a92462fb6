package ebm

import "math"

// LogSumExp returns log Σ exp(x_i), computed without overflow. It returns
// −Inf for an empty slice or when every x_i is −Inf.
func LogSumExp(x []float64) float64 {
	maxX := math.Inf(-1)
	for _, v := range x {
		maxX = math.Max(maxX, v)
	}
	if math.IsInf(maxX, 0) {
		return maxX
	}
	var sum float64
	for _, v := range x {
		sum += math.Exp(v - maxX)
	}
	return maxX + math.Log(sum)
}

// FreeEnergy returns −T·log Σ exp(−E_k/T), the free energy of the candidate
// set at temperature T. Candidates with E = +Inf do not contribute.
func FreeEnergy(energies []float64, T float64) float64 {
	maxNeg := math.Inf(-1)
	for _, e := range energies {
		maxNeg = math.Max(maxNeg, -e/T)
	}
	if math.IsInf(maxNeg, 0) {
		return -T * maxNeg
	}
	var sum float64
	for _, e := range energies {
		sum += math.Exp(-e/T - maxNeg)
	}
	return -T * (maxNeg + math.Log(sum))
}

// Boltzmann writes softmax(−E/T) over the candidates to p and returns the
// free energy. Candidates with E = +Inf get probability 0. When every energy
// is +Inf, p is all zero and the free energy is +Inf. It panics when T is not
// positive or the lengths differ.
func Boltzmann(p, energies []float64, T float64) float64 {
	if !(T > 0) {
		panic("ebm: temperature must be positive")
	}
	if len(p) != len(energies) {
		panic("ebm: probability and energy slices differ in length")
	}
	f := FreeEnergy(energies, T)
	if math.IsInf(f, 1) {
		clear(p)
		return f
	}
	for k, e := range energies {
		p[k] = math.Exp((f - e) / T)
	}
	return f
}

// Argmin returns the index of the lowest energy, or -1 when the slice is
// empty or every energy is +Inf or NaN.
func Argmin(energies []float64) int {
	best, bestE := -1, math.Inf(1)
	for k, e := range energies {
		if e < bestE {
			best, bestE = k, e
		}
	}
	return best
}
