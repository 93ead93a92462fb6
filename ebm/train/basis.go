package train

import "math"

// Basis is a set of features φ(x) of a candidate x with their first and
// second derivatives, the building block of LinearEnergy.
type Basis interface {
	// Dim returns the candidate dimension and Len the number of features.
	Dim() int
	Len() int
	// Eval writes φ(x) to phi. When jac is non-nil it writes the Jacobian
	// ∂φ_k/∂x_i to jac ([Len][Dim]); when lap is non-nil it writes the
	// Laplacian Σ_i ∂²φ_k/∂x_i² to lap ([Len]).
	Eval(x, phi, jac, lap []float64)
}

// QuadraticBasis has the features of a Gaussian energy in D dimensions:
// x_i for every i, then ½x_i² and x_i·x_j (i < j) in row-major upper
// triangular order, then 1 when Bias is set. With parameters θ the energy
// θᵀφ(x) is ½xᵀPx − hᵀx (+ c), see GaussianParams.
type QuadraticBasis struct {
	D    int
	Bias bool
}

// Dim returns D.
func (q QuadraticBasis) Dim() int { return q.D }

// Len returns D + D(D+1)/2, plus one with Bias.
func (q QuadraticBasis) Len() int {
	n := q.D + q.D*(q.D+1)/2
	if q.Bias {
		n++
	}
	return n
}

// Eval writes the features and their derivatives.
func (q QuadraticBasis) Eval(x, phi, jac, lap []float64) {
	d := q.D
	if jac != nil {
		clear(jac)
	}
	if lap != nil {
		clear(lap)
	}
	for i := range d {
		phi[i] = x[i]
		if jac != nil {
			jac[i*d+i] = 1
		}
	}
	k := d
	for i := range d {
		for j := i; j < d; j++ {
			if i == j {
				phi[k] = 0.5 * x[i] * x[i]
				if jac != nil {
					jac[k*d+i] = x[i]
				}
				if lap != nil {
					lap[k] = 1
				}
			} else {
				phi[k] = x[i] * x[j]
				if jac != nil {
					jac[k*d+i] = x[j]
					jac[k*d+j] = x[i]
				}
			}
			k++
		}
	}
	if q.Bias {
		phi[k] = 1
	}
}

// RBFBasis has 1-D Gaussian bumps exp(−(x − c)²/(2w²)) at the Centers with
// width Width, followed by ½x², which keeps the energy bounded below in the
// tails when its coefficient is positive.
type RBFBasis struct {
	Centers []float64
	Width   float64
}

// Dim returns 1.
func (r RBFBasis) Dim() int { return 1 }

// Len returns len(Centers) + 1.
func (r RBFBasis) Len() int { return len(r.Centers) + 1 }

// Eval writes the features and their derivatives.
func (r RBFBasis) Eval(x, phi, jac, lap []float64) {
	w2 := r.Width * r.Width
	for k, c := range r.Centers {
		u := x[0] - c
		g := math.Exp(-u * u / (2 * w2))
		phi[k] = g
		if jac != nil {
			jac[k] = -u / w2 * g
		}
		if lap != nil {
			lap[k] = (u*u/(w2*w2) - 1/w2) * g
		}
	}
	n := len(r.Centers)
	phi[n] = 0.5 * x[0] * x[0]
	if jac != nil {
		jac[n] = x[0]
	}
	if lap != nil {
		lap[n] = 1
	}
}
