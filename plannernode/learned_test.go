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
