package nn

import (
	"math/rand/v2"
	"testing"

	"github.com/ebm-av/ebm_av/ebm/internal/gradcheck"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func randomMLP(seed uint64, sizes []int, acts []Activation) *MLP {
	rng := rand.New(rand.NewPCG(seed, 7))
	m := NewMLP(sizes, acts)
	m.Init(rng)
	for l := range m.Layers() {
		_, b := m.Weights(l)
		for i := range b {
			b[i] = 0.1 * rng.NormFloat64()
		}
	}
	return m
}

func TestMLPForwardExact(t *testing.T) {
	// One hidden ReLU unit: y = 2·relu(1·x0 − 1·x1 + 0.5) − 1.
	m := NewMLP([]int{2, 1, 1}, []Activation{ReLU, Identity})
	copy(m.Params, []float64{1, -1, 0.5, 2, -1})
	ws := m.NewWorkspace(2)
	out := make([]float64, 2)
	m.Forward(ws, []float64{3, 1, 0, 4}, 2, out)
	assert.Equal(t, []float64{2*2.5 - 1, -1}, out)
}

func TestMLPGradients(t *testing.T) {
	const rows = 5
	for _, act := range []Activation{Identity, Tanh, Softplus, SiLU, ReLU} {
		t.Run(act.String(), func(t *testing.T) {
			m := randomMLP(1, []int{4, 8, 6, 2}, []Activation{act, act, Identity})
			rng := rand.New(rand.NewPCG(2, 3))
			x := make([]float64, rows*4)
			for i := range x {
				x[i] = rng.NormFloat64()
			}
			weights := make([]float64, rows*2)
			for i := range weights {
				weights[i] = rng.NormFloat64()
			}
			ws := m.NewWorkspace(rows)
			out := make([]float64, rows*2)
			loss := func([]float64) float64 {
				m.Forward(ws, x, rows, out)
				var l float64
				for i, v := range out {
					l += weights[i] * v
				}
				return l
			}

			loss(nil)
			dx := make([]float64, len(x))
			dParams := make([]float64, len(m.Params))
			m.Backward(ws, x, rows, weights, dx, dParams)

			errX := gradcheck.RelativeError(dx, gradcheck.Numeric(func(v []float64) float64 { return loss(nil) }, x))
			errP := gradcheck.RelativeError(dParams, gradcheck.Numeric(func(v []float64) float64 { return loss(nil) }, m.Params))
			t.Logf("relative error: input %.2e, parameters %.2e", errX, errP)
			assert.Less(t, errX, 1e-5)
			assert.Less(t, errP, 1e-5)
		})
	}
}

func TestMLPBackwardAccumulates(t *testing.T) {
	m := randomMLP(3, []int{3, 4, 1}, []Activation{Tanh, Identity})
	ws := m.NewWorkspace(1)
	x := []float64{0.1, -0.2, 0.3}
	out := make([]float64, 1)
	m.Forward(ws, x, 1, out)
	once := make([]float64, len(m.Params))
	m.Backward(ws, x, 1, []float64{1}, nil, once)
	twice := make([]float64, len(m.Params))
	m.Backward(ws, x, 1, []float64{1}, nil, twice)
	m.Backward(ws, x, 1, []float64{1}, nil, twice)
	for i := range once {
		require.InDelta(t, 2*once[i], twice[i], 1e-15)
	}
}

func TestParseActivation(t *testing.T) {
	for _, a := range []Activation{Identity, ReLU, Tanh, Softplus, SiLU} {
		got, err := ParseActivation(a.String())
		require.NoError(t, err)
		assert.Equal(t, a, got)
	}
	_, err := ParseActivation("gelu")
	assert.ErrorContains(t, err, `"gelu"`)
}
