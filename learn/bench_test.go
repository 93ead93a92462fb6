package learn

import (
	"math/rand/v2"
	"testing"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/ebm/nn"
	"github.com/ebm-av/ebm_av/traj"
)

// BenchmarkHeadEnergy252 scores one sampler lattice (252 candidates of
// 8 s at 0.1 s) with the default head: features with BEV samples, then the
// MLP over 16 steps per candidate.
func BenchmarkHeadEnergy252(b *testing.B) {
	ego := traj.EgoState{V: 15, Length: 4.3, Width: 1.7}
	grid, err := bev.NewEgoGrid(ego, bev.DefaultEgoFrame)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for i := range grid.Data {
		grid.Data[i] = float32(rng.Float64())
	}
	cands := make([]traj.Trajectory, 252)
	for i := range cands {
		cands[i] = straight(10+float64(i%7), 8)
	}
	m := NewModel(DefaultFeaturizer, []int{32}, nn.SiLU, 1)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := m.headEnergy(&ego, grid, cands); err != nil {
			b.Fatal(err)
		}
	}
}
