package planner

import (
	"fmt"
	"math"
	"time"

	"github.com/ebm-av/ebm_av/traj"
)

// Scorer evaluates candidate trajectories: the weighted sum of its energy
// terms, the hard safety gate, the selection and the softmax probabilities.
// A Scorer holds scratch memory and is not safe for concurrent use.
type Scorer struct {
	terms      []Term
	weights    []float64
	gate       *Gate
	params     Params
	raw        []float64 // unweighted energies of the term being evaluated
	statistics bool
}

// Option configures a Scorer built by NewScorer.
type Option func(*Scorer) error

// WithLearned adds the Learned term wrapping fn, weighted by
// Params.Learned.Weight.
func WithLearned(fn EnergyFunc) Option {
	return func(s *Scorer) error {
		if fn == nil {
			return fmt.Errorf("planner: nil learned energy function")
		}
		return s.add(Learned{Fn: fn}, s.params.Learned.Weight)
	}
}

// WithTerm adds term t with weight w ≥ 0 after the built-in terms.
func WithTerm(t Term, w float64) Option {
	return func(s *Scorer) error { return s.add(t, w) }
}

// NewScorer returns a scorer with the analytic terms collision_risk, lane,
// comfort, progress, rules and uncertainty, in this order, followed by the
// terms that opts add. It returns an error naming the first invalid
// parameter.
func NewScorer(p Params, opts ...Option) (*Scorer, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	s := &Scorer{gate: NewGate(p.Gate), params: p, statistics: p.Statistics}
	builtin := []struct {
		term   Term
		weight float64
	}{
		{NewCollisionRisk(p.CollisionRisk), p.CollisionRisk.Weight},
		{NewLane(p.Lane), p.Lane.Weight},
		{NewComfort(p.Comfort), p.Comfort.Weight},
		{NewProgress(p.Progress), p.Progress.Weight},
		{NewRules(p.Rules), p.Rules.Weight},
		{NewUncertainty(p.Uncertainty), p.Uncertainty.Weight},
	}
	for _, b := range builtin {
		if err := s.add(b.term, b.weight); err != nil {
			return nil, err
		}
	}
	for _, opt := range opts {
		if err := opt(s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (s *Scorer) add(t Term, w float64) error {
	if t == nil {
		return fmt.Errorf("planner: nil term")
	}
	name := t.Name()
	if err := nonNegative.check(name+".weight", w); err != nil {
		return err
	}
	for _, u := range s.terms {
		if u.Name() == name {
			return fmt.Errorf("planner: duplicate term %q: term names must be unique", name)
		}
	}
	s.terms = append(s.terms, t)
	s.weights = append(s.weights, w)
	return nil
}

// Params returns the parameters the scorer was built with.
func (s *Scorer) Params() Params { return s.params }

// SetStatistics turns the per-term statistics of Result.Stats on or off.
func (s *Scorer) SetStatistics(on bool) { s.statistics = on }

// TermNames returns the names of the terms in evaluation order.
func (s *Scorer) TermNames() []string {
	names := make([]string, len(s.terms))
	for j, t := range s.terms {
		names[j] = t.Name()
	}
	return names
}

// Score evaluates cands in ctx and writes the outcome to res, reusing its
// memory. Terms with weight 0 are not evaluated and report zeros. It
// returns an error for invalid inputs, naming the value.
func (s *Scorer) Score(ctx *Context, cands []traj.Trajectory, res *Result) error {
	start := time.Now()
	if err := ctx.Validate(cands); err != nil {
		return err
	}
	ctx.Reset()
	nc := len(cands)
	res.resize(len(s.terms), nc)
	res.Temperature = s.params.Temperature
	res.TemperatureCalibrated = s.params.TemperatureCalibrated
	for j, t := range s.terms {
		res.Names[j] = t.Name()
		res.Weights[j] = s.weights[j]
	}
	if nc == 0 {
		res.Selected = NoSelection
		res.LogPartition = math.Inf(-1)
		s.finishStats(res, start)
		return nil
	}

	s.gate.Check(ctx, cands, res.Feasible, res.Rejections)

	// Build the ego–obstacle pair list once, for the largest reach any
	// weighted term reads.
	reach := 0.0
	for j, t := range s.terms {
		if pr, ok := t.(pairReacher); ok && s.weights[j] > 0 {
			reach = math.Max(reach, pr.pairReach(ctx, cands))
		}
	}
	if reach > 0 {
		ctx.nearPairs(cands, reach)
	}

	clear(res.Total)
	s.raw = grow(s.raw, nc)
	for j, t := range s.terms {
		weighted := res.Terms[j]
		if s.weights[j] == 0 {
			clear(weighted)
			continue
		}
		t.Evaluate(ctx, cands, s.raw)
		for i, e := range s.raw {
			weighted[i] = s.weights[j] * e
			res.Total[i] += weighted[i]
		}
	}
	s.rejectInvalidEnergies(res)

	res.Selected = NoSelection
	best := math.Inf(1)
	for i, e := range res.Total {
		if res.Feasible[i] && e < best {
			best, res.Selected = e, i
		}
	}
	res.LogPartition = Softmax(res.Total, res.Feasible, s.params.Temperature, res.Probability)
	s.finishStats(res, start)
	return nil
}

// rejectInvalidEnergies marks candidates with a NaN or infinite weighted
// term infeasible, so that no selection or probability reads them.
func (s *Scorer) rejectInvalidEnergies(res *Result) {
	for i, e := range res.Total {
		if !math.IsNaN(e) && !math.IsInf(e, 0) {
			continue
		}
		for j := range res.Terms {
			if v := res.Terms[j][i]; math.IsNaN(v) || math.IsInf(v, 0) {
				res.Feasible[i] = false
				res.Rejections[i] = Rejection{Check: CheckEnergy, Quantity: res.Names[j]}
				break
			}
		}
	}
}

func (s *Scorer) finishStats(res *Result, start time.Time) {
	if !s.statistics {
		res.Stats = nil
		return
	}
	res.Stats = res.statsBuf[:len(s.terms)]
	for j := range s.terms {
		res.Stats[j] = termStats(res.Names[j], res.Terms[j])
	}
	res.Elapsed = time.Since(start)
}
