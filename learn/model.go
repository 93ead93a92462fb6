package learn

import (
	"math"
	"math/rand/v2"

	"github.com/ebm-av/ebm_av/ebm"
	"github.com/ebm-av/ebm_av/ebm/nn"
)

// Model is the learned trajectory energy
//
//	E(x) = mean over valid steps k of h((asinh φ_k(x) − μ)/σ) + Σ_j w_j a_j(x)/s_j
//
// with h an MLP head over the per-step features φ_k (without the valid
// column), compressed by asinh, which is linear near 0 and logarithmic in
// the tails, so that out-of-range inputs on unseen sites (curvature at
// walking speed, jerk of noisy tracks) cannot dominate the energy, and
// normalised by the training means μ and standard deviations σ,
// and a_j the raw analytic term energies, scaled by their training standard
// deviations s_j and weighted by w_j ≥ 0. The planner weight of term j is
// therefore w_j/s_j.
//
// As a train.Model it reads candidates laid out as the len(AnalyticTerms)
// raw term energies followed by Featurizer.Dim() feature values. It keeps
// scratch memory and is not safe for concurrent use.
type Model struct {
	Head       *nn.MLP
	Featurizer Featurizer
	Mean, Std  []float64 // head input normalisation, NumFeatures−1 each
	Scale      []float64 // analytic term scales s_j
	Weights    []float64 // analytic weights w_j, aliasing the tail of Params
	// Temperature is the softmax temperature τ fitted on validation sets;
	// 1 before calibration.
	Temperature float64

	theta []float64 // head parameters followed by Weights
	in    []float64 // normalised head inputs, [rows][NumFeatures−1]
	row   []int     // candidate of each input row
	count []float64 // valid steps per candidate
	hOut  []float64
	dOut  []float64
	dIn   []float64
	ws    *nn.Workspace
}

// NewModel returns a model with a head of the given hidden widths and
// activation, weights initialised from seed, identity normalisation and
// analytic weights 0.
func NewModel(f Featurizer, hidden []int, act nn.Activation, seed uint64) *Model {
	sizes := append(append([]int{NumFeatures - 1}, hidden...), 1)
	acts := make([]nn.Activation, len(sizes)-1)
	for i := range acts {
		acts[i] = act
	}
	acts[len(acts)-1] = nn.Identity
	head := nn.NewMLP(sizes, acts)
	head.Init(rand.New(rand.NewPCG(seed, 0x6d6f64656c)))
	m := &Model{Head: head, Featurizer: f, Temperature: 1}
	m.Mean = make([]float64, NumFeatures-1)
	m.Std = ones(NumFeatures - 1)
	m.Scale = ones(len(AnalyticTerms))
	m.bind(make([]float64, len(AnalyticTerms)))
	return m
}

// bind lays the head parameters and the analytic weights w out in one
// parameter slice.
func (m *Model) bind(w []float64) {
	nh := len(m.Head.Params)
	m.theta = make([]float64, nh+len(w))
	copy(m.theta, m.Head.Params)
	copy(m.theta[nh:], w)
	m.Head.Params = m.theta[:nh]
	m.Weights = m.theta[nh:]
}

func ones(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = 1
	}
	return s
}

// Dim returns len(AnalyticTerms) + Featurizer.Dim().
func (m *Model) Dim() int { return len(AnalyticTerms) + m.Featurizer.Dim() }

// Params returns the head parameters followed by the analytic weights.
func (m *Model) Params() []float64 { return m.theta }

// PlannerWeights returns the planner weights w_j/s_j of the analytic terms,
// in AnalyticTerms order.
func (m *Model) PlannerWeights() []float64 {
	w := make([]float64, len(m.Weights))
	for j := range w {
		w[j] = m.Weights[j] / m.Scale[j]
	}
	return w
}

