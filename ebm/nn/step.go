package nn

import (
	"fmt"

	"github.com/ebm-av/ebm_av/ebm"
)

// StepFeatures computes a feature vector for every step of a candidate whose
// values are laid out [steps][PointDim()].
type StepFeatures interface {
	PointDim() int
	NumFeatures() int
	// StepFeatures writes the features of each step of x to feat
	// ([steps][NumFeatures()]) and, when jac is non-nil, their derivatives
	// with respect to the step's point to jac
	// ([steps][NumFeatures()][PointDim()]).
	StepFeatures(x []float64, steps int, feat, jac []float64)
}

// StepEnergy is the learned energy E(x) = Σ_t h(φ_t(x)) of a candidate x of
// Steps points: the MLP head h, with one output, summed over the per-step
// features φ_t. It is differentiable with respect to the candidate and to
// the head's parameters.
//
// Energy, EnergyGrad and ParamGrad use a workspace owned by the
// StepEnergy, so a StepEnergy is not safe for concurrent use. Concurrent
// callers give each goroutine its own workspace and call the methods
// ending in To.
type StepEnergy struct {
	Steps    int
	Features StepFeatures
	Head     *MLP
	ws       *StepWorkspace
}

// NewStepEnergy returns the energy of head over features for candidates of
// steps points. It returns an error when the head's input width is not the
// number of features or its output width is not 1.
func NewStepEnergy(steps int, features StepFeatures, head *MLP) (*StepEnergy, error) {
	if steps <= 0 {
		return nil, fmt.Errorf("nn: step energy needs a positive number of steps, have %d", steps)
	}
	if head.In() != features.NumFeatures() {
		return nil, fmt.Errorf("nn: head input width %d does not match %d step features", head.In(), features.NumFeatures())
	}
	if head.Out() != 1 {
		return nil, fmt.Errorf("nn: head output width is %d, an energy head needs 1", head.Out())
	}
	return &StepEnergy{Steps: steps, Features: features, Head: head}, nil
}

// StepWorkspace holds the buffers of one StepEnergy evaluation.
type StepWorkspace struct {
	mlp              *Workspace
	feat, jac        []float64
	stepE, dStep, dF []float64
	tangent          *TangentWorkspace // allocated by the first DirectionalParamGrad
	featDot          []float64
}

// NewWorkspace returns a workspace for e.
func (e *StepEnergy) NewWorkspace() *StepWorkspace {
	f, p := e.Features.NumFeatures(), e.Features.PointDim()
	ones := make([]float64, e.Steps)
	for i := range ones {
		ones[i] = 1
	}
	return &StepWorkspace{
		mlp:   e.Head.NewWorkspace(e.Steps),
		feat:  make([]float64, e.Steps*f),
		jac:   make([]float64, e.Steps*f*p),
		stepE: make([]float64, e.Steps),
		dStep: ones,
		dF:    make([]float64, e.Steps*f),
	}
}

func (e *StepEnergy) workspace() *StepWorkspace {
	if e.ws == nil {
		e.ws = e.NewWorkspace()
	}
	return e.ws
}

// Dim returns Steps×PointDim.
func (e *StepEnergy) Dim() int { return e.Steps * e.Features.PointDim() }

// Params returns the head's parameters.
func (e *StepEnergy) Params() []float64 { return e.Head.Params }

// Energy writes the energy of every candidate of b to out.
func (e *StepEnergy) Energy(b ebm.Batch, out []float64) { e.EnergyTo(e.workspace(), b, out) }

// EnergyGrad writes the energies and ∂E/∂x of every candidate of b.
func (e *StepEnergy) EnergyGrad(b ebm.Batch, out, grad []float64) {
	e.EnergyGradTo(e.workspace(), b, out, grad)
}

// ParamGrad adds Σ_n dE[n]·∂E(x_n)/∂θ over the candidates of b to grad.
func (e *StepEnergy) ParamGrad(b ebm.Batch, dE, grad []float64) {
	e.ParamGradTo(e.workspace(), b, dE, grad)
}

