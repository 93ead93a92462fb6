package nn

import (
	"fmt"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// TangentWorkspace holds the buffers of DirectionalParamGrad for up to
// Rows input rows.
type TangentWorkspace struct {
	Rows                 int
	forward              *Workspace
	zDot, aDot           [][]float64 // tangents of pre- and post-activations per layer
	grad, gradDot        []float64   // adjoints of a_l and ȧ_l for the current layer
	gz, gzDot            []float64   // adjoints of z_l and ż_l
	prevGrad, prevGradDt []float64
}

// NewTangentWorkspace returns a workspace for DirectionalParamGrad over up
// to rows input rows.
func (m *MLP) NewTangentWorkspace(rows int) *TangentWorkspace {
	ws := &TangentWorkspace{Rows: rows, forward: m.NewWorkspace(rows)}
	maxWidth := 0
	for _, s := range m.Sizes {
		maxWidth = max(maxWidth, s)
	}
	for l := range m.Layers() {
		ws.zDot = append(ws.zDot, make([]float64, rows*m.Sizes[l+1]))
		ws.aDot = append(ws.aDot, make([]float64, rows*m.Sizes[l+1]))
	}
	buf := func() []float64 { return make([]float64, rows*maxWidth) }
	ws.grad, ws.gradDot, ws.gz, ws.gzDot, ws.prevGrad, ws.prevGradDt = buf(), buf(), buf(), buf(), buf(), buf()
	return ws
}

// DirectionalParamGrad computes, for a network with one output, the
// directional derivatives ḣ_r = ∇ₓh(x_r)·ẋ_r of the output along the
// tangents ẋ ([rows][In()]) and writes them to hDot ([rows]). It adds
// Σ_r w_r ∂ḣ_r/∂θ to dParams. It is forward-mode differentiation along ẋ
// followed by reverse-mode differentiation of the tangent with respect to
// the parameters, which needs the activations' second derivatives.
func (m *MLP) DirectionalParamGrad(ws *TangentWorkspace, x, xDot []float64, rows int, w, hDot, dParams []float64) {
	if m.Out() != 1 {
		panic(fmt.Sprintf("nn: directional parameter gradient needs one output, network has %d", m.Out()))
	}
	if rows > ws.Rows {
		panic(fmt.Sprintf("nn: %d rows for a tangent workspace of %d", rows, ws.Rows))
	}
	impl := blas64.Implementation()
	m.Forward(ws.forward, x, rows, hDot)

	// Forward tangents: ż_l = W_l ȧ_{l−1}, ȧ_l = f′(z_l) ż_l.
	inDot := xDot[:rows*m.In()]
	for l := range m.Layers() {
		wl, _ := m.Weights(l)
		nIn, nOut := m.Sizes[l], m.Sizes[l+1]
		zDot, aDot := ws.zDot[l][:rows*nOut], ws.aDot[l][:rows*nOut]
		impl.Dgemm(blas.NoTrans, blas.Trans, rows, nOut, nIn, 1, inDot, nIn, wl, nIn, 0, zDot, nOut)
		z, a := ws.forward.z[l], ws.forward.a[l]
		act := m.Activations[l]
		for i, v := range zDot {
			aDot[i] = act.derivative(z[i], a[i]) * v
		}
		inDot = aDot
	}
	copy(hDot, inDot[:rows])

	// Reverse pass over the tangent computation, seeded with w on ȧ_L and
	// zero on a_L.
	grad, gradDot := ws.grad[:rows], ws.gradDot[:rows]
	clear(grad)
	copy(gradDot, w[:rows])
	for l := m.Layers() - 1; l >= 0; l-- {
		wl, _ := m.Weights(l)
		nIn, nOut := m.Sizes[l], m.Sizes[l+1]
		z, a := ws.forward.z[l][:rows*nOut], ws.forward.a[l][:rows*nOut]
		zDot := ws.zDot[l][:rows*nOut]
		act := m.Activations[l]
		gz, gzDot := ws.gz[:rows*nOut], ws.gzDot[:rows*nOut]
		for i := range gz {
			d1 := act.derivative(z[i], a[i])
			gzDot[i] = gradDot[i] * d1
			gz[i] = gradDot[i]*act.secondDerivative(z[i], a[i])*zDot[i] + grad[i]*d1
		}

		var in, inDot []float64
		if l > 0 {
			in, inDot = ws.forward.a[l-1][:rows*nIn], ws.aDot[l-1][:rows*nIn]
		} else {
			in, inDot = x[:rows*nIn], xDot[:rows*nIn]
		}
		off := m.offset(l)
		dw := dParams[off : off+nOut*nIn]
		db := dParams[off+nOut*nIn : off+nOut*nIn+nOut]
		// z_l = W a + b contributes gz aᵀ and gz; ż_l = W ȧ contributes gż ȧᵀ.
		impl.Dgemm(blas.Trans, blas.NoTrans, nOut, nIn, rows, 1, gz, nOut, in, nIn, 1, dw, nIn)
		impl.Dgemm(blas.Trans, blas.NoTrans, nOut, nIn, rows, 1, gzDot, nOut, inDot, nIn, 1, dw, nIn)
		for r := range rows {
			for j, v := range gz[r*nOut : (r+1)*nOut] {
				db[j] += v
			}
		}
		if l == 0 {
			break
		}
		prev, prevDot := ws.prevGrad[:rows*nIn], ws.prevGradDt[:rows*nIn]
		impl.Dgemm(blas.NoTrans, blas.NoTrans, rows, nIn, nOut, 1, gz, nOut, wl, nIn, 0, prev, nIn)
		impl.Dgemm(blas.NoTrans, blas.NoTrans, rows, nIn, nOut, 1, gzDot, nOut, wl, nIn, 0, prevDot, nIn)
		// The adjoint buffers of layer l−1 become the current ones.
		ws.grad, ws.prevGrad = ws.prevGrad, ws.grad
		ws.gradDot, ws.prevGradDt = ws.prevGradDt, ws.gradDot
		grad, gradDot = prev, prevDot
	}
}
