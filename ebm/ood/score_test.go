package ood

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/ebm-av/ebm_av/ebm/metrics"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEnergyScoreExact(t *testing.T) {
	// −T·log(e^{1/T} + e^{2/T}) at T = 2.
	want := -2 * math.Log(math.Exp(0.5)+math.Exp(1))
	assert.InDelta(t, want, EnergyScore([]float64{1, 2}, 2), 1e-14)
	// Large logits must not overflow.
	assert.InDelta(t, -1000-math.Log(2), EnergyScore([]float64{1000, 1000}, 1), 1e-9)
	assert.True(t, math.IsInf(EnergyScore(nil, 1), 1))
	assert.Panics(t, func() { EnergyScore([]float64{1}, 0) })
}

func TestMaxSoftmaxExact(t *testing.T) {
	assert.InDelta(t, math.E/(math.E+2), MaxSoftmax([]float64{1, 0, 0}), 1e-15)
	assert.InDelta(t, 0.25, MaxSoftmax([]float64{-800, -800, -800, -800}), 1e-15)
	assert.True(t, math.IsNaN(MaxSoftmax(nil)))
}

// TestEnergyBeatsMSP builds logits where the in-distribution inputs have large
// logits split between two classes (low MSP, very low energy) and the
// out-of-distribution inputs have small logits with one clear winner (higher
// MSP, higher energy). MSP ranks them the wrong way round; the energy score
// separates them.
func TestEnergyBeatsMSP(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 200
	var energy, negMSP []float64
	var isOOD []bool
	for i := range 2 * n {
		ood := i >= n
		logits := make([]float64, 5)
		if ood {
			logits[0] = 2 + 0.3*rng.NormFloat64()
		} else {
			logits[0] = 10 + rng.NormFloat64()
			logits[1] = logits[0] - 0.2*rng.Float64()
		}
		for k := 2; k < 5; k++ {
			logits[k] += 0.1 * rng.NormFloat64()
		}
		energy = append(energy, EnergyScore(logits, 1))
		negMSP = append(negMSP, -MaxSoftmax(logits))
		isOOD = append(isOOD, ood)
	}

	energyAUROC := metrics.AUROC(energy, isOOD)
	mspAUROC := metrics.AUROC(negMSP, isOOD)
	t.Logf("AUROC energy %.4f, MSP %.4f", energyAUROC, mspAUROC)
	require.Greater(t, energyAUROC, mspAUROC)
	assert.Equal(t, 1.0, energyAUROC)
	assert.Less(t, mspAUROC, 0.05)
	assert.Equal(t, 0.0, metrics.FPRAtTPR(energy, isOOD, 0.95))
	assert.Greater(t, metrics.FPRAtTPR(negMSP, isOOD, 0.95), 0.9)
}
