// Package gradcheck compares analytic gradients with central finite
// differences for the tests of the ebm packages.
package gradcheck

import (
	"math"
)

// Step is the central-difference step. With float64 and smooth functions of
// order-one inputs, the truncation error h² and rounding error ε/h are both
// near 1e-10.
const Step = 1e-5

// Numeric returns the central-difference gradient of f at x. It perturbs x
// in place and restores it.
func Numeric(f func(x []float64) float64, x []float64) []float64 {
	g := make([]float64, len(x))
	for i := range x {
		orig := x[i]
		x[i] = orig + Step
		fp := f(x)
		x[i] = orig - Step
		fm := f(x)
		x[i] = orig
		g[i] = (fp - fm) / (2 * Step)
	}
	return g
}

// RelativeError returns ‖a − b‖ / max(‖a‖, ‖b‖), or 0 when both are zero.
func RelativeError(a, b []float64) float64 {
	var diff, na, nb float64
	for i := range a {
		diff += (a[i] - b[i]) * (a[i] - b[i])
		na += a[i] * a[i]
		nb += b[i] * b[i]
	}
	scale := math.Sqrt(math.Max(na, nb))
	if scale == 0 {
		return 0
	}
	return math.Sqrt(diff) / scale
}
