package toy

import (
	"fmt"
	"math"

	"github.com/ebm-av/ebm_av/ebm"
	"gonum.org/v1/gonum/mat"
)

// Mixture is a Gaussian mixture density p(x) = Σ_k w_k N(x; μ_k, Σ_k) seen
// as the energy E(x) = −log p(x), so that its Boltzmann density at T = 1 is
// exactly p.
type Mixture struct {
	Weights     []float64
	Means       [][]float64
	Covariances []*mat.SymDense
	precisions  [][]float64 // Σ_k⁻¹, d×d row-major
	logNorms    []float64   // −½ (d log 2π + log det Σ_k)
}

// NewMixture returns the mixture with the given weights, means and
// covariances. The weights must be positive and sum to 1, and every
// covariance must be symmetric positive definite.
func NewMixture(weights []float64, means [][]float64, covs []*mat.SymDense) (*Mixture, error) {
	if len(weights) == 0 || len(weights) != len(means) || len(weights) != len(covs) {
		return nil, fmt.Errorf("toy: mixture needs as many means and covariances as weights, have %d, %d, %d",
			len(weights), len(means), len(covs))
	}
	var sum float64
	m := &Mixture{Weights: append([]float64(nil), weights...)}
	for k := range weights {
		if !(weights[k] > 0) {
			return nil, fmt.Errorf("toy: mixture weight %d is %g, must be positive", k, weights[k])
		}
		sum += weights[k]
		d := len(means[k])
		if d != len(means[0]) || covs[k].SymmetricDim() != d {
			return nil, fmt.Errorf("toy: component %d has mean of length %d and covariance %d×%d, want %d",
				k, d, covs[k].SymmetricDim(), covs[k].SymmetricDim(), len(means[0]))
		}
		var chol mat.Cholesky
		if !chol.Factorize(covs[k]) {
			return nil, fmt.Errorf("toy: covariance of component %d is not positive definite", k)
		}
		var precision mat.SymDense
		if err := chol.InverseTo(&precision); err != nil {
			return nil, fmt.Errorf("toy: inverting covariance %d: %w", k, err)
		}
		m.Means = append(m.Means, append([]float64(nil), means[k]...))
		m.Covariances = append(m.Covariances, mat.NewSymDense(d, nil))
		m.Covariances[k].CopySym(covs[k])
		flat := make([]float64, d*d)
		for i := range d {
			for j := range d {
				flat[i*d+j] = precision.At(i, j)
			}
		}
		m.precisions = append(m.precisions, flat)
		m.logNorms = append(m.logNorms, -0.5*(float64(d)*math.Log(2*math.Pi)+chol.LogDet()))
	}
	if math.Abs(sum-1) > 1e-9 {
		return nil, fmt.Errorf("toy: mixture weights sum to %g, must sum to 1", sum)
	}
	return m, nil
}

// Dim returns the dimension of the components.
func (m *Mixture) Dim() int { return len(m.Means[0]) }

// Responsibilities writes the posterior component probabilities
// p(k | x) to r, which has one entry per component.
func (m *Mixture) Responsibilities(x, r []float64) {
	for k := range m.Weights {
		r[k] = math.Log(m.Weights[k]) + m.componentLogProb(k, x)
	}
	lse := ebm.LogSumExp(r)
	for k := range r {
		r[k] = math.Exp(r[k] - lse)
	}
}

func (m *Mixture) componentLogProb(k int, x []float64) float64 {
	p, mu := m.precisions[k], m.Means[k]
	d := len(mu)
	var q float64
	for i := range mu {
		for j := range mu {
			q += (x[i] - mu[i]) * p[i*d+j] * (x[j] - mu[j])
		}
	}
	return m.logNorms[k] - 0.5*q
}

// LogProb returns log p(x).
func (m *Mixture) LogProb(x []float64) float64 {
	var r [8]float64
	logs := r[:0]
	if len(m.Weights) > len(r) {
		logs = make([]float64, 0, len(m.Weights))
	}
	for k := range m.Weights {
		logs = append(logs, math.Log(m.Weights[k])+m.componentLogProb(k, x))
	}
	return ebm.LogSumExp(logs)
}

// Energy writes −log p(x) for every candidate of b.
func (m *Mixture) Energy(b ebm.Batch, out []float64) {
	ebm.Check(m, b, out, nil)
	for n := range out {
		out[n] = -m.LogProb(b.X[n*b.Dim : (n+1)*b.Dim])
	}
}

// EnergyGrad writes −log p(x) and its gradient Σ_k p(k|x) Σ_k⁻¹ (x − μ_k)
// for every candidate of b.
func (m *Mixture) EnergyGrad(b ebm.Batch, out, grad []float64) {
	ebm.Check(m, b, out, grad)
	r := make([]float64, len(m.Weights))
	d := b.Dim
	for n := range out {
		x, g := b.X[n*d:(n+1)*d], grad[n*d:(n+1)*d]
		for k := range r {
			r[k] = math.Log(m.Weights[k]) + m.componentLogProb(k, x)
		}
		lse := ebm.LogSumExp(r)
		out[n] = -lse
		clear(g)
		for k, p := range m.precisions {
			rk := math.Exp(r[k] - lse)
			mu := m.Means[k]
			for i := range d {
				var s float64
				for j := range d {
					s += p[i*d+j] * (x[j] - mu[j])
				}
				g[i] += rk * s
			}
		}
	}
}
