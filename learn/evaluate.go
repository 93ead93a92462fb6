package learn

import (
	"fmt"
	"math"

	"github.com/ebm-av/ebm_av/ebm"
	"github.com/ebm-av/ebm_av/ebm/calib"
	"github.com/ebm-av/ebm_av/ebm/metrics"
	"github.com/ebm-av/ebm_av/eval"
	"github.com/ebm-av/ebm_av/planner"
	"github.com/ebm-av/ebm_av/traj"
)

// Method is an energy compared in the evaluation.
type Method struct {
	Name string
	// Weights are the planner weights of the analytic terms, in
	// AnalyticTerms order.
	Weights []float64
	// Model adds the learned head; nil for an analytic baseline.
	Model *Model
	// Refine, with a Model, replaces the selected candidate by its
	// refinement through the head (Model.Refine) when the gate accepts it.
	Refine *RefineOptions
}

// Baselines returns the two hand-tuned analytic presets.
func Baselines() []Method {
	return []Method{
		{Name: "apollo_lattice", Weights: presetWeights(planner.ApolloLatticeParams())},
		{Name: "autoware_ranker", Weights: presetWeights(planner.AutowareRankerParams())},
	}
}

// Learned returns the method of a trained model.
func Learned(m *Model) Method {
	return Method{Name: "learned", Weights: m.PlannerWeights(), Model: m}
}

// LearnedRefined returns the method of a trained model whose selection is
// refined by projected gradient descent.
func LearnedRefined(m *Model, opts RefineOptions) Method {
	return Method{Name: "learned+pgd", Weights: m.PlannerWeights(), Model: m, Refine: &opts}
}

func presetWeights(p planner.Params) []float64 {
	return []float64{p.CollisionRisk.Weight, p.Lane.Weight, p.Comfort.Weight,
		p.Progress.Weight, p.Rules.Weight, p.Uncertainty.Weight}
}

// MethodResult is the open-loop evaluation of one method on one site.
type MethodResult struct {
	Method  string
	Metrics eval.PlannerMetrics // pooled over the site's scenarios
	// Temperature is τ fitted on the validation cycles of the training
	// sites; ECEBefore is at τ = 1 and ECEAfter at the fitted τ, over the
	// per-cycle softmax across all candidates with the human-nearest
	// candidate as the correct one.
	Temperature         float64
	ECEBefore, ECEAfter float64
	// BinsBefore and BinsAfter are the reliability bins at τ = 1 and at
	// the fitted τ.
	BinsBefore, BinsAfter []metrics.Bin
}

// cycleEnergies holds the energies every method assigns to the candidates
// of one cycle, with the gate result and the human-nearest candidate.
type cycleEnergies struct {
	sample   *Sample
	energy   [][]float64 // [method][candidate]
	feasible []bool
	nearest  int
}

