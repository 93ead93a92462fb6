package ebm

// Func adapts per-candidate functions to a Differentiable energy. F returns
// the energy of one candidate; Grad, when set, writes ∂E/∂x to grad and
// returns the energy. EnergyGrad panics when Grad is nil.
type Func struct {
	D    int
	F    func(x []float64) float64
	Grad func(x, grad []float64) float64
}

// Dim returns the number of values per candidate.
func (f Func) Dim() int { return f.D }

// Energy evaluates F on every candidate of b.
func (f Func) Energy(b Batch, out []float64) {
	Check(f, b, out, nil)
	for n := range out {
		out[n] = f.F(b.X[n*b.Dim : (n+1)*b.Dim])
	}
}

// EnergyGrad evaluates Grad on every candidate of b.
func (f Func) EnergyGrad(b Batch, out, grad []float64) {
	Check(f, b, out, grad)
	for n := range out {
		lo, hi := n*b.Dim, (n+1)*b.Dim
		out[n] = f.Grad(b.X[lo:hi], grad[lo:hi])
	}
}
