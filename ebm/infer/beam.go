package infer

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// PrefixEnergy scores partial token sequences for beam search. A sequence
// has Length tokens from {0, …, Vocabulary−1}.
type PrefixEnergy interface {
	Vocabulary() int
	Length() int
	// PrefixEnergy writes the energies of n prefixes of l tokens each,
	// laid out [n][l], to out. At l = Length it scores complete sequences.
	PrefixEnergy(prefixes []int, n, l int, out []float64)
}

type beam struct{ cfg Config }

func (beam) Name() string { return "beam" }

// Infer extends the Config.BeamWidth lowest-energy prefixes by every token
// at each position and returns the lowest-energy complete sequence. When
// BeamWidth ≥ Vocabulary^(Length−1) the search is exhaustive.
func (m beam) Infer(p Problem, _ *rand.Rand) (Result, error) {
	s := p.Sequence
	if s == nil {
		return Result{}, errors.New("infer: beam: problem has no prefix energy")
	}
	v, length := s.Vocabulary(), s.Length()
	if v <= 0 || length <= 0 {
		return Result{}, fmt.Errorf("infer: beam: vocabulary %d and length %d must be positive", v, length)
	}
	width := m.cfg.BeamWidth
	beams := [][]int{{}}
	var res Result
	for l := 1; l <= length; l++ {
		n := len(beams) * v
		flat := make([]int, 0, n*l)
		for _, b := range beams {
			for tok := range v {
				flat = append(append(flat, b...), tok)
			}
		}
		energies := make([]float64, n)
		s.PrefixEnergy(flat, n, l, energies)
		res.Evaluations += n
		order := make([]int, n)
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool { return less(energies[order[a]], energies[order[b]]) })
		keep := min(width, n)
		beams = beams[:0:0]
		for _, i := range order[:keep] {
			if math.IsNaN(energies[i]) || math.IsInf(energies[i], 1) {
				break
			}
			beams = append(beams, flat[i*l:(i+1)*l])
		}
		if len(beams) == 0 {
			return res, fmt.Errorf("infer: beam: every prefix of length %d has infinite or NaN energy", l)
		}
		if l == length {
			res.Tokens = append([]int(nil), beams[0]...)
			res.Energy = energies[order[0]]
		}
	}
	res.Index = -1
	res.X = make([]float64, len(res.Tokens))
	for i, tok := range res.Tokens {
		res.X[i] = float64(tok)
	}
	return res, nil
}
