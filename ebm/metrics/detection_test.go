package metrics

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDetectionHandComputed(t *testing.T) {
	// Sorted by score: 0.8 (pos), 0.4 (neg), 0.35 (pos), 0.1 (neg).
	// Of the four positive/negative pairs, three rank the positive higher.
	scores := []float64{0.1, 0.4, 0.35, 0.8}
	positive := []bool{false, false, true, true}

	assert.InDelta(t, 0.75, AUROC(scores, positive), 1e-15)
	// Precision at the two positives is 1/1 and 2/3, each worth recall 1/2.
	assert.InDelta(t, 0.5*1+0.5*2.0/3, AUPR(scores, positive), 1e-15)
	assert.Equal(t, 0.0, FPRAtTPR(scores, positive, 0.5))
	assert.Equal(t, 0.5, FPRAtTPR(scores, positive, 0.95))
	assert.Equal(t, 0.5, FPRAtTPR(scores, positive, 1))
}

func TestDetectionTies(t *testing.T) {
	// The positive ties one negative (half credit) and beats the other.
	scores := []float64{1, 1, 0}
	positive := []bool{true, false, false}

	assert.InDelta(t, 0.75, AUROC(scores, positive), 1e-15)
	assert.InDelta(t, 0.5, AUPR(scores, positive), 1e-15)
	assert.Equal(t, 0.5, FPRAtTPR(scores, positive, 0.95))
}

func TestDetectionPerfectAndReversed(t *testing.T) {
	scores := []float64{4, 3, 2, 1}
	positive := []bool{true, true, false, false}
	assert.Equal(t, 1.0, AUROC(scores, positive))
	assert.Equal(t, 1.0, AUPR(scores, positive))
	assert.Equal(t, 0.0, FPRAtTPR(scores, positive, 0.95))

	reversed := []bool{false, false, true, true}
	assert.Equal(t, 0.0, AUROC(scores, reversed))
	assert.Equal(t, 1.0, FPRAtTPR(scores, reversed, 0.95))
}

func TestDetectionSingleClass(t *testing.T) {
	scores := []float64{1, 2}
	assert.True(t, math.IsNaN(AUROC(scores, []bool{true, true})))
	assert.True(t, math.IsNaN(AUPR(scores, []bool{false, false})))
	assert.True(t, math.IsNaN(FPRAtTPR(scores, []bool{false, false}, 0.95)))
}

func TestDetectionInvalidInput(t *testing.T) {
	assert.Panics(t, func() { AUROC([]float64{1}, []bool{true, false}) })
	assert.Panics(t, func() { AUROC([]float64{math.NaN(), 1}, []bool{true, false}) })
	assert.Panics(t, func() { FPRAtTPR([]float64{1, 0}, []bool{true, false}, 0) })
}

func TestAUROCMatchesPairCount(t *testing.T) {
	// Brute-force Mann–Whitney count over all pairs on a set with ties.
	scores := []float64{0.3, 0.7, 0.7, 0.1, 0.9, 0.3, 0.5, 0.7, 0.2, 0.5}
	positive := []bool{true, false, true, false, true, false, true, true, false, false}
	var wins, pairs float64
	for i := range scores {
		for j := range scores {
			if !positive[i] || positive[j] {
				continue
			}
			pairs++
			switch {
			case scores[i] > scores[j]:
				wins++
			case scores[i] == scores[j]:
				wins += 0.5
			}
		}
	}
	assert.InDelta(t, wins/pairs, AUROC(scores, positive), 1e-15)
}
