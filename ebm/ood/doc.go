// Package ood scores inputs for out-of-distribution detection from the
// logits of a classifier or the negative energies of a candidate set.
//
// Two scores are provided: the energy score E(x) = −T·logsumexp(f(x)/T),
// which is low for in-distribution inputs and high for unfamiliar ones, and
// the maximum softmax probability (MSP), the usual baseline, which is high
// for in-distribution inputs. Package metrics turns either score into AUROC,
// AUPR and FPR at a fixed TPR; pass the energy score, or the negated MSP,
// when out-of-distribution inputs are the positive class.
package ood
