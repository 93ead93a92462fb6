package metrics

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestTopKAccuracy(t *testing.T) {
	energies := []float64{
		1, 0, 2, // positive 0 is second
		0, 1, 2, // positive 0 is first
		3, 3, 1, // positive 1 ties candidate 0 for second: counts as third
	}
	positives := []int{0, 0, 1}
	assert.InDelta(t, 1.0/3, TopKAccuracy(energies, 3, positives, 1), 1e-15)
	assert.InDelta(t, 2.0/3, TopKAccuracy(energies, 3, positives, 2), 1e-15)
	assert.Equal(t, 1.0, TopKAccuracy(energies, 3, positives, 3))
}

func TestEnergyStats(t *testing.T) {
	energies := []float64{1, 3, math.Inf(1), 2, 5, 7}
	s := Energies(energies, 3, []int{0, 0})
	assert.InDelta(t, 1.5, s.PositiveMean, 1e-15)
	assert.InDelta(t, 5, s.NegativeMean, 1e-15)
	assert.InDelta(t, 3.5, s.Gap, 1e-15)
}

func TestCollisionRate(t *testing.T) {
	energies := []float64{
		0, 1, // picks 0, which collides
		2, 1, // picks 1, free
		math.Inf(1), math.Inf(1), // nothing selectable
		5, 4, // picks 1, free
	}
	collides := func(set, candidate int) bool { return candidate == 0 }
	assert.Equal(t, 0.5, CollisionRate(energies, 2, collides))
}

func TestECEExact(t *testing.T) {
	// Two bins: [0, 0.5) holds 0.2 and 0.4 (mean 0.3, one correct, acc 0.5),
	// [0.5, 1] holds 0.9 and 1.0 (mean 0.95, both correct, acc 1).
	conf := []float64{0.2, 0.4, 0.9, 1}
	correct := []bool{true, false, true, true}
	bins := Reliability(conf, correct, 2)
	assert.Equal(t, 2, bins[0].Count)
	assert.InDelta(t, 0.3, bins[0].Confidence, 1e-15)
	assert.InDelta(t, 0.5, bins[0].Accuracy, 1e-15)
	assert.InDelta(t, 0.95, bins[1].Confidence, 1e-15)
	assert.InDelta(t, 0.5*0.2+0.5*0.05, ECE(conf, correct, 2), 1e-15)
	assert.True(t, math.IsNaN(ECE(nil, nil, 10)))
	assert.Panics(t, func() { ECE([]float64{1.5}, []bool{true}, 10) })
}

func TestLatencySummary(t *testing.T) {
	var l Latency
	for i := 1; i <= 20; i++ {
		l.Observe(time.Duration(i)*time.Millisecond, 100)
	}
	s := l.Summary()
	assert.Equal(t, 20, s.Batches)
	assert.Equal(t, 10500*time.Microsecond, s.Mean)
	assert.Equal(t, 10*time.Millisecond, s.P50)
	assert.Equal(t, 19*time.Millisecond, s.P95)
	assert.Equal(t, 20*time.Millisecond, s.Max)
	assert.Equal(t, 105*time.Microsecond, s.PerCandidate)
}
