package learn

import (
	"fmt"

	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/planner"
	"github.com/ebm-av/ebm_av/traj"
)

// AnalyticTerms are the planner's analytic terms whose weights are fitted
// together with the learned head, in the planner's evaluation order.
var AnalyticTerms = []string{"collision_risk", "lane", "comfort", "progress", "rules", "uncertainty"}

// unitWeights returns p with every analytic term weight 1 and the learned
// term off, so the scorer's weighted terms are the raw term energies.
func unitWeights(p planner.Params) planner.Params {
	p.CollisionRisk.Weight, p.Lane.Weight, p.Comfort.Weight = 1, 1, 1
	p.Progress.Weight, p.Rules.Weight, p.Uncertainty.Weight = 1, 1, 1
	p.Learned.Weight = 0
	return p
}

// withWeights returns p with the analytic term weights w, in AnalyticTerms
// order.
func withWeights(p planner.Params, w []float64) planner.Params {
	p.CollisionRisk.Weight, p.Lane.Weight, p.Comfort.Weight = w[0], w[1], w[2]
	p.Progress.Weight, p.Rules.Weight, p.Uncertainty.Weight = w[3], w[4], w[5]
	return p
}

// termEvaluator computes the raw analytic term energies of candidates, with
// the term parameters of planner.DefaultParams. It is not safe for
// concurrent use.
type termEvaluator struct {
	scorer *planner.Scorer
	ctx    planner.Context
	res    planner.Result
}

func newTermEvaluator() (*termEvaluator, error) {
	s, err := planner.NewScorer(unitWeights(planner.DefaultParams()))
	if err != nil {
		return nil, fmt.Errorf("learn: %w", err)
	}
	return &termEvaluator{scorer: s}, nil
}

// plannerContext fills ctx with the inputs of cycle c. Lanes of the recorded
// maps end where the recording ends, so lane ends are open.
func plannerContext(ctx *planner.Context, c *importer.Cycle) {
	ctx.Ego, ctx.Obstacles, ctx.Map, ctx.Grid = c.Ego, c.Predicted, c.Lanes, c.Grid
	ctx.OpenLaneEnds = true
}

// Evaluate writes the raw energies of every analytic term for cands to out,
// laid out [len(cands)][len(AnalyticTerms)].
func (e *termEvaluator) Evaluate(c *importer.Cycle, cands []traj.Trajectory, out []float64) error {
	plannerContext(&e.ctx, c)
	if err := e.scorer.Score(&e.ctx, cands, &e.res); err != nil {
		return fmt.Errorf("learn: analytic terms: %w", err)
	}
	na := len(AnalyticTerms)
	for j := range na {
		for i, v := range e.res.Terms[j] {
			out[i*na+j] = v
		}
	}
	return nil
}
