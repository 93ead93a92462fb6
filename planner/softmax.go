package planner

import "math"

// Softmax writes p_i = exp(−E_i/τ)/Z over the feasible candidates to prob,
// 0 for infeasible ones, and returns log Z = log Σ_feasible exp(−E_i/τ).
// It shifts by the lowest feasible energy before exponentiating
// (log-sum-exp), so large energies neither overflow nor underflow to an
// all-zero distribution. With no feasible candidate, prob is all 0 and
// log Z is −Inf. It panics unless τ > 0 and the slices have equal length.
func Softmax(energy []float64, feasible []bool, temperature float64, prob []float64) (logZ float64) {
	if !(temperature > 0) || len(feasible) != len(energy) || len(prob) != len(energy) {
		panic("planner: Softmax needs temperature > 0 and slices of equal length")
	}
	minE := math.Inf(1)
	for i, e := range energy {
		if feasible[i] {
			minE = math.Min(minE, e)
		}
	}
	if math.IsInf(minE, 1) {
		clear(prob)
		return math.Inf(-1)
	}
	sum := 0.0
	for i, e := range energy {
		prob[i] = 0
		if feasible[i] {
			prob[i] = math.Exp(-(e - minE) / temperature)
			sum += prob[i]
		}
	}
	for i := range prob {
		prob[i] /= sum
	}
	return -minE/temperature + math.Log(sum)
}
