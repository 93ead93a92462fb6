package train

import "github.com/ebm-av/ebm_av/ebm"

// Model is an energy with trainable parameters.
type Model interface {
	ebm.Differentiable
	// Params returns the parameters; optimisers update the slice in place.
	Params() []float64
	// ParamGrad adds Σ_n dE[n]·∂E(x_n)/∂θ over the candidates of b to
	// grad, which has len(Params()) entries.
	ParamGrad(b ebm.Batch, dE, grad []float64)
}
