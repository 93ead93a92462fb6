package infer

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/ebm-av/ebm_av/ebm"
)

type enumerate struct{}

func (enumerate) Name() string { return "enumerate" }

func (enumerate) Infer(p Problem, _ *rand.Rand) (Result, error) {
	if p.Energy == nil {
		return Result{}, errors.New("infer: enumerate: problem has no energy")
	}
	d := p.Energy.Dim()
	if len(p.Candidates) == 0 || len(p.Candidates)%d != 0 {
		return Result{}, fmt.Errorf("infer: enumerate: %d candidate values is not a positive multiple of the dimension %d",
			len(p.Candidates), d)
	}
	n := len(p.Candidates) / d
	if p.Mask != nil && len(p.Mask) != n {
		return Result{}, fmt.Errorf("infer: enumerate: mask has %d entries for %d candidates", len(p.Mask), n)
	}
	return rank(p.Energy, ebm.Batch{Size: 1, Candidates: n, Dim: d, X: p.Candidates, Mask: p.Mask})
}

// rank scores the candidates of b and returns the lowest-energy one.
func rank(e ebm.Energy, b ebm.Batch) (Result, error) {
	energies := make([]float64, b.Len())
	e.Energy(b, energies)
	ebm.ApplyMask(b, energies)
	best := ebm.Argmin(energies)
	if best < 0 {
		return Result{Index: -1, Energies: energies, Evaluations: b.Len()},
			errors.New("infer: every candidate is masked or has infinite or NaN energy")
	}
	return Result{
		X:           append([]float64(nil), b.Candidate(0, best)...),
		Energy:      energies[best],
		Index:       best,
		Energies:    energies,
		Evaluations: b.Len(),
	}, nil
}

type sampleRank struct{ cfg Config }

func (sampleRank) Name() string { return "sample_rank" }

func (m sampleRank) Infer(p Problem, rng *rand.Rand) (Result, error) {
	if p.Energy == nil {
		return Result{}, errors.New("infer: sample_rank: problem has no energy")
	}
	d := p.Energy.Dim()
	prop := p.Proposal
	if prop == nil {
		if len(p.Init) != d {
			return Result{}, fmt.Errorf("infer: sample_rank: no proposal and Init has %d values, want %d", len(p.Init), d)
		}
		prop = Gaussian{Mean: p.Init, Std: m.cfg.InitStd}
	}
	x := make([]float64, m.cfg.Samples*d)
	prop.Propose(rng, m.cfg.Samples, x)
	if p.Project != nil {
		for k := range m.cfg.Samples {
			p.Project(x[k*d : (k+1)*d])
		}
	}
	return rank(p.Energy, ebm.NewBatch(1, m.cfg.Samples, d, x))
}

// Gaussian proposes candidates from N(Mean, Std²·I).
type Gaussian struct {
	Mean []float64
	Std  float64
}

// Propose writes n draws, laid out [n][len(Mean)], to dst.
func (g Gaussian) Propose(rng *rand.Rand, n int, dst []float64) {
	d := len(g.Mean)
	for k := range n {
		for i, mu := range g.Mean {
			dst[k*d+i] = mu + g.Std*rng.NormFloat64()
		}
	}
}
