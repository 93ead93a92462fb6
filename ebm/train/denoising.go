package train

import (
	"fmt"
	"math/rand/v2"

	"github.com/ebm-av/ebm_av/ebm"
)

// ScoreModel is a Model that can differentiate its input gradient with
// respect to its parameters, as score matching needs.
type ScoreModel interface {
	Model
	// DirectionalParamGrad adds Σ_n w_n ∂/∂θ [v_n·∇ₓE(x_n)] over the
	// candidates of b to grad, with v laid out like b.X and w of length
	// b.Len().
	DirectionalParamGrad(b ebm.Batch, v, w, grad []float64)
}

// DenoisingScoreMatching is the denoising score matching objective for any
// ScoreModel, including the nn heads: perturb each sample as
// x̃ = x + σε with ε ~ N(0, I) and fit ∇ₓE(x̃) to (x̃ − x)/σ², the score of
// the perturbation kernel with its sign flipped. The minimiser is the
// score of the data convolved with N(0, σ²I). It needs no Hessian, so it
// scales to high-dimensional candidates.
type DenoisingScoreMatching struct {
	Sigma float64
}

// Step draws one noisy copy of every sample in data, adds the gradient of
// the mean loss ½‖∇ₓE(x̃) − (x̃ − x)/σ²‖² to grad and returns the loss.
func (dsm DenoisingScoreMatching) Step(m ScoreModel, data ebm.Batch, rng *rand.Rand, grad []float64) float64 {
	if !(dsm.Sigma > 0) {
		panic(fmt.Sprintf("train: denoising score matching needs a positive sigma, have %g", dsm.Sigma))
	}
	noisy := make([]float64, len(data.X))
	target := make([]float64, len(data.X))
	for i, x := range data.X {
		eps := rng.NormFloat64()
		noisy[i] = x + dsm.Sigma*eps
		target[i] = eps / dsm.Sigma
	}
	b := ebm.NewBatch(data.Size, data.Candidates, data.Dim, noisy)
	energies := make([]float64, b.Len())
	residual := make([]float64, len(noisy))
	m.EnergyGrad(b, energies, residual)

	var loss float64
	for i := range residual {
		residual[i] -= target[i]
		loss += 0.5 * residual[i] * residual[i]
	}
	inv := 1 / float64(b.Len())
	w := make([]float64, b.Len())
	for n := range w {
		w[n] = inv
	}
	// ∂/∂θ ½‖r‖² = ∂/∂θ [r·∇ₓE] with r held fixed.
	m.DirectionalParamGrad(b, residual, w, grad)
	return loss * inv
}
