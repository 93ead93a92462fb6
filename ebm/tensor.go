package ebm

import "gorgonia.org/tensor"

// EnergyTensor wraps energies, laid out [Size][Candidates] for b, as a
// [Size, Candidates] float64 tensor that shares the backing slice.
func EnergyTensor(b Batch, energies []float64) *tensor.Dense {
	if len(energies) != b.Len() {
		panic("ebm: energy slice does not match the batch shape")
	}
	return tensor.New(tensor.WithShape(b.Size, b.Candidates), tensor.WithBacking(energies))
}

// BatchTensor wraps the candidates of b as a [Size, Candidates, Dim] float64
// tensor that shares the backing slice.
func BatchTensor(b Batch) *tensor.Dense {
	b.check()
	return tensor.New(tensor.WithShape(b.Size, b.Candidates, b.Dim), tensor.WithBacking(b.X))
}
