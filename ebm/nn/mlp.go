package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// MLP is a multilayer perceptron. Layer l maps Sizes[l] inputs to
// Sizes[l+1] outputs as a_{l+1} = f_l(W_l a_l + b_l) with f_l =
// Activations[l]. Params holds, for each layer in order, W_l as
// [Sizes[l+1]][Sizes[l]] row-major followed by b_l.
type MLP struct {
	Sizes       []int
	Activations []Activation
	Params      []float64
}

// NewMLP returns an MLP with the given layer widths (input first, output
// last) and one activation per layer, with zero parameters. It panics when
// there are fewer than two widths, a width is not positive or the number of
// activations is not len(sizes)−1.
func NewMLP(sizes []int, activations []Activation) *MLP {
	if len(sizes) < 2 || len(activations) != len(sizes)-1 {
		panic(fmt.Sprintf("nn: MLP needs at least two widths and one activation per layer, have %d widths and %d activations",
			len(sizes), len(activations)))
	}
	n := 0
	for l := range len(sizes) - 1 {
		if sizes[l] <= 0 || sizes[l+1] <= 0 {
			panic(fmt.Sprintf("nn: layer width %v must be positive", sizes))
		}
		n += sizes[l+1]*sizes[l] + sizes[l+1]
	}
	return &MLP{
		Sizes:       append([]int(nil), sizes...),
		Activations: append([]Activation(nil), activations...),
		Params:      make([]float64, n),
	}
}

// Layers returns the number of linear layers.
func (m *MLP) Layers() int { return len(m.Sizes) - 1 }

// In returns the input width and Out the output width.
func (m *MLP) In() int  { return m.Sizes[0] }
func (m *MLP) Out() int { return m.Sizes[len(m.Sizes)-1] }

// Weights returns the slices of Params holding W_l ([out][in] row-major)
// and b_l.
func (m *MLP) Weights(l int) (w, b []float64) {
	off := m.offset(l)
	nw := m.Sizes[l+1] * m.Sizes[l]
	return m.Params[off : off+nw], m.Params[off+nw : off+nw+m.Sizes[l+1]]
}

// Init draws the weights from N(0, gain²/fan_in), with gain √2 before ReLU
// and 1 otherwise, and zeroes the biases.
func (m *MLP) Init(rng *rand.Rand) {
	for l := range m.Layers() {
		w, b := m.Weights(l)
		gain := 1.0
		if m.Activations[l] == ReLU {
			gain = math.Sqrt2
		}
		std := gain / math.Sqrt(float64(m.Sizes[l]))
		for i := range w {
			w[i] = std * rng.NormFloat64()
		}
		clear(b)
	}
}

// Workspace holds the activations of one forward pass over up to Rows input
// rows, for the backward pass that follows it.
type Workspace struct {
	Rows  int
	z, a  [][]float64 // pre- and post-activation per layer, [Rows][Sizes[l+1]]
	delta [2][]float64
}

// NewWorkspace returns a workspace for passes over up to rows input rows.
func (m *MLP) NewWorkspace(rows int) *Workspace {
	ws := &Workspace{Rows: rows}
	maxWidth := 0
	for l := range m.Layers() {
		ws.z = append(ws.z, make([]float64, rows*m.Sizes[l+1]))
		ws.a = append(ws.a, make([]float64, rows*m.Sizes[l+1]))
	}
	for _, s := range m.Sizes {
		maxWidth = max(maxWidth, s)
	}
	ws.delta[0] = make([]float64, rows*maxWidth)
	ws.delta[1] = make([]float64, rows*maxWidth)
	return ws
}

// Forward evaluates the network on rows input rows x ([rows][In()]) and
// writes the outputs to out ([rows][Out()]). It keeps the activations in ws
// for Backward.
func (m *MLP) Forward(ws *Workspace, x []float64, rows int, out []float64) {
	if rows > ws.Rows || len(x) < rows*m.In() || len(out) < rows*m.Out() {
		panic(fmt.Sprintf("nn: forward over %d rows with workspace for %d, input %d and output %d values",
			rows, ws.Rows, len(x), len(out)))
	}
	in := x[:rows*m.In()]
	for l := range m.Layers() {
		w, b := m.Weights(l)
		nIn, nOut := m.Sizes[l], m.Sizes[l+1]
		z, a := ws.z[l][:rows*nOut], ws.a[l][:rows*nOut]
		for r := range rows {
			copy(z[r*nOut:(r+1)*nOut], b)
		}
		// Z = X Wᵀ + 1 bᵀ
		blas64.Implementation().Dgemm(blas.NoTrans, blas.Trans, rows, nOut, nIn,
			1, in, nIn, w, nIn, 1, z, nOut)
		activate(m.Activations[l], z, a)
		in = a
	}
	copy(out, in)
}

// Backward propagates dOut = ∂L/∂out ([rows][Out()]) through the pass last
// run by Forward on ws with input x. It adds ∂L/∂θ to dParams (laid out
// like Params) and writes ∂L/∂x to dx ([rows][In()]); either may be nil.
func (m *MLP) Backward(ws *Workspace, x []float64, rows int, dOut, dx, dParams []float64) {
	impl := blas64.Implementation()
	cur := ws.delta[0][:rows*m.Out()]
	copy(cur, dOut[:rows*m.Out()])
	for l := m.Layers() - 1; l >= 0; l-- {
		nIn, nOut := m.Sizes[l], m.Sizes[l+1]
		z, a := ws.z[l][:rows*nOut], ws.a[l][:rows*nOut]
		scaleByDerivative(m.Activations[l], z, a, cur)
		var in []float64
		if l > 0 {
			in = ws.a[l-1][:rows*nIn]
		} else {
			in = x[:rows*nIn]
		}
		if dParams != nil {
			off := m.offset(l)
			dw := dParams[off : off+nOut*nIn]
			db := dParams[off+nOut*nIn : off+nOut*nIn+nOut]
			// dW += dZᵀ X
			impl.Dgemm(blas.Trans, blas.NoTrans, nOut, nIn, rows, 1, cur, nOut, in, nIn, 1, dw, nIn)
			for r := range rows {
				row := cur[r*nOut : (r+1)*nOut]
				for j, v := range row {
					db[j] += v
				}
			}
		}
		if l == 0 && dx == nil {
			break
		}
		next := ws.delta[(m.Layers()-l)%2][:rows*nIn]
		if l == 0 {
			next = dx[:rows*nIn]
		}
		// dX = dZ W
		w, _ := m.Weights(l)
		impl.Dgemm(blas.NoTrans, blas.NoTrans, rows, nIn, nOut, 1, cur, nOut, w, nIn, 0, next, nIn)
		cur = next
	}
}

func (m *MLP) offset(l int) int {
	off := 0
	for k := range l {
		off += m.Sizes[k+1]*m.Sizes[k] + m.Sizes[k+1]
	}
	return off
}
