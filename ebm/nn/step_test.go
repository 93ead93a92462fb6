package nn

import (
	"math/rand/v2"
	"testing"

	"github.com/ebm-av/ebm_av/ebm"
	"github.com/ebm-av/ebm_av/ebm/internal/gradcheck"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newStepEnergy(t testing.TB, steps, channels, size int, widths []int) (*StepEnergy, *BEVSampler) {
	return newStepEnergyAct(t, steps, channels, size, widths, Softplus)
}

func newStepEnergyAct(t testing.TB, steps, channels, size int, widths []int, hidden Activation) (*StepEnergy, *BEVSampler) {
	g := randomGrid(2, channels, size)
	s, err := NewBEVSampler(g)
	require.NoError(t, err)
	sizes := append(append([]int{channels}, widths...), 1)
	acts := make([]Activation, len(sizes)-1)
	for i := range acts {
		acts[i] = hidden
	}
	acts[len(acts)-1] = Identity
	e, err := NewStepEnergy(steps, s, randomMLP(5, sizes, acts))
	require.NoError(t, err)
	return e, s
}

// randomCandidates draws straight trajectories inside the grid.
func randomCandidates(seed uint64, s *BEVSampler, n, steps int) []float64 {
	rng := rand.New(rand.NewPCG(seed, 13))
	g := s.grid
	x := make([]float64, n*steps*2)
	for k := range n {
		col0, row0 := 0.2*float64(g.Width)+rng.Float64()*0.2*float64(g.Width), 0.2*float64(g.Height)+rng.Float64()*0.6*float64(g.Height)
		dcol, drow := rng.Float64()*0.5*float64(g.Width)/float64(steps), (rng.Float64()-0.5)*0.2*float64(g.Height)/float64(steps)
		for st := range steps {
			wx, wy := g.ToWorld(col0+dcol*float64(st)+0.013, row0+drow*float64(st)+0.017)
			x[(k*steps+st)*2], x[(k*steps+st)*2+1] = wx, wy
		}
	}
	return x
}

func TestStepEnergyGradients(t *testing.T) {
	const steps, n = 6, 4
	e, s := newStepEnergy(t, steps, 3, 30, []int{8, 8})
	x := randomCandidates(1, s, n, steps)
	b := ebm.NewBatch(1, n, e.Dim(), x)
	out, grad := make([]float64, n), make([]float64, len(x))
	e.EnergyGrad(b, out, grad)

	plain := make([]float64, n)
	e.Energy(b, plain)
	assert.Equal(t, plain, out)

	for k := range n {
		f := func(v []float64) float64 {
			o := make([]float64, 1)
			e.Energy(ebm.NewBatch(1, 1, e.Dim(), v), o)
			return o[0]
		}
		cand := append([]float64(nil), b.Candidate(0, k)...)
		num := gradcheck.Numeric(f, cand)
		rel := gradcheck.RelativeError(grad[k*e.Dim():(k+1)*e.Dim()], num)
		t.Logf("candidate %d: input gradient relative error %.2e", k, rel)
		assert.Less(t, rel, 1e-5)
	}

	weights := []float64{0.3, -1, 2, 0.5}
	dParams := make([]float64, len(e.Params()))
	e.ParamGrad(b, weights, dParams)
	loss := func([]float64) float64 {
		e.Energy(b, plain)
		var l float64
		for i, v := range plain {
			l += weights[i] * v
		}
		return l
	}
	rel := gradcheck.RelativeError(dParams, gradcheck.Numeric(loss, e.Params()))
	t.Logf("parameter gradient relative error %.2e", rel)
	assert.Less(t, rel, 1e-5)
}

func TestVectorEnergyGradients(t *testing.T) {
	const n = 70 // more than one chunk
	m := randomMLP(6, []int{3, 16, 1}, []Activation{SiLU, Identity})
	e, err := NewVectorEnergy(m)
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(8, 9))
	x := make([]float64, n*3)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	b := ebm.NewBatch(1, n, 3, x)
	out, grad := make([]float64, n), make([]float64, len(x))
	e.EnergyGrad(b, out, grad)
	total := func([]float64) float64 {
		o := make([]float64, n)
		e.Energy(b, o)
		var s float64
		for _, v := range o {
			s += v
		}
		return s
	}
	assert.Less(t, gradcheck.RelativeError(grad, gradcheck.Numeric(total, x)), 1e-5)

	ones := make([]float64, n)
	for i := range ones {
		ones[i] = 1
	}
	dParams := make([]float64, len(m.Params))
	e.ParamGrad(b, ones, dParams)
	assert.Less(t, gradcheck.RelativeError(dParams, gradcheck.Numeric(total, m.Params)), 1e-5)
}

func TestStepEnergyShapeErrors(t *testing.T) {
	_, s := newStepEnergy(t, 2, 3, 8, []int{4})
	_, err := NewStepEnergy(2, s, NewMLP([]int{4, 1}, []Activation{Identity}))
	assert.ErrorContains(t, err, "input width 4")
	_, err = NewStepEnergy(2, s, NewMLP([]int{3, 2}, []Activation{Identity}))
	assert.ErrorContains(t, err, "output width is 2")
}
