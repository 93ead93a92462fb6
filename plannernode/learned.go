package plannernode

import (
	"fmt"

	"github.com/ebm-av/ebm_av/learn"
	"github.com/ebm-av/ebm_av/planner"
	"github.com/ebm-av/ebm_av/traj"
)

// newScorer returns the scorer of the node's parameters. With a model_path
// it loads the learned trajectory energy, adds it as the term "learned" and
// takes the analytic term weights and the temperature from the model file,
// because they were fitted together with the learned head. It returns the
// parameters the scorer uses and the model, nil without model_path.
func newScorer(cfg Config, params planner.Params) (planner.Params, *planner.Scorer, *learn.Model, error) {
	if cfg.ModelPath == "" {
		if cfg.RefineSteps > 0 {
			return params, nil, nil, fmt.Errorf("refine_steps %d needs a learned energy: set model_path or refine_steps:=0", cfg.RefineSteps)
		}
		s, err := planner.NewScorer(params)
		return params, s, nil, err
	}
	m, _, err := learn.LoadModel(cfg.ModelPath)
	if err != nil {
		return params, nil, nil, fmt.Errorf("model_path: %w", err)
	}
	params = m.PlannerParams(params)
	s, err := planner.NewScorer(params, planner.WithLearned(m.EnergyFunc()))
	return params, s, m, err
}

// refine moves the selected candidate down the learned energy under the
// gate's limits. It returns the candidate unchanged, and false, when
// refinement is off, fails or the gate rejects the refined trajectory.
func (p *Planner) refine(sel traj.Trajectory) (traj.Trajectory, bool) {
	if p.model == nil || p.cfg.RefineSteps <= 0 {
		return sel, false
	}
	refined, ok, err := p.model.Refine(&p.ctx, sel, learn.RefineOptions{Steps: p.cfg.RefineSteps, Gate: p.params.Gate})
	if err != nil {
		p.node.Logger().Warn("refinement failed; publishing the unrefined candidate", "err", err)
		return sel, false
	}
	return refined, ok
}
