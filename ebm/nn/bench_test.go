package nn

import (
	"testing"

	"github.com/ebm-av/ebm_av/ebm"
)

// Benchmark configuration: 2000 candidates of 56 steps scored by a
// 16→32→32→1 head over 16 channels of a 200×200 BEV raster.
const (
	benchCandidates = 2000
	benchSteps      = 56
	benchChannels   = 16
	benchGrid       = 200
)

func benchSetup(b *testing.B, hidden Activation) (*StepEnergy, *StepWorkspace, ebm.Batch, []float64) {
	e, s := newStepEnergyAct(b, benchSteps, benchChannels, benchGrid, []int{32, 32}, hidden)
	x := randomCandidates(3, s, benchCandidates, benchSteps)
	return e, e.NewWorkspace(), ebm.NewBatch(1, benchCandidates, e.Dim(), x), make([]float64, benchCandidates)
}

func BenchmarkStepEnergyForward(b *testing.B) {
	for _, hidden := range []Activation{ReLU, Softplus} {
		b.Run(hidden.String(), func(b *testing.B) {
			e, ws, batch, out := benchSetup(b, hidden)
			b.ReportAllocs()
			for b.Loop() {
				e.EnergyTo(ws, batch, out)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchCandidates, "ns/candidate")
		})
	}
}

func BenchmarkStepEnergyForwardGrad(b *testing.B) {
	for _, hidden := range []Activation{ReLU, Softplus} {
		b.Run(hidden.String(), func(b *testing.B) {
			e, ws, batch, out := benchSetup(b, hidden)
			grad := make([]float64, len(batch.X))
			b.ReportAllocs()
			for b.Loop() {
				e.EnergyGradTo(ws, batch, out, grad)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchCandidates, "ns/candidate")
		})
	}
}

func BenchmarkBEVSample(b *testing.B) {
	_, s := newStepEnergy(b, 1, benchChannels, benchGrid, []int{4})
	x := randomCandidates(4, s, 1, 1)
	out := make([]float64, benchChannels)
	b.ReportAllocs()
	for b.Loop() {
		s.Sample(x[0], x[1], out, nil, nil)
	}
}
