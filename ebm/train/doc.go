// Package train fits energies. It provides ranking objectives (pairwise
// margin, and softmax over a positive and its negatives), noise-contrastive
// estimation, maximum likelihood with a Langevin negative phase (optionally
// persistent), contrastive divergence CD-k, and Hyvärinen score matching.
// Score matching uses the exact Hessian trace, or a denoising variant that
// needs only first derivatives for larger dimensions. The optimisers are SGD
// with momentum and Adam, with gradient clipping.
//
// NOTE: score matching is implemented for LinearEnergy only, because it
// needs derivatives of ∇ₓE with respect to the parameters, which the nn
// heads do not compute.
//
// Objectives produce ∂loss/∂E per candidate, and Model.ParamGrad turns that
// into a parameter gradient, so every objective works with every model:
// the learned heads of package nn and the linear-in-parameters energies of
// this package. All randomness comes from a caller-provided *rand.Rand.
package train
