package ebm

import (
	"fmt"

	"github.com/ebm-av/ebm_av/bev"
	"gorgonia.org/tensor"
)

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

// GridTensor wraps the cells of a BEV grid as a [Channels, Height, Width]
// float32 tensor that shares g.Data.
func GridTensor(g *bev.Grid) *tensor.Dense {
	if len(g.Data) != g.Channels*g.Height*g.Width {
		panic(fmt.Sprintf("ebm: grid data has %d cells for %d×%d×%d", len(g.Data), g.Channels, g.Height, g.Width))
	}
	return tensor.New(tensor.WithShape(g.Channels, g.Height, g.Width), tensor.WithBacking(g.Data))
}
