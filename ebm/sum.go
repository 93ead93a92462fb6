package ebm

import "fmt"

// Term is one named, weighted energy of a Sum.
type Term struct {
	Name   string
	Weight float64
	Energy Energy
}

// Sum is the energy Σ_i w_i E_i(x) of named terms over the same
// candidates. It reports each weighted term through EnergyTerms and is
// differentiable when every term is.
type Sum struct {
	Terms   []Term
	scratch []float64
	grad    []float64
}

// NewSum returns the sum of terms, which must agree on the candidate
// dimension and have distinct names.
func NewSum(terms ...Term) (*Sum, error) {
	if len(terms) == 0 {
		return nil, fmt.Errorf("ebm: a sum needs at least one term")
	}
	seen := map[string]bool{}
	for i, t := range terms {
		if t.Energy.Dim() != terms[0].Energy.Dim() {
			return nil, fmt.Errorf("ebm: term %q has dimension %d, term %q has %d", t.Name, t.Energy.Dim(), terms[0].Name, terms[0].Energy.Dim())
		}
		if seen[t.Name] {
			return nil, fmt.Errorf("ebm: term %d repeats the name %q", i, t.Name)
		}
		seen[t.Name] = true
	}
	return &Sum{Terms: terms}, nil
}

// Dim returns the terms' candidate dimension.
func (s *Sum) Dim() int { return s.Terms[0].Energy.Dim() }

// TermNames returns the term names in order.
func (s *Sum) TermNames() []string {
	names := make([]string, len(s.Terms))
	for i, t := range s.Terms {
		names[i] = t.Name
	}
	return names
}

func (s *Sum) buffers(n, values int) {
	if cap(s.scratch) < n {
		s.scratch = make([]float64, n)
	}
	if cap(s.grad) < values {
		s.grad = make([]float64, values)
	}
	s.scratch, s.grad = s.scratch[:n], s.grad[:values]
}

// Energy writes the weighted sum for every candidate of b.
func (s *Sum) Energy(b Batch, out []float64) {
	Check(s, b, out, nil)
	s.buffers(len(out), 0)
	clear(out)
	for _, t := range s.Terms {
		t.Energy.Energy(b, s.scratch)
		for n, v := range s.scratch {
			out[n] += t.Weight * v
		}
	}
}

// EnergyTerms writes w_i E_i for every candidate and term, laid out
// [Size][Candidates][len(Terms)].
func (s *Sum) EnergyTerms(b Batch, terms []float64) {
	k := len(s.Terms)
	if len(terms) != b.Len()*k {
		panic(fmt.Sprintf("ebm: term output has length %d for %d candidates and %d terms", len(terms), b.Len(), k))
	}
	s.buffers(b.Len(), 0)
	for i, t := range s.Terms {
		t.Energy.Energy(b, s.scratch)
		for n, v := range s.scratch {
			terms[n*k+i] = t.Weight * v
		}
	}
}

// EnergyGrad writes the weighted sum and its gradient. It panics when a
// term is not Differentiable.
func (s *Sum) EnergyGrad(b Batch, out, grad []float64) {
	Check(s, b, out, grad)
	s.buffers(len(out), len(grad))
	clear(out)
	clear(grad)
	for _, t := range s.Terms {
		d, ok := t.Energy.(Differentiable)
		if !ok {
			panic(fmt.Sprintf("ebm: term %q has no gradient", t.Name))
		}
		d.EnergyGrad(b, s.scratch, s.grad)
		for n, v := range s.scratch {
			out[n] += t.Weight * v
		}
		for i, g := range s.grad {
			grad[i] += t.Weight * g
		}
	}
}
