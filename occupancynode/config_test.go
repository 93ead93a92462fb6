package occupancynode

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ebm-av/ebm_av/occupancy/energy"
)

func TestDefaultScorerMatchesLibrary(t *testing.T) {
	sc, err := NewScorer(DefaultConfig().Energy)
	assert.NoError(t, err)
	assert.Equal(t, energy.NewDefaultScorer(), sc)
}
