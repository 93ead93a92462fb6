package plannernode

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/ebm/nn"
	"github.com/ebm-av/ebm_av/learn"
)

func TestModelPathAddsLearnedTerm(t *testing.T) {
	path := filepath.Join(t.TempDir(), "model.safetensors")
	m := learn.NewModel(learn.DefaultFeaturizer, []int{8}, nn.SiLU, 1)
	copy(m.Weights, []float64{2, 0, 0.5, 1, 0, 0})
	m.Temperature = 0.7
	require.NoError(t, m.Save(path, "test", "none"))

	p, err := startWithArgs(t, "-p", "model_path:="+path)
	require.NoError(t, err)
	assert.Equal(t, []string{"collision_risk", "lane", "comfort", "progress", "rules", "uncertainty", "learned"}, p.scorer.TermNames())
	assert.Equal(t, 1.0, p.params.Learned.Weight)
	assert.Equal(t, 2.0, p.params.CollisionRisk.Weight)
	assert.Equal(t, 0.0, p.params.Lane.Weight)
	assert.Equal(t, 0.7, p.params.Temperature)
}

func TestModelPathMissingFile(t *testing.T) {
	_, err := startWithArgs(t, "-p", "model_path:="+filepath.Join(t.TempDir(), "absent.safetensors"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "model_path")
}

func TestRefineStepsNeedsModel(t *testing.T) {
	_, err := startWithArgs(t, "-p", "refine_steps:=5")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "refine_steps 5 needs a learned energy")
}

func TestRefineSelectionWithModel(t *testing.T) {
	path := filepath.Join(t.TempDir(), "model.safetensors")
	m := learn.NewModel(learn.DefaultFeaturizer, []int{8}, nn.SiLU, 1)
	copy(m.Weights, []float64{2, 0, 0.5, 1, 0, 0})
	require.NoError(t, m.Save(path, "test", "none"))
	p, err := startWithArgs(t, "-p", "model_path:="+path, "-p", "refine_steps:=5")
	require.NoError(t, err)

	ego, cands, obstacles, lanes := straightScene(t)
	p.ctx.Ego, p.ctx.Obstacles, p.ctx.Map = ego, obstacles, lanes
	require.NoError(t, p.scorer.Score(&p.ctx, cands, &p.result))
	require.GreaterOrEqual(t, p.result.Selected, 0)
	sel := cands[p.result.Selected]
	got, refined := p.refine(sel)
	require.Len(t, got.Points, len(sel.Points), "refinement keeps the time grid")
	if !refined {
		assert.Equal(t, sel, got, "a rejected refinement returns the candidate unchanged")
	}
	assert.Equal(t, sel.Points[0], got.Points[0], "refinement keeps the start state")
}
