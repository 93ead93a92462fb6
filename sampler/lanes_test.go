package sampler

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/lanemap"
)

func TestLaneReferenceFollowsSuccessors(t *testing.T) {
	m := lanemap.Map{Lanes: []lanemap.Lane{
		{ID: 1, Center: []lanemap.Vec2{{X: 0, Y: 0}, {X: 50, Y: 0}}, Successors: []int{2}},
		{ID: 2, Center: []lanemap.Vec2{{X: 50, Y: 0}, {X: 100, Y: 0}}, Successors: []int{3, 1}},
		{ID: 3, Center: []lanemap.Vec2{{X: 100, Y: 0}, {X: 150, Y: 0}}, Successors: []int{1}},
	}}
	ref, err := LaneReference(m, 1, 80)
	require.NoError(t, err)
	assert.InDelta(t, 100, ref.Length(), 1e-9, "stops after the lane that reaches 80 m")

	ref, err = LaneReference(m, 1, 1000)
	require.NoError(t, err)
	assert.InDelta(t, 150, ref.Length(), 1e-9, "stops before repeating lane 1")

	_, err = LaneReference(m, 9, 10)
	assert.ErrorContains(t, err, "lane 9 not found")
}
