// Package train fits energies. It provides ranking objectives (pairwise
// margin, and softmax over a positive and its negatives), noise-contrastive
// estimation, maximum likelihood with a Langevin negative phase (optionally
// persistent), contrastive divergence CD-k, and Hyvärinen score matching.
// Score matching uses the exact Hessian trace, or a denoising variant that
// needs only first derivatives for larger dimensions. The optimisers are SGD
// with momentum and Adam, with gradient clipping.
//
// Exact score matching with the Hessian trace is implemented for
// LinearEnergy, where it has a closed form. DenoisingScoreMatching works
// with any ScoreModel, including the nn heads, which differentiate their
// input gradient with respect to their parameters by forward-over-reverse
// differentiation.
package train
