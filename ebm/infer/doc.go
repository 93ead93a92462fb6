// Package infer finds low-energy candidates. Every method implements Method
// and is built by name from a Config through a registry, so a node selects
// its inference from parameters:
//
//	enumerate    score a finite candidate set and take the minimum
//	sample_rank  draw candidates from a proposal, score them, take the minimum
//	pgd          projected gradient descent with backtracking on the candidate
//	langevin     Langevin dynamics with a step-size schedule, keeping the best state
//	cem          cross-entropy method, refitting a Gaussian to the elite set
//	beam         beam search over token sequences with an energy on prefixes
//
// Methods evaluate the energy on batches of shape [1, n] and are
// deterministic for a given random source.
package infer
