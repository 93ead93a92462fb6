package planner

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAutowareRankerWeights(t *testing.T) {
	p := AutowareRankerParams()
	assert.Equal(t, 0.6, p.CollisionRisk.Weight)
	assert.Equal(t, 0.3, p.Progress.Weight)
	assert.Equal(t, 0.3, p.Lane.Weight)
	assert.Equal(t, ComfortParams{Weight: 1, JerkWeight: 0.1, LateralAccelerationWeight: 0.1}, p.Comfort)
	d := DefaultParams()
	assert.Equal(t, d.Rules, p.Rules, "rules keep the defaults")
	assert.Equal(t, d.Gate, p.Gate, "the gate is shared by every preset")
	assert.NoError(t, p.Validate())
}
