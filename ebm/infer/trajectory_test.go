package infer

import (
	"math"
	"testing"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/ebm"
	"github.com/ebm-av/ebm_av/ebm/nn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPGDAvoidsBEVObstacle runs projected gradient descent on a learned
// cost volume: a one-channel occupancy raster with a Gaussian blob at
// (10, 0), read by an identity head, plus a quadratic pull towards a
// straight reference through the blob. Starting 0.3 m left of the
// reference, outside the flat band between the two cell-centre rows that
// straddle y = 0, the trajectory must bend left around the blob while the
// projection keeps the stations fixed and every point within 1.5 m of the
// reference. At the blob the balance 5·y·exp(−y²/2) = 0.05·y lies at
// y ≈ 3 m, so the projection bound is active there.
func TestPGDAvoidsBEVObstacle(t *testing.T) {
	g := bev.NewGrid([]string{bev.ChannelOccupancy}, 40, 100, 0.25)
	g.OriginX, g.OriginY = -2.5, -5
	for i := range g.Height {
		for j := range g.Width {
			x, y := g.ToWorld(float64(j)+0.5, float64(i)+0.5)
			g.Data[i*g.Width+j] = float32(math.Exp(-((x-10)*(x-10) + y*y) / (2 * 1.0)))
		}
	}
	sampler, err := nn.NewBEVSampler(g)
	require.NoError(t, err)
	head := nn.NewMLP([]int{1, 1}, []nn.Activation{nn.Identity})
	head.Params[0] = 1
	const steps = 21
	occupancy, err := nn.NewStepEnergy(steps, sampler, head)
	require.NoError(t, err)

	ref := make([]float64, 2*steps)
	for s := range steps {
		ref[2*s] = float64(s)
	}
	pull := ebm.Func{D: 2 * steps,
		F: func(x []float64) float64 {
			var e float64
			for i := range x {
				e += 0.5 * (x[i] - ref[i]) * (x[i] - ref[i])
			}
			return e
		},
		Grad: func(x, grad []float64) float64 {
			var e float64
			for i := range x {
				d := x[i] - ref[i]
				e += 0.5 * d * d
				grad[i] = d
			}
			return e
		},
	}
	energy, err := ebm.NewSum(ebm.Term{Name: "occupancy", Weight: 5, Energy: occupancy}, ebm.Term{Name: "reference", Weight: 0.05, Energy: pull})
	require.NoError(t, err)

	// Stations along x stay fixed, so the search is over lateral offsets.
	project := func(x []float64) {
		for s := range steps {
			x[2*s] = ref[2*s]
			x[2*s+1] = math.Max(-1.5, math.Min(1.5, x[2*s+1]))
		}
	}
	init := append([]float64(nil), ref...)
	for s := range steps {
		init[2*s+1] = 0.3
	}
	m := newMethod(t, Config{Method: "pgd", Steps: 500, StepSize: 0.1})
	res, err := m.Infer(Problem{Energy: energy, Init: init, Project: project}, nil)
	require.NoError(t, err)

	start := make([]float64, 1)
	energy.Energy(ebm.NewBatch(1, 1, 2*steps, init), start)
	terms := make([]float64, 2)
	energy.EnergyTerms(ebm.NewBatch(1, 1, 2*steps, res.X), terms)
	t.Logf("energy %.3f → %.3f; occupancy term %.3f, y at the blob %.3f m", start[0], res.Energy, terms[0], res.X[2*10+1])
	assert.Less(t, res.Energy, start[0])
	assert.InDelta(t, 1.5, res.X[2*10+1], 1e-9, "trajectory did not bend to the bound at the blob")
	for s := range steps {
		assert.LessOrEqual(t, math.Abs(res.X[2*s+1]), 1.5, "step %d left the projection", s)
	}
}
