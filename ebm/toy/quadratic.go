package toy

import (
	"github.com/ebm-av/ebm_av/ebm"
	"gonum.org/v1/gonum/mat"
)

// Quadratic is the energy E(x) = ½ (x − Center)ᵀ A (x − Center) with a
// symmetric positive definite A. Its minimum is 0 at Center.
type Quadratic struct {
	A      *mat.SymDense
	Center []float64
}

// Dim returns the dimension of Center.
func (q Quadratic) Dim() int { return len(q.Center) }

func (q Quadratic) eval(x, grad []float64) float64 {
	n := len(q.Center)
	var e float64
	for i := range n {
		var gi float64
		for j := range n {
			gi += q.A.At(i, j) * (x[j] - q.Center[j])
		}
		e += 0.5 * (x[i] - q.Center[i]) * gi
		if grad != nil {
			grad[i] = gi
		}
	}
	return e
}

// Energy writes E for every candidate of b.
func (q Quadratic) Energy(b ebm.Batch, out []float64) {
	ebm.Check(q, b, out, nil)
	for n := range out {
		out[n] = q.eval(b.X[n*b.Dim:(n+1)*b.Dim], nil)
	}
}

// EnergyGrad writes E and ∂E/∂x = A (x − Center) for every candidate of b.
func (q Quadratic) EnergyGrad(b ebm.Batch, out, grad []float64) {
	ebm.Check(q, b, out, grad)
	for n := range out {
		out[n] = q.eval(b.X[n*b.Dim:(n+1)*b.Dim], grad[n*b.Dim:(n+1)*b.Dim])
	}
}
