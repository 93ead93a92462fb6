package train

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Hyvärinen score matching fits E so that the model score −∇ₓE matches the
// data score without the partition function. For E = θᵀφ the objective
//
//	J(θ) = mean over data of ½‖∇ₓE(x)‖² − ΔₓE(x)
//
// is ½θᵀAθ − θᵀb with A = mean(J_φ J_φᵀ) and b = mean(Δφ), where J_φ is the
// Jacobian of the features and Δ the Laplacian (the exact Hessian trace).

// ScoreMatchingLoss returns J(θ) on the n samples x ([n][Dim]) and writes
// ∂J/∂θ to grad.
func ScoreMatchingLoss(basis Basis, theta, x []float64, n int, grad []float64) float64 {
	d, m := basis.Dim(), basis.Len()
	phi, jac, lap := make([]float64, m), make([]float64, m*d), make([]float64, m)
	g := make([]float64, d)
	clear(grad)
	var loss float64
	for s := range n {
		basis.Eval(x[s*d:(s+1)*d], phi, jac, lap)
		// g = Jᵀθ = ∇ₓE.
		clear(g)
		for k, th := range theta {
			for i := range d {
				g[i] += th * jac[k*d+i]
			}
		}
		loss += 0.5*dot(g, g) - dot(theta, lap)
		for k := range theta {
			grad[k] += dot(jac[k*d:(k+1)*d], g) - lap[k]
		}
	}
	inv := 1 / float64(n)
	for k := range grad {
		grad[k] *= inv
	}
	return loss * inv
}

// FitScoreMatching returns the θ minimising J(θ) + ½λ‖θ‖² on the n samples
// x, by solving (A + λI)θ = b. It returns an error when the system is
// singular, which a small ridge λ > 0 prevents.
func FitScoreMatching(basis Basis, x []float64, n int, ridge float64) ([]float64, error) {
	d, m := basis.Dim(), basis.Len()
	phi, jac, lap := make([]float64, m), make([]float64, m*d), make([]float64, m)
	a := mat.NewSymDense(m, nil)
	b := mat.NewVecDense(m, nil)
	jm := mat.NewDense(m, d, jac)
	for s := range n {
		basis.Eval(x[s*d:(s+1)*d], phi, jac, lap)
		a.SymRankK(a, 1, jm)
		for k := range m {
			b.SetVec(k, b.AtVec(k)+lap[k])
		}
	}
	return solveNormal(a, b, n, ridge)
}

// FitDenoisingScoreMatching returns the θ minimising the denoising score
// matching loss mean ½‖∇ₓE(x̃) − (x̃ − x)/σ²‖² + ½λ‖θ‖² with x̃ = x + σε,
// ε ~ N(0, I), drawing noisy copies of each of the n samples. It needs
// only first derivatives, so it suits bases whose Laplacian is costly. The
// fit is the score of the data convolved with N(0, σ²I), not of the data.
func FitDenoisingScoreMatching(basis Basis, x []float64, n int, sigma float64, copies int, ridge float64, rng *rand.Rand) ([]float64, error) {
	d, m := basis.Dim(), basis.Len()
	phi, jac := make([]float64, m), make([]float64, m*d)
	noisy, target := make([]float64, d), make([]float64, d)
	a := mat.NewSymDense(m, nil)
	b := mat.NewVecDense(m, nil)
	jm := mat.NewDense(m, d, jac)
	for s := range n {
		for range copies {
			for i := range d {
				eps := rng.NormFloat64()
				noisy[i] = x[s*d+i] + sigma*eps
				target[i] = eps / sigma
			}
			basis.Eval(noisy, phi, jac, nil)
			a.SymRankK(a, 1, jm)
			for k := range m {
				b.SetVec(k, b.AtVec(k)+dot(jac[k*d:(k+1)*d], target))
			}
		}
	}
	return solveNormal(a, b, n*copies, ridge)
}

// solveNormal solves (A/n + λI)θ = b/n.
func solveNormal(a *mat.SymDense, b *mat.VecDense, n int, ridge float64) ([]float64, error) {
	m := b.Len()
	inv := 1 / float64(n)
	for i := range m {
		for j := i; j < m; j++ {
			v := a.At(i, j) * inv
			if i == j {
				v += ridge
			}
			a.SetSym(i, j, v)
		}
	}
	b.ScaleVec(inv, b)
	var chol mat.Cholesky
	if !chol.Factorize(a) {
		return nil, fmt.Errorf("train: score matching system of %d features is singular; add a ridge or more samples", m)
	}
	var theta mat.VecDense
	if err := chol.SolveVecTo(&theta, b); err != nil {
		return nil, fmt.Errorf("train: solving the score matching system: %w", err)
	}
	return mat.Col(nil, 0, &theta), nil
}
