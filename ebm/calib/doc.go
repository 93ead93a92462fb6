// Package calib calibrates the probabilities an energy assigns to a
// candidate set, p_k = softmax(−E/τ)_k, by fitting the temperature τ on
// held-out sets (temperature scaling), and reports the expected
// calibration error and reliability-diagram bins before and after.
package calib
