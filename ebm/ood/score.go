package ood

import "math"

// EnergyScore returns the free energy E(x) = −T·logsumexp(f/T) of the logits
// f at temperature T > 0. Higher values mean the input is less like the
// training distribution. It returns +Inf for empty logits and panics for a
// non-positive or NaN temperature.
func EnergyScore(logits []float64, T float64) float64 {
	if !(T > 0) {
		panic("ood: temperature must be positive")
	}
	if len(logits) == 0 {
		return math.Inf(1)
	}
	maxScaled := math.Inf(-1)
	for _, f := range logits {
		maxScaled = math.Max(maxScaled, f/T)
	}
	if math.IsInf(maxScaled, 0) {
		return -T * maxScaled
	}
	var sum float64
	for _, f := range logits {
		sum += math.Exp(f/T - maxScaled)
	}
	return -T * (maxScaled + math.Log(sum))
}

// MaxSoftmax returns the maximum softmax probability max_k softmax(f)_k of the
// logits f, in [1/len(f), 1]. Higher values mean the input is more like the
// training distribution. It returns NaN for empty logits and when the largest
// logit is infinite.
func MaxSoftmax(logits []float64) float64 {
	if len(logits) == 0 {
		return math.NaN()
	}
	maxLogit := math.Inf(-1)
	for _, f := range logits {
		maxLogit = math.Max(maxLogit, f)
	}
	if math.IsInf(maxLogit, 0) {
		return math.NaN()
	}
	var sum float64
	for _, f := range logits {
		sum += math.Exp(f - maxLogit)
	}
	return 1 / sum
}
