package drift

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// FitThreshold returns the (1−alpha) quantile of null scores, bootstrap
// replicate scores of frames with a trusted calibration, but at least
// floor. The quantile is the smallest score with at most alpha of the
// scores above it.
func FitThreshold(null []float64, alpha, floor float64) (float64, error) {
	if len(null) == 0 {
		return 0, fmt.Errorf("drift: no null scores to fit a threshold: assess calibrated frames first")
	}
	if !(alpha > 0 && alpha < 1) {
		return 0, fmt.Errorf("drift: alpha %v outside (0, 1)", alpha)
	}
	s := slices.Clone(null)
	slices.Sort(s)
	k := int(math.Ceil(float64(len(s))*(1-alpha))) - 1
	k = min(max(k, 0), len(s)-1)
	return math.Max(s[k], floor), nil
}

// Rate is a proportion k/n with a two-sided Clopper–Pearson confidence
// interval.
type Rate struct {
	K, N         int
	Estimate     float64
	Lower, Upper float64
	Confidence   float64
}

// NewRate returns k/n with its Clopper–Pearson interval at the given
// confidence, for example 0.95.
func NewRate(k, n int, confidence float64) Rate {
	r := Rate{K: k, N: n, Confidence: confidence, Estimate: math.NaN(), Lower: 0, Upper: 1}
	if n == 0 {
		return r
	}
	r.Estimate = float64(k) / float64(n)
	a := (1 - confidence) / 2
	if k > 0 {
		r.Lower = distuv.Beta{Alpha: float64(k), Beta: float64(n - k + 1)}.Quantile(a)
	}
	if k < n {
		r.Upper = distuv.Beta{Alpha: float64(k + 1), Beta: float64(n - k)}.Quantile(1 - a)
	}
	return r
}

// String formats the rate as "k/n = p [lo, hi]".
func (r Rate) String() string {
	return fmt.Sprintf("%d/%d = %.3f [%.3f, %.3f]", r.K, r.N, r.Estimate, r.Lower, r.Upper)
}

// FalseAlarms counts null scores above threshold.
func FalseAlarms(null []float64, threshold, confidence float64) Rate {
	k := 0
	for _, s := range null {
		if s > threshold {
			k++
		}
	}
	return NewRate(k, len(null), confidence)
}
