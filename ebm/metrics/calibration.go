package metrics

import (
	"fmt"
	"math"
)

// Bin is one bin of a reliability diagram: the examples whose confidence
// lies in [Lower, Upper), with their mean confidence and accuracy.
type Bin struct {
	Lower, Upper float64
	Count        int
	Confidence   float64 // mean confidence in the bin
	Accuracy     float64 // share of correct predictions in the bin
}

// Reliability sorts the predictions into bins equal-width confidence bins
// over [0, 1] (the last bin includes 1). confidences are the probabilities
// of the predicted class, and correct reports whether each prediction was
// right. It panics when the slices differ in length, bins < 1 or a
// confidence lies outside [0, 1].
func Reliability(confidences []float64, correct []bool, bins int) []Bin {
	if len(confidences) != len(correct) || bins < 1 {
		panic(fmt.Sprintf("metrics: reliability over %d confidences, %d labels and %d bins", len(confidences), len(correct), bins))
	}
	out := make([]Bin, bins)
	for b := range out {
		out[b].Lower, out[b].Upper = float64(b)/float64(bins), float64(b+1)/float64(bins)
	}
	for i, c := range confidences {
		if !(c >= 0 && c <= 1) {
			panic(fmt.Sprintf("metrics: confidence %d is %g, outside [0, 1]", i, c))
		}
		b := min(int(c*float64(bins)), bins-1)
		out[b].Count++
		out[b].Confidence += c
		if correct[i] {
			out[b].Accuracy++
		}
	}
	for b := range out {
		if n := out[b].Count; n > 0 {
			out[b].Confidence /= float64(n)
			out[b].Accuracy /= float64(n)
		}
	}
	return out
}

// ECE returns the expected calibration error Σ_b (n_b/N)·|acc_b − conf_b|
// over the reliability bins. It returns NaN for no predictions.
func ECE(confidences []float64, correct []bool, bins int) float64 {
	if len(confidences) == 0 {
		return math.NaN()
	}
	var ece float64
	for _, b := range Reliability(confidences, correct, bins) {
		ece += float64(b.Count) * math.Abs(b.Accuracy-b.Confidence)
	}
	return ece / float64(len(confidences))
}
