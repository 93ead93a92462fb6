package toy

import "github.com/ebm-av/ebm_av/ebm"

// Rosenbrock is the energy E(x) = Σ_i 100 (x_{i+1} − x_i²)² + (1 − x_i)² in
// N ≥ 2 dimensions. Its global minimum is 0 at (1, …, 1).
type Rosenbrock struct{ N int }

// Dim returns N.
func (r Rosenbrock) Dim() int { return r.N }

func (r Rosenbrock) eval(x, grad []float64) float64 {
	if grad != nil {
		clear(grad)
	}
	var e float64
	for i := 0; i+1 < len(x); i++ {
		a := x[i+1] - x[i]*x[i]
		c := 1 - x[i]
		e += 100*a*a + c*c
		if grad != nil {
			grad[i] += -400*a*x[i] - 2*c
			grad[i+1] += 200 * a
		}
	}
	return e
}

// Energy writes E for every candidate of b.
func (r Rosenbrock) Energy(b ebm.Batch, out []float64) {
	ebm.Check(r, b, out, nil)
	for n := range out {
		out[n] = r.eval(b.X[n*b.Dim:(n+1)*b.Dim], nil)
	}
}

// EnergyGrad writes E and ∂E/∂x for every candidate of b.
func (r Rosenbrock) EnergyGrad(b ebm.Batch, out, grad []float64) {
	ebm.Check(r, b, out, grad)
	for n := range out {
		out[n] = r.eval(b.X[n*b.Dim:(n+1)*b.Dim], grad[n*b.Dim:(n+1)*b.Dim])
	}
}