// forward runs the head over the valid steps of every valid candidate of b
// and returns the number of rows.
func (m *Model) forward(b ebm.Batch) int {
	na, nf, steps := len(AnalyticTerms), NumFeatures, m.Featurizer.Steps
	hin := nf - 1
	n := b.Len()
	m.count = grow(m.count, n)
	m.in = grow(m.in, n*steps*hin)
	m.row = m.row[:0]
	rows := 0
	for c := range n {
		m.count[c] = 0
		if !b.Valid(c) {
			continue
		}
		x := b.X[c*b.Dim+na : (c+1)*b.Dim]
		for k := range steps {
			f := x[k*nf : (k+1)*nf]
			if f[colValid] == 0 {
				continue
			}
			dst := m.in[rows*hin : (rows+1)*hin]
			for i := range hin {
				dst[i] = (math.Asinh(f[i+1]) - m.Mean[i]) / m.Std[i]
			}
			m.row = append(m.row, c)
			m.count[c]++
			rows++
		}
	}
	if m.ws == nil || m.ws.Rows < rows {
		m.ws = m.Head.NewWorkspace(max(rows, 1024))
	}
	m.hOut = grow(m.hOut, rows)
	m.Head.Forward(m.ws, m.in[:rows*hin], rows, m.hOut)
	return rows
}

// Energy writes the energy of every candidate of b to out.
func (m *Model) Energy(b ebm.Batch, out []float64) {
	rows := m.forward(b)
	m.combine(b, rows, out)
}

func (m *Model) combine(b ebm.Batch, rows int, out []float64) {
	na := len(AnalyticTerms)
	for c := range out {
		out[c] = 0
		if !b.Valid(c) {
			continue
		}
		a := b.X[c*b.Dim : c*b.Dim+na]
		for j := range na {
			out[c] += m.Weights[j] * a[j] / m.Scale[j]
		}
	}
	for r := range rows {
		c := m.row[r]
		out[c] += m.hOut[r] / m.count[c]
	}
}

// EnergyGrad writes the energies of b to out and ∂E/∂x, laid out like b.X,
// to grad.
func (m *Model) EnergyGrad(b ebm.Batch, out, grad []float64) {
	rows := m.forward(b)
	m.combine(b, rows, out)
	hin := NumFeatures - 1
	m.dOut = grow(m.dOut, rows)
	for r := range rows {
		m.dOut[r] = 1 / m.count[m.row[r]]
	}
	m.dIn = grow(m.dIn, rows*hin)
	m.Head.Backward(m.ws, m.in[:rows*hin], rows, m.dOut[:rows], m.dIn[:rows*hin], nil)
	clear(grad)
	na, nf, steps := len(AnalyticTerms), NumFeatures, m.Featurizer.Steps
	r := 0
	for c := range b.Len() {
		if !b.Valid(c) {
			continue
		}
		g := grad[c*b.Dim : (c+1)*b.Dim]
		for j := range na {
			g[j] = m.Weights[j] / m.Scale[j]
		}
		x := b.X[c*b.Dim+na : (c+1)*b.Dim]
		for k := range steps {
			if x[k*nf+colValid] == 0 {
				continue
			}
			for i := range hin {
				v := x[k*nf+i+1]
				g[na+k*nf+i+1] = m.dIn[r*hin+i] / m.Std[i] / math.Sqrt(1+v*v)
			}
			r++
		}
	}
}

// ParamGrad adds Σ_n dE[n]·∂E(x_n)/∂θ over the candidates of b to grad.
func (m *Model) ParamGrad(b ebm.Batch, dE, grad []float64) {
	rows := m.forward(b)
	m.dOut = grow(m.dOut, rows)
	for r := range rows {
		c := m.row[r]
		m.dOut[r] = dE[c] / m.count[c]
	}
	nh := len(m.Head.Params)
	m.Head.Backward(m.ws, m.in[:rows*(NumFeatures-1)], rows, m.dOut[:rows], nil, grad[:nh])
	na := len(AnalyticTerms)
	for c := range b.Len() {
		if !b.Valid(c) {
			continue
		}
		a := b.X[c*b.Dim : c*b.Dim+na]
		for j := range na {
			grad[nh+j] += dE[c] * a[j] / m.Scale[j]
		}
	}
}

// project keeps the analytic weights non-negative, as the planner requires.
func (m *Model) project() {
	for j, w := range m.Weights {
		if w < 0 || math.IsNaN(w) {
			m.Weights[j] = 0
		}
	}
}

func grow[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	return buf[:n]
}
