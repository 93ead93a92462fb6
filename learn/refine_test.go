package learn

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/ebm/nn"
	"github.com/ebm-av/ebm_av/planner"
	"github.com/ebm-av/ebm_av/traj"
)

func TestRefineFollowsHeadGradient(t *testing.T) {
	// A linear head whose energy falls with the lateral offset pushes every
	// knot to the right until the projection's bounds stop it: at most
	// 0.25 m more per knot and 1 m in total.
	m := NewModel(DefaultFeaturizer, nil, nn.Identity, 1)
	clear(m.Head.Params)
	m.Head.Params[column("lateral_offset")-1] = 1
	ego := traj.EgoState{V: 10, Length: 4.3, Width: 1.7}
	cand := straight(10, 8)
	ctx := &planner.Context{Ego: ego}

	refined, ok, err := m.Refine(ctx, cand, RefineOptions{Steps: 60, StepSize: 1})
	require.NoError(t, err)
	require.True(t, ok, "the gate rejected a gentle 1 m shift")
	require.Len(t, refined.Points, len(cand.Points))
	assert.Equal(t, cand.Points[0], refined.Points[0], "the start state stays")
	assert.InDelta(t, -0.25, refined.Points[5].Y, 1e-3, "first knot at 0.5 s")
	assert.InDelta(t, -1, refined.Points[len(refined.Points)-1].Y, 1e-3, "last knot")
	for i, p := range refined.Points {
		assert.InDelta(t, cand.Points[i].X, p.X, 1e-12, "point %d moved along the path", i)
	}
}
