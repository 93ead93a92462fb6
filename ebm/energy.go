package ebm

import "fmt"

// Batch is a set of candidates for Size independent problems, with
// Candidates candidates per problem and Dim values per candidate. X is laid
// out [Size][Candidates][Dim] and energies, masks and other per-candidate
// values are laid out [Size][Candidates].
type Batch struct {
	Size, Candidates, Dim int
	X                     []float64
	// Mask marks valid candidates with true. A nil Mask means every
	// candidate is valid.
	Mask []bool
}

// NewBatch returns a batch over x, which must hold size×candidates×dim values.
// It panics when the length of x disagrees with the shape.
func NewBatch(size, candidates, dim int, x []float64) Batch {
	b := Batch{Size: size, Candidates: candidates, Dim: dim, X: x}
	b.check()
	return b
}

// Len returns the number of candidates in the batch, Size×Candidates.
func (b Batch) Len() int { return b.Size * b.Candidates }

// Candidate returns the values of candidate k of problem i, aliasing X.
func (b Batch) Candidate(i, k int) []float64 {
	off := (i*b.Candidates + k) * b.Dim
	return b.X[off : off+b.Dim : off+b.Dim]
}

// Valid reports whether candidate index n (over [Size][Candidates]) is valid.
func (b Batch) Valid(n int) bool { return b.Mask == nil || b.Mask[n] }

func (b Batch) check() {
	if b.Size < 0 || b.Candidates < 0 || b.Dim <= 0 {
		panic(fmt.Sprintf("ebm: invalid batch shape [%d, %d, %d]", b.Size, b.Candidates, b.Dim))
	}
	if len(b.X) != b.Size*b.Candidates*b.Dim {
		panic(fmt.Sprintf("ebm: batch [%d, %d, %d] needs %d values, have %d",
			b.Size, b.Candidates, b.Dim, b.Size*b.Candidates*b.Dim, len(b.X)))
	}
	if b.Mask != nil && len(b.Mask) != b.Len() {
		panic(fmt.Sprintf("ebm: mask has %d entries for %d candidates", len(b.Mask), b.Len()))
	}
}

// Energy assigns a scalar energy to each candidate; lower is better.
// Implementations may ignore Mask, because callers apply it with ApplyMask.
type Energy interface {
	// Dim returns the number of values per candidate the energy accepts.
	Dim() int
	// Energy writes the energy of every candidate in b to out, which has
	// length b.Len().
	Energy(b Batch, out []float64)
}

// Differentiable is an energy with a gradient with respect to the candidate.
type Differentiable interface {
	Energy
	// EnergyGrad writes the energies to out (length b.Len()) and ∂E/∂x to
	// grad (length len(b.X), laid out like b.X).
	EnergyGrad(b Batch, out, grad []float64)
}

// Decomposed is an energy that is a sum of named terms, for inspection and
// weighting.
type Decomposed interface {
	Energy
	// TermNames returns the names of the terms in the order EnergyTerms
	// writes them.
	TermNames() []string
	// EnergyTerms writes the terms to terms, laid out
	// [Size][Candidates][len(TermNames())]. Their sum over the last axis
	// is the energy.
	EnergyTerms(b Batch, terms []float64)
}

// Check panics with a description when b or the output lengths disagree
// with each other or with the energy's dimension. Energies call it at the
// top of Energy and EnergyGrad; grad may be nil.
func Check(e Energy, b Batch, out, grad []float64) {
	b.check()
	if b.Dim != e.Dim() {
		panic(fmt.Sprintf("ebm: batch has %d values per candidate, energy expects %d", b.Dim, e.Dim()))
	}
	if len(out) != b.Len() {
		panic(fmt.Sprintf("ebm: energy output has length %d for %d candidates", len(out), b.Len()))
	}
	if grad != nil && len(grad) != len(b.X) {
		panic(fmt.Sprintf("ebm: gradient output has length %d for %d values", len(grad), len(b.X)))
	}
}