// EnergyTo is Energy with a caller-provided workspace. It does not allocate.
func (e *StepEnergy) EnergyTo(ws *StepWorkspace, b ebm.Batch, out []float64) {
	ebm.Check(e, b, out, nil)
	d := b.Dim
	for n := range out {
		out[n] = e.forward(ws, b.X[n*d:(n+1)*d], false)
	}
}

func (e *StepEnergy) forward(ws *StepWorkspace, x []float64, withJac bool) float64 {
	jac := ws.jac
	if !withJac {
		jac = nil
	}
	e.Features.StepFeatures(x, e.Steps, ws.feat, jac)
	e.Head.Forward(ws.mlp, ws.feat, e.Steps, ws.stepE)
	var sum float64
	for _, v := range ws.stepE {
		sum += v
	}
	return sum
}

// EnergyGradTo is EnergyGrad with a caller-provided workspace. It does not
// allocate.
func (e *StepEnergy) EnergyGradTo(ws *StepWorkspace, b ebm.Batch, out, grad []float64) {
	ebm.Check(e, b, out, grad)
	d, f, p := b.Dim, e.Features.NumFeatures(), e.Features.PointDim()
	for n := range out {
		x, g := b.X[n*d:(n+1)*d], grad[n*d:(n+1)*d]
		out[n] = e.forward(ws, x, true)
		// ∂E/∂φ_t for every step, then through the feature Jacobian.
		e.Head.Backward(ws.mlp, ws.feat, e.Steps, ws.dStep, ws.dF, nil)
		for t := range e.Steps {
			gt := g[t*p : (t+1)*p]
			clear(gt)
			for k := range f {
				df := ws.dF[t*f+k]
				row := ws.jac[(t*f+k)*p : (t*f+k+1)*p]
				for j, v := range row {
					gt[j] += df * v
				}
			}
		}
	}
}

// ParamGradTo is ParamGrad with a caller-provided workspace. It does not
// allocate.
func (e *StepEnergy) ParamGradTo(ws *StepWorkspace, b ebm.Batch, dE, grad []float64) {
	ebm.Check(e, b, dE, nil)
	if len(grad) != len(e.Head.Params) {
		panic(fmt.Sprintf("nn: parameter gradient has length %d, head has %d parameters", len(grad), len(e.Head.Params)))
	}
	d := b.Dim
	for n, w := range dE {
		if w == 0 {
			continue
		}
		e.forward(ws, b.X[n*d:(n+1)*d], false)
		for t := range ws.stepE {
			ws.stepE[t] = w
		}
		e.Head.Backward(ws.mlp, ws.feat, e.Steps, ws.stepE, nil, grad)
	}
}

// DirectionalParamGrad adds Σ_n w_n ∂/∂θ [v_n·∇ₓE(x_n)] over the candidates
// of b to grad, with v laid out like b.X. Because E sums the head over
// φ_t(x), v·∇ₓE = Σ_t ∇h(φ_t)·(J_t v_t), the head's directional derivative
// along the feature tangents J_t v_t, whose Jacobians J_t do not depend on
// θ.
func (e *StepEnergy) DirectionalParamGrad(b ebm.Batch, v, w, grad []float64) {
	ws := e.workspace()
	if ws.tangent == nil {
		ws.tangent = e.Head.NewTangentWorkspace(e.Steps)
		ws.featDot = make([]float64, len(ws.feat))
	}
	d, f, p := b.Dim, e.Features.NumFeatures(), e.Features.PointDim()
	for n := range b.Len() {
		if w[n] == 0 {
			continue
		}
		x, vn := b.X[n*d:(n+1)*d], v[n*d:(n+1)*d]
		e.Features.StepFeatures(x, e.Steps, ws.feat, ws.jac)
		for t := range e.Steps {
			for k := range f {
				row := ws.jac[(t*f+k)*p : (t*f+k+1)*p]
				var s float64
				for j, jv := range row {
					s += jv * vn[t*p+j]
				}
				ws.featDot[t*f+k] = s
			}
		}
		for t := range ws.dStep {
			ws.stepE[t] = w[n]
		}
		e.Head.DirectionalParamGrad(ws.tangent, ws.feat, ws.featDot, e.Steps, ws.stepE, ws.dF[:e.Steps], grad)
	}
}
