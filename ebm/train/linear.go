package train

import (
	"fmt"

	"github.com/ebm-av/ebm_av/ebm"
	"gonum.org/v1/gonum/mat"
)

// LinearEnergy is the exponential-family energy E(x) = θᵀφ(x) over a
// Basis. It is linear in θ, which makes score matching a least-squares
// problem with a closed-form solution.
type LinearEnergy struct {
	Basis Basis
	Theta []float64
	phi   []float64
	jac   []float64
}

// NewLinearEnergy returns the energy over basis with θ = 0.
func NewLinearEnergy(basis Basis) *LinearEnergy {
	return &LinearEnergy{
		Basis: basis,
		Theta: make([]float64, basis.Len()),
		phi:   make([]float64, basis.Len()),
		jac:   make([]float64, basis.Len()*basis.Dim()),
	}
}

// Dim returns the basis dimension.
func (l *LinearEnergy) Dim() int { return l.Basis.Dim() }

// Params returns θ.
func (l *LinearEnergy) Params() []float64 { return l.Theta }

// Energy writes θᵀφ(x) for every candidate of b.
func (l *LinearEnergy) Energy(b ebm.Batch, out []float64) {
	ebm.Check(l, b, out, nil)
	d := b.Dim
	for n := range out {
		l.Basis.Eval(b.X[n*d:(n+1)*d], l.phi, nil, nil)
		out[n] = dot(l.Theta, l.phi)
	}
}

// EnergyGrad writes θᵀφ(x) and ∂E/∂x = Jᵀθ for every candidate of b.
func (l *LinearEnergy) EnergyGrad(b ebm.Batch, out, grad []float64) {
	ebm.Check(l, b, out, grad)
	d := b.Dim
	for n := range out {
		l.Basis.Eval(b.X[n*d:(n+1)*d], l.phi, l.jac, nil)
		out[n] = dot(l.Theta, l.phi)
		g := grad[n*d : (n+1)*d]
		clear(g)
		for k, th := range l.Theta {
			for i := range d {
				g[i] += th * l.jac[k*d+i]
			}
		}
	}
}

// ParamGrad adds Σ_n dE[n]·φ(x_n) to grad.
func (l *LinearEnergy) ParamGrad(b ebm.Batch, dE, grad []float64) {
	d := b.Dim
	for n, w := range dE {
		if w == 0 {
			continue
		}
		l.Basis.Eval(b.X[n*d:(n+1)*d], l.phi, nil, nil)
		for k, v := range l.phi {
			grad[k] += w * v
		}
	}
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// GaussianParams converts the parameters of a LinearEnergy over
// QuadraticBasis{D: d} into the mean and covariance of exp(−E), where
// E = ½xᵀPx − hᵀx: Σ = P⁻¹ and μ = P⁻¹h. It returns an error when P is not
// positive definite, so exp(−E) is not normalisable.
func GaussianParams(theta []float64, d int) (mean []float64, cov *mat.SymDense, err error) {
	p := mat.NewSymDense(d, nil)
	h := mat.NewVecDense(d, nil)
	for i := range d {
		h.SetVec(i, -theta[i])
	}
	k := d
	for i := range d {
		for j := i; j < d; j++ {
			p.SetSym(i, j, theta[k])
			k++
		}
	}
	var chol mat.Cholesky
	if !chol.Factorize(p) {
		return nil, nil, fmt.Errorf("train: precision matrix %v is not positive definite", mat.Formatted(p, mat.Squeeze()))
	}
	cov = mat.NewSymDense(d, nil)
	if err := chol.InverseTo(cov); err != nil {
		return nil, nil, fmt.Errorf("train: inverting the precision matrix: %w", err)
	}
	var mu mat.VecDense
	if err := chol.SolveVecTo(&mu, h); err != nil {
		return nil, nil, fmt.Errorf("train: solving for the mean: %w", err)
	}
	return mat.Col(nil, 0, &mu), cov, nil
}

// DirectionalParamGrad adds Σ_n w_n J_φ(x_n) v_n, the parameter gradient
// of Σ_n w_n v_n·∇ₓE(x_n), to grad.
func (l *LinearEnergy) DirectionalParamGrad(b ebm.Batch, v, w, grad []float64) {
	d := b.Dim
	for n := range b.Len() {
		if w[n] == 0 {
			continue
		}
		l.Basis.Eval(b.X[n*d:(n+1)*d], l.phi, l.jac, nil)
		vn := v[n*d : (n+1)*d]
		for k := range grad {
			grad[k] += w[n] * dot(l.jac[k*d:(k+1)*d], vn)
		}
	}
}
