package train

import (
	"fmt"
	"math"

	"github.com/ebm-av/ebm_av/ebm"
)

// RankingLoss is a loss on the energies of b.Size candidate sets, each with
// one positive candidate. The other candidates are its negatives, except
// masked ones, which the loss ignores.
type RankingLoss interface {
	// Loss returns the mean loss over the sets and writes ∂loss/∂E to dE
	// (length b.Len()).
	Loss(b ebm.Batch, energies []float64, positives []int, dE []float64) float64
}

// Margin is the pairwise hinge loss mean over negatives of
// max(0, Margin + E⁺ − E⁻): every negative should lie at least Margin above
// the positive.
type Margin struct{ Margin float64 }

// Loss implements RankingLoss.
func (m Margin) Loss(b ebm.Batch, energies []float64, positives []int, dE []float64) float64 {
	checkRanking(b, energies, positives, dE)
	clear(dE)
	var total float64
	for i, pos := range positives {
		p := i*b.Candidates + pos
		var loss float64
		negatives := 0
		for k := range b.Candidates {
			n := i*b.Candidates + k
			if k == pos || !b.Valid(n) {
				continue
			}
			negatives++
			if h := m.Margin + energies[p] - energies[n]; h > 0 {
				loss += h
				dE[p]++
				dE[n]--
			}
		}
		if negatives == 0 {
			continue
		}
		total += loss / float64(negatives)
		scale := 1 / float64(negatives*b.Size)
		for k := range b.Candidates {
			dE[i*b.Candidates+k] *= scale
		}
	}
	return total / float64(b.Size)
}

// Softmax is the cross-entropy of the positive under softmax(−E/T) over its
// set, −log p⁺ = E⁺/T + log Σ_k exp(−E_k/T), with temperature T > 0.
type Softmax struct{ Temperature float64 }

// Loss implements RankingLoss.
func (s Softmax) Loss(b ebm.Batch, energies []float64, positives []int, dE []float64) float64 {
	checkRanking(b, energies, positives, dE)
	T := s.Temperature
	if !(T > 0) {
		panic(fmt.Sprintf("train: softmax temperature %g must be positive", T))
	}
	masked := make([]float64, b.Candidates)
	var total float64
	for i, pos := range positives {
		row := energies[i*b.Candidates : (i+1)*b.Candidates]
		copy(masked, row)
		for k := range masked {
			if !b.Valid(i*b.Candidates + k) {
				masked[k] = math.Inf(1)
			}
		}
		grad := dE[i*b.Candidates : (i+1)*b.Candidates]
		free := ebm.Boltzmann(grad, masked, T)
		total += (masked[pos] - free) / T
		// ∂/∂E_k = (1[k = pos] − p_k)/T, averaged over the sets.
		for k := range grad {
			grad[k] = -grad[k] / T
		}
		grad[pos] += 1 / T
		for k := range grad {
			grad[k] /= float64(b.Size)
		}
	}
	return total / float64(b.Size)
}

func checkRanking(b ebm.Batch, energies []float64, positives []int, dE []float64) {
	if len(energies) != b.Len() || len(dE) != b.Len() || len(positives) != b.Size {
		panic(fmt.Sprintf("train: ranking over %d sets of %d needs %d energies and gradients and %d positives, have %d, %d, %d",
			b.Size, b.Candidates, b.Len(), b.Size, len(energies), len(dE), len(positives)))
	}
	for i, pos := range positives {
		if pos < 0 || pos >= b.Candidates || !b.Valid(i*b.Candidates+pos) {
			panic(fmt.Sprintf("train: positive %d of set %d is out of range or masked", pos, i))
		}
	}
}

// RankingStep evaluates m on b, applies the loss and adds the parameter
// gradient of the loss to grad. It returns the loss.
func RankingStep(m Model, loss RankingLoss, b ebm.Batch, positives []int, grad []float64) float64 {
	energies := make([]float64, b.Len())
	dE := make([]float64, b.Len())
	m.Energy(b, energies)
	l := loss.Loss(b, energies, positives, dE)
	m.ParamGrad(b, dE, grad)
	return l
}
