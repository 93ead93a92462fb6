package calib

import (
	"errors"
	"fmt"
	"math"

	"github.com/ebm-av/ebm_av/ebm"
	"github.com/ebm-av/ebm_av/ebm/metrics"
)

// Sets is a held-out collection of candidate sets: Energies laid out
// [len(Labels)][Candidates], and Labels the index of the correct
// candidate in each set. Masked candidates have energy +Inf.
type Sets struct {
	Energies   []float64
	Candidates int
	Labels     []int
}

// Validate checks the shape and labels of s.
func (s Sets) Validate() error {
	if s.Candidates <= 0 || len(s.Labels) == 0 || len(s.Energies) != s.Candidates*len(s.Labels) {
		return fmt.Errorf("calib: %d energies do not form %d sets of %d candidates", len(s.Energies), len(s.Labels), s.Candidates)
	}
	for i, y := range s.Labels {
		if y < 0 || y >= s.Candidates {
			return fmt.Errorf("calib: label %d of set %d is outside [0, %d)", y, i, s.Candidates)
		}
		if e := s.Energies[i*s.Candidates+y]; math.IsInf(e, 1) || math.IsNaN(e) {
			return fmt.Errorf("calib: the labelled candidate of set %d has energy %g", i, e)
		}
	}
	return nil
}

func (s Sets) row(i int) []float64 { return s.Energies[i*s.Candidates : (i+1)*s.Candidates] }

// NLL returns the mean negative log-likelihood of the labels under
// softmax(−E/τ) and its derivative with respect to τ,
// mean(E_y − Σ_k p_k E_k)·(−1/τ²).
func (s Sets) NLL(tau float64) (nll, dTau float64) {
	p := make([]float64, s.Candidates)
	for i, y := range s.Labels {
		row := s.row(i)
		free := ebm.Boltzmann(p, row, tau)
		nll += (row[y] - free) / tau
		var mean float64
		for k, e := range row {
			if p[k] > 0 {
				mean += p[k] * e
			}
		}
		dTau += (mean - row[y]) / (tau * tau)
	}
	n := float64(len(s.Labels))
	return nll / n, dTau / n
}

// FitTemperature returns the τ > 0 minimising NLL on s and the NLL there.
// The NLL is convex in the inverse temperature β = 1/τ, a log-sum-exp of
// functions linear in β, so its derivative mean(E_y − Σ_k p_k E_k) is
// nondecreasing in β and FitTemperature finds its root by bisection. It
// returns an error when the labelled candidate has the lowest energy in
// every set, because the NLL then falls all the way to τ = 0, and when the
// root lies beyond τ = 1e-6.
//
// NOTE: gonum's optimize package would serve here, but it imports
// stat/distmv, which needs golang.org/x/tools in go.sum.
func FitTemperature(s Sets) (tau, nll float64, err error) {
	if err := s.Validate(); err != nil {
		return 0, 0, err
	}
	if s.separable() {
		return 0, 0, errors.New("calib: the labelled candidate has the lowest energy in every set, so the NLL falls towards τ = 0 and no finite temperature fits")
	}
	slope := func(beta float64) float64 {
		_, d := s.NLL(1 / beta)
		// dNLL/dβ = dNLL/dτ · dτ/dβ = dNLL/dτ · (−τ²).
		return -d / (beta * beta)
	}
	lo, hi := 0.0, 1.0
	for slope(hi) < 0 {
		lo, hi = hi, 2*hi
		if hi > 1e6 {
			return 0, 0, fmt.Errorf("calib: NLL still falls at τ = %g; no finite temperature fits", 1/hi)
		}
	}
	for range 200 {
		mid := 0.5 * (lo + hi)
		if slope(mid) < 0 {
			lo = mid
		} else {
			hi = mid
		}
		if hi-lo <= 1e-12*hi {
			break
		}
	}
	tau = 2 / (lo + hi)
	nll, _ = s.NLL(tau)
	return tau, nll, nil
}

// separable reports whether every labelled candidate has the lowest energy
// of its set.
func (s Sets) separable() bool {
	for i, y := range s.Labels {
		for _, e := range s.row(i) {
			if e < s.row(i)[y] {
				return false
			}
		}
	}
	return true
}

// Confidences returns, for every set, the probability of the predicted
// (lowest-energy) candidate under softmax(−E/τ) and whether it is the
// labelled one: the inputs of metrics.ECE and metrics.Reliability.
func Confidences(s Sets, tau float64) (confidence []float64, correct []bool) {
	p := make([]float64, s.Candidates)
	for i, y := range s.Labels {
		ebm.Boltzmann(p, s.row(i), tau)
		best := ebm.Argmin(s.row(i))
		confidence = append(confidence, p[best])
		correct = append(correct, best == y)
	}
	return confidence, correct
}

// ECE returns the expected calibration error of s at temperature τ over
// bins equal-width confidence bins, with the reliability diagram.
func ECE(s Sets, tau float64, bins int) (float64, []metrics.Bin) {
	c, ok := Confidences(s, tau)
	return metrics.ECE(c, ok, bins), metrics.Reliability(c, ok, bins)
}
