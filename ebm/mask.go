package ebm

import "math"

// ApplyMask sets the energy of every invalid candidate of b to +Inf, so that
// softmax gives it zero probability and ranking puts it last.
func ApplyMask(b Batch, energies []float64) {
	if b.Mask == nil {
		return
	}
	for n, ok := range b.Mask {
		if !ok {
			energies[n] = math.Inf(1)
		}
	}
}

// MaskGrad zeroes the gradient rows of invalid candidates of b.
func MaskGrad(b Batch, grad []float64) {
	if b.Mask == nil {
		return
	}
	for n, ok := range b.Mask {
		if !ok {
			clear(grad[n*b.Dim : (n+1)*b.Dim])
		}
	}
}
