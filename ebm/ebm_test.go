package ebm

import (
	"math"
	"testing"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/traj"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLogSumExpStable(t *testing.T) {
	assert.InDelta(t, math.Log(math.Exp(1)+math.Exp(2)), LogSumExp([]float64{1, 2}), 1e-15)
	assert.InDelta(t, 1000+math.Log(2), LogSumExp([]float64{1000, 1000}), 1e-12)
	assert.True(t, math.IsInf(LogSumExp(nil), -1))
	assert.True(t, math.IsInf(LogSumExp([]float64{math.Inf(-1)}), -1))
}

func TestBoltzmannMasked(t *testing.T) {
	b := NewBatch(1, 3, 1, []float64{0, 0, 0})
	b.Mask = []bool{true, false, true}
	e := []float64{0, -5, math.Log(3)}
	ApplyMask(b, e)
	p := make([]float64, 3)
	f := Boltzmann(p, e, 1)
	// exp(0) and exp(−log 3) are 1 and 1/3, so p = (3/4, 0, 1/4).
	assert.InDeltaSlice(t, []float64{0.75, 0, 0.25}, p, 1e-15)
	assert.InDelta(t, -math.Log(4.0/3), f, 1e-15)
	assert.Equal(t, 0, Argmin(e))

	all := []float64{math.Inf(1), math.Inf(1)}
	assert.True(t, math.IsInf(Boltzmann(p[:2], all, 1), 1))
	assert.Equal(t, []float64{0, 0}, p[:2])
	assert.Equal(t, -1, Argmin(all))
}

func TestFreeEnergyTemperature(t *testing.T) {
	// −T log(e^{−1/T} + e^{−3/T}) at T = 2.
	want := -2 * math.Log(math.Exp(-0.5)+math.Exp(-1.5))
	assert.InDelta(t, want, FreeEnergy([]float64{1, 3}, 2), 1e-15)
}

func TestMaskGrad(t *testing.T) {
	b := NewBatch(1, 2, 2, make([]float64, 4))
	b.Mask = []bool{false, true}
	g := []float64{1, 2, 3, 4}
	MaskGrad(b, g)
	assert.Equal(t, []float64{0, 0, 3, 4}, g)
}

func TestEnergyTensorShape(t *testing.T) {
	b := NewBatch(2, 3, 1, make([]float64, 6))
	e := []float64{0, 1, 2, 3, 4, 5}
	tt := EnergyTensor(b, e)
	assert.Equal(t, []int{2, 3}, []int(tt.Shape()))
	v, err := tt.At(1, 2)
	require.NoError(t, err)
	assert.Equal(t, 5.0, v)
	e[5] = 9 // the tensor shares the slice
	v, _ = tt.At(1, 2)
	assert.Equal(t, 9.0, v)
	assert.Equal(t, []int{2, 3, 1}, []int(BatchTensor(b).Shape()))
}

func TestBatchShapeChecks(t *testing.T) {
	assert.Panics(t, func() { NewBatch(1, 2, 2, make([]float64, 3)) })
	b := NewBatch(2, 2, 1, []float64{1, 2, 3, 4})
	assert.Equal(t, []float64{3}, b.Candidate(1, 0))
	f := Func{D: 2, F: func(x []float64) float64 { return x[0] }}
	assert.Panics(t, func() { f.Energy(b, make([]float64, 4)) }, "dimension mismatch")
}

func TestTrajectoryCandidates(t *testing.T) {
	ts := []traj.Trajectory{
		{Points: []traj.Point{{X: 1, Y: 2}, {X: 3, Y: 4}}},
		{Points: []traj.Point{{X: 5, Y: 6}, {X: 7, Y: 8}}},
	}
	x, err := TrajectoryCandidates(ts, 2)
	require.NoError(t, err)
	assert.Equal(t, []float64{1, 2, 3, 4, 5, 6, 7, 8}, x)
	_, err = TrajectoryCandidates(ts, 3)
	assert.ErrorContains(t, err, "trajectory 0 has 2 points")

	SetTrajectoryXY(ts[0], []float64{9, 9, 8, 8})
	assert.Equal(t, 8.0, ts[0].Points[1].X)
}

func TestSumTermsAndGradient(t *testing.T) {
	lin := Func{D: 1, F: func(x []float64) float64 { return x[0] },
		Grad: func(x, g []float64) float64 { g[0] = 1; return x[0] }}
	sq := Func{D: 1, F: func(x []float64) float64 { return x[0] * x[0] },
		Grad: func(x, g []float64) float64 { g[0] = 2 * x[0]; return x[0] * x[0] }}
	s, err := NewSum(Term{"progress", -2, lin}, Term{"comfort", 0.5, sq})
	require.NoError(t, err)
	b := NewBatch(1, 2, 1, []float64{1, 3})

	out, grad := make([]float64, 2), make([]float64, 2)
	s.EnergyGrad(b, out, grad)
	assert.Equal(t, []float64{-2 + 0.5, -6 + 4.5}, out)
	assert.Equal(t, []float64{-2 + 1, -2 + 3}, grad)

	terms := make([]float64, 4)
	s.EnergyTerms(b, terms)
	assert.Equal(t, []float64{-2, 0.5, -6, 4.5}, terms)
	assert.Equal(t, []string{"progress", "comfort"}, s.TermNames())

	_, err = NewSum(Term{"a", 1, lin}, Term{"a", 1, sq})
	assert.ErrorContains(t, err, `repeats the name "a"`)
}

func TestGridTensorShares(t *testing.T) {
	g := bev.NewGrid([]string{"a", "b"}, 3, 4, 0.5)
	tt := GridTensor(g)
	assert.Equal(t, []int{2, 3, 4}, []int(tt.Shape()))
	g.Data[(1*3+2)*4+3] = 7
	v, err := tt.At(1, 2, 3)
	require.NoError(t, err)
	assert.Equal(t, float32(7), v)
}
