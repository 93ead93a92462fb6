package plannernode

import (
	"fmt"

	"github.com/ebm-av/ebm_av/learn"
	"github.com/ebm-av/ebm_av/planner"
)

// newScorer returns the scorer of the node's parameters. With a model_path
// it loads the learned trajectory energy, adds it as the term "learned" and
// takes the analytic term weights and the temperature from the model file,
// because they were fitted together with the learned head. It returns the
// parameters the scorer uses.
func newScorer(cfg Config, params planner.Params) (planner.Params, *planner.Scorer, error) {
	if cfg.ModelPath == "" {
		s, err := planner.NewScorer(params)
		return params, s, err
	}
	m, _, err := learn.LoadModel(cfg.ModelPath)
	if err != nil {
		return params, nil, fmt.Errorf("model_path: %w", err)
	}
	params = m.PlannerParams(params)
	s, err := planner.NewScorer(params, planner.WithLearned(m.EnergyFunc()))
	return params, s, err
}
