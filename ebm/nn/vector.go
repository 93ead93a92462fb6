package nn

import (
	"fmt"

	"github.com/ebm-av/ebm_av/ebm"
)

// vectorChunk is the number of candidates VectorEnergy passes through the
// MLP at once. It keeps the matrix products on gonum's serial path.
const vectorChunk = 64

// VectorEnergy is the learned energy E(x) = h(x) of a whole candidate
// vector x, for an MLP head h with one output. Like StepEnergy it owns a
// workspace and is not safe for concurrent use.
type VectorEnergy struct {
	Head    *MLP
	ws      *Workspace
	tangent *TangentWorkspace
	dOut    []float64
}

// NewVectorEnergy returns the energy of head, which must have one output.
func NewVectorEnergy(head *MLP) (*VectorEnergy, error) {
	if head.Out() != 1 {
		return nil, fmt.Errorf("nn: head output width is %d, an energy head needs 1", head.Out())
	}
	return &VectorEnergy{Head: head, ws: head.NewWorkspace(vectorChunk), dOut: make([]float64, vectorChunk)}, nil
}

// Dim returns the head's input width.
func (e *VectorEnergy) Dim() int { return e.Head.In() }

// Params returns the head's parameters.
func (e *VectorEnergy) Params() []float64 { return e.Head.Params }

// Energy writes the energy of every candidate of b to out.
func (e *VectorEnergy) Energy(b ebm.Batch, out []float64) {
	ebm.Check(e, b, out, nil)
	e.chunks(b, out, func(x, o []float64, rows int) {})
}

// EnergyGrad writes the energies and ∂E/∂x of every candidate of b.
func (e *VectorEnergy) EnergyGrad(b ebm.Batch, out, grad []float64) {
	ebm.Check(e, b, out, grad)
	d := b.Dim
	start := 0
	e.chunks(b, out, func(x, o []float64, rows int) {
		ones := e.dOut[:rows]
		for i := range ones {
			ones[i] = 1
		}
		e.Head.Backward(e.ws, x, rows, ones, grad[start*d:(start+rows)*d], nil)
		start += rows
	})
}

// ParamGrad adds Σ_n dE[n]·∂E(x_n)/∂θ over the candidates of b to grad.
func (e *VectorEnergy) ParamGrad(b ebm.Batch, dE, grad []float64) {
	if len(grad) != len(e.Head.Params) {
		panic(fmt.Sprintf("nn: parameter gradient has length %d, head has %d parameters", len(grad), len(e.Head.Params)))
	}
	out := make([]float64, b.Len())
	ebm.Check(e, b, out, nil)
	start := 0
	e.chunks(b, out, func(x, o []float64, rows int) {
		e.Head.Backward(e.ws, x, rows, dE[start:start+rows], nil, grad)
		start += rows
	})
}

// chunks runs the forward pass over b in chunks of vectorChunk candidates
// and calls after with each chunk's inputs and outputs while its
// activations are still in the workspace.
func (e *VectorEnergy) chunks(b ebm.Batch, out []float64, after func(x, o []float64, rows int)) {
	d := b.Dim
	for lo := 0; lo < len(out); lo += vectorChunk {
		hi := min(lo+vectorChunk, len(out))
		x := b.X[lo*d : hi*d]
		e.Head.Forward(e.ws, x, hi-lo, out[lo:hi])
		after(x, out[lo:hi], hi-lo)
	}
}

// DirectionalParamGrad adds Σ_n w_n ∂/∂θ [v_n·∇ₓE(x_n)] over the candidates
// of b to grad, with v laid out like b.X. Score matching objectives use it
// to differentiate the input gradient with respect to the parameters.
func (e *VectorEnergy) DirectionalParamGrad(b ebm.Batch, v, w, grad []float64) {
	if e.tangent == nil {
		e.tangent = e.Head.NewTangentWorkspace(vectorChunk)
	}
	d := b.Dim
	for lo := 0; lo < b.Len(); lo += vectorChunk {
		hi := min(lo+vectorChunk, b.Len())
		e.Head.DirectionalParamGrad(e.tangent, b.X[lo*d:hi*d], v[lo*d:hi*d], hi-lo, w[lo:hi], e.dOut[:hi-lo], grad)
	}
}
