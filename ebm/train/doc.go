// Package train fits energies: ranking objectives (pairwise margin and
// softmax over a positive and its negatives), noise-contrastive estimation,
// maximum likelihood with a Langevin negative phase (optionally persistent),
// contrastive divergence CD-k, and Hyvärinen score matching (exact Hessian
// trace, and a denoising variant for larger dimensions); the optimisers SGD
// with momentum and Adam, and gradient clipping.
//
// Objectives produce ∂loss/∂E per candidate, and Model.ParamGrad turns that
// into a parameter gradient, so every objective works with every model:
// the learned heads of package nn and the linear-in-parameters energies of
// this package. All randomness comes from a caller-provided *rand.Rand.
package train
