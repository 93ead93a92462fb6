package learn

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/ebm/nn"
	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/planner"
)

// TestPlannerScorerMatchesModel checks that a planner.Scorer built from a
// model's parameters and learned term computes the model's energy on a
// recorded cycle.
func TestPlannerScorerMatchesModel(t *testing.T) {
	dir := shareddata.Path(t, "commonroad/recorded/highD")
	var opts ExpertOptions
	opts.MaxExperts, opts.MaxCycles = 1, 1
	samples, err := LoadScenario("highD", filepath.Join(dir, "DEU_LocationAUpper26-1_26752_T-827.cr.xml"), opts)
	require.NoError(t, err)
	require.NotEmpty(t, samples)
	s := &samples[0]

	m := NewModel(DefaultFeaturizer, []int{8}, nn.SiLU, 7)
	copy(m.Weights, []float64{0.5, 0.2, 0.1, 1, 0.3, 0.05})
	terms, err := newTermEvaluator()
	require.NoError(t, err)
	want, _, err := methodEnergy(terms, Learned(m), &s.Cycle)
	require.NoError(t, err)

	scorer, err := planner.NewScorer(m.PlannerParams(planner.DefaultParams()), planner.WithLearned(m.EnergyFunc()))
	require.NoError(t, err)
	var ctx planner.Context
	plannerContext(&ctx, &s.Cycle)
	var res planner.Result
	require.NoError(t, scorer.Score(&ctx, s.Candidates, &res))
	require.Len(t, res.Total, len(want))
	for i := range want {
		require.InDelta(t, want[i], res.Total[i], 1e-9*(1+math.Abs(want[i])), "candidate %d", i)
	}
}
