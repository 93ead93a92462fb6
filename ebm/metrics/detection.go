package metrics

import (
	"fmt"
	"math"
	"sort"
)

// rankedCounts sorts the examples by descending score and returns, for each
// group of tied scores, the cumulative counts of positives and negatives
// at or above that score. Groups keep ties together so every threshold the
// curves visit can be realised by a real decision rule.
func rankedCounts(scores []float64, positive []bool) (tp, fp []int, nPos, nNeg int) {
	if len(scores) != len(positive) {
		panic(fmt.Sprintf("metrics: %d scores for %d labels", len(scores), len(positive)))
	}
	order := make([]int, len(scores))
	for i := range order {
		order[i] = i
		if math.IsNaN(scores[i]) {
			panic(fmt.Sprintf("metrics: score %d is NaN", i))
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return scores[order[a]] > scores[order[b]] })
	for i := 0; i < len(order); {
		j := i
		for j < len(order) && scores[order[j]] == scores[order[i]] {
			if positive[order[j]] {
				nPos++
			} else {
				nNeg++
			}
			j++
		}
		tp = append(tp, nPos)
		fp = append(fp, nNeg)
		i = j
	}
	return tp, fp, nPos, nNeg
}

// AUROC returns the area under the ROC curve of scores against the labels,
// where a higher score means more likely positive. It equals the probability
// that a random positive scores above a random negative, with ties counted
// one half. It returns NaN when either class is empty and panics when the
// slices differ in length or a score is NaN.
func AUROC(scores []float64, positive []bool) float64 {
	tp, fp, nPos, nNeg := rankedCounts(scores, positive)
	if nPos == 0 || nNeg == 0 {
		return math.NaN()
	}
	// Trapezoidal area over the tie groups; a trapezoid is exactly the
	// one-half credit for tied positive/negative pairs.
	var area float64
	prevTP, prevFP := 0, 0
	for g := range tp {
		area += float64(fp[g]-prevFP) * float64(tp[g]+prevTP) / 2
		prevTP, prevFP = tp[g], fp[g]
	}
	return area / (float64(nPos) * float64(nNeg))
}

// AUPR returns the area under the precision-recall curve as average
// precision, Σ (Rₙ − Rₙ₋₁)·Pₙ over the thresholds n, where a higher score
// means more likely positive and tied scores share one threshold. It returns
// NaN when there are no positives and panics when the slices differ in
// length or a score is NaN.
func AUPR(scores []float64, positive []bool) float64 {
	tp, fp, nPos, _ := rankedCounts(scores, positive)
	if nPos == 0 {
		return math.NaN()
	}
	var ap float64
	prevTP := 0
	for g := range tp {
		if tp[g] == prevTP {
			continue
		}
		precision := float64(tp[g]) / float64(tp[g]+fp[g])
		ap += float64(tp[g]-prevTP) / float64(nPos) * precision
		prevTP = tp[g]
	}
	return ap
}

// FPRAtTPR returns the false positive rate at the highest threshold whose
// true positive rate reaches tpr, for example 0.95. A higher score means more
// likely positive, and an example counts as detected when its score is at or
// above the threshold. It returns NaN when either class is empty. It panics
// when tpr is outside (0, 1], the slices differ in length or a score is NaN.
func FPRAtTPR(scores []float64, positive []bool, tpr float64) float64 {
	if !(tpr > 0 && tpr <= 1) {
		panic(fmt.Sprintf("metrics: TPR %g outside (0, 1]", tpr))
	}
	tp, fp, nPos, nNeg := rankedCounts(scores, positive)
	if nPos == 0 || nNeg == 0 {
		return math.NaN()
	}
	for g := range tp {
		if float64(tp[g]) >= tpr*float64(nPos)-1e-9 {
			return float64(fp[g]) / float64(nNeg)
		}
	}
	return 1
}
