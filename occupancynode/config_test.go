package occupancynode

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/occupancy/energy"
)

func TestDefaultScorerMatchesLibrary(t *testing.T) {
	sc, err := NewScorer(DefaultConfig().Energy)
	assert.NoError(t, err)
	assert.Equal(t, energy.NewDefaultScorer(), sc)
}

func TestShippedLearnedCoefficientsLoad(t *testing.T) {
	s, err := startWithArgs(t, "--params-file", "../config/occupancy_scorer.yaml",
		"-p", "energy.learned.coefficients_file:=../config/occupancy_learned.json")
	require.NoError(t, err)
	terms := s.EnergyScorer().Terms
	require.Len(t, terms, 4)
	learned, ok := terms[3].(*energy.Learned)
	require.True(t, ok, "the fourth term is the learned term")
	assert.Equal(t, 1.0, learned.W)
	assert.Len(t, learned.Coef, 7)
	assert.Same(t, terms[0], learned.Sources[0], "the learned term shares the dynamics instance")
}