// Evaluate scores the test samples with every method, fits each method's
// temperature on the validation samples and returns one result per method.
func Evaluate(methods []Method, test, val []Sample) ([]MethodResult, error) {
	testE, err := energies(methods, test)
	if err != nil {
		return nil, err
	}
	valE, err := energies(methods, val)
	if err != nil {
		return nil, err
	}
	out := make([]MethodResult, len(methods))
	for mi, m := range methods {
		r := MethodResult{Method: m.Name}
		byScenario := map[string][]eval.Cycle{}
		var names []string
		for _, ce := range testE {
			s := ce.sample
			e := ce.energy[mi]
			c := eval.Cycle{Candidates: s.Candidates, Energy: e, Feasible: ce.feasible, Selected: -1,
				Human: s.Human, Obstacles: s.Recorded, Ego: s.Ego, Latency: math.NaN()}
			best := math.Inf(1)
			for i, v := range e {
				if ce.feasible[i] && v < best {
					best, c.Selected = v, i
				}
			}
			if m.Refine != nil && m.Model != nil && c.Selected >= 0 {
				if err := refineSelection(&c, s, m); err != nil {
					return nil, err
				}
			}
			if _, ok := byScenario[s.Scenario]; !ok {
				names = append(names, s.Scenario)
			}
			byScenario[s.Scenario] = append(byScenario[s.Scenario], c)
		}
		var parts []eval.PlannerMetrics
		for _, n := range names {
			parts = append(parts, eval.EvaluatePlanner(n, byScenario[n], eval.Collides))
		}
		r.Metrics = eval.TotalPlanner(parts)

		testSets, valSets := calibrationSets(testE, mi), calibrationSets(valE, mi)
		r.Temperature = 1
		if len(valSets.Labels) > 0 {
			tau, _, err := calib.FitTemperature(valSets)
			if err != nil {
				return nil, fmt.Errorf("learn: %s: temperature: %w", m.Name, err)
			}
			r.Temperature = tau
		}
		if len(testSets.Labels) > 0 {
			r.ECEBefore, r.BinsBefore = calib.ECE(testSets, 1, 10)
			r.ECEAfter, r.BinsAfter = calib.ECE(testSets, r.Temperature, 10)
		}
		out[mi] = r
	}
	return out, nil
}

// refineSelection replaces the selected candidate of c by its refinement.
func refineSelection(c *eval.Cycle, s *Sample, m Method) error {
	var ctx planner.Context
	plannerContext(&ctx, &s.Cycle)
	refined, ok, err := m.Model.Refine(&ctx, c.Candidates[c.Selected], *m.Refine)
	if err != nil || !ok {
		return err
	}
	c.Candidates = append([]traj.Trajectory(nil), c.Candidates...)
	c.Candidates[c.Selected] = refined
	return nil
}

// calibrationSets lays out method mi's energies of the cycles with a human
// future as calibration sets, padding with +Inf.
func calibrationSets(ces []cycleEnergies, mi int) calib.Sets {
	nc := 0
	for _, ce := range ces {
		nc = max(nc, len(ce.energy[mi]))
	}
	var s calib.Sets
	s.Candidates = nc
	for _, ce := range ces {
		if ce.nearest < 0 {
			continue
		}
		row := make([]float64, nc)
		for i := range row {
			row[i] = math.Inf(1)
		}
		copy(row, ce.energy[mi])
		s.Energies = append(s.Energies, row...)
		s.Labels = append(s.Labels, ce.nearest)
	}
	return s
}

// energies scores every sample with every method.
func energies(methods []Method, samples []Sample) ([]cycleEnergies, error) {
	terms, err := newTermEvaluator()
	if err != nil {
		return nil, err
	}
	var out []cycleEnergies
	for i := range samples {
		s := &samples[i]
		if len(s.Candidates) == 0 {
			continue
		}
		ce := cycleEnergies{sample: s, nearest: -1}
		if len(s.Human.Points) >= 2 {
			ce.nearest = eval.NearestCandidate(s.Candidates, s.Human)
		}
		for _, m := range methods {
			e, feasible, err := methodEnergy(terms, m, &s.Cycle)
			if err != nil {
				return nil, fmt.Errorf("learn: %s expert %d at %.1f s: %w", s.Scenario, s.Expert, s.Time, err)
			}
			ce.energy, ce.feasible = append(ce.energy, e), feasible
		}
		out = append(out, ce)
	}
	return out, nil
}

// batchFeatures returns a batch of cands with zero analytic columns and the
// per-step features, for the head alone.
func (m *Model) batchFeatures(x []float64, n int) ebm.Batch {
	na, d := len(AnalyticTerms), m.Featurizer.Dim()
	bx := make([]float64, n*(na+d))
	for c := range n {
		copy(bx[c*(na+d)+na:(c+1)*(na+d)], x[c*d:(c+1)*d])
	}
	return ebm.NewBatch(1, n, na+d, bx)
}
