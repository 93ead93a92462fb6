package planner

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ebm-av/ebm_av/traj"
)

func TestCollisionRiskThroughVersusClear(t *testing.T) {
	ctx := &Context{Ego: testEgo, Obstacles: []traj.Obstacle{staticBox(1, 40, 0, 0, 4.5, 1.8, 0)}}
	through := straight(0, 0, 0, 10)
	// Lateral clearance 5 m: centre offset = 5 + half widths.
	clear := straight(0, 5+testEgo.Width/2+0.9, 0, 10)
	e := evaluate(NewCollisionRisk(DefaultParams().CollisionRisk), ctx, through, clear)
	assert.Greater(t, e[0], 0.5, "driving through the obstacle")
	assert.Equal(t, 0.0, e[1], "5 m exceeds the cutoff of 4σ ≤ 4.6 m")
	assert.Greater(t, e[0], e[1])
}

func TestCollisionRiskConstantClearance(t *testing.T) {
	// The ego waits 1 m beside a static box, so the energy is
	// T·exp(−c²/2σ²) with σ constant when SigmaGrowth is 0.
	ctx := &Context{Ego: testEgo, Obstacles: []traj.Obstacle{staticBox(1, 0, testEgo.Width/2+1+0.9, 0, 4.5, 1.8, 0)}}
	p := CollisionRiskParams{Sigma: 2, Cutoff: 4}
	e := evaluate(NewCollisionRisk(p), ctx, straight(0, 0, 0, 0))
	assert.InDelta(t, testHorizon*math.Exp(-1.0/8), e[0], 1e-12)

	// An obstacle standard deviation of 1.5 m widens σ² to 4 + 2.25.
	ctx = &Context{Ego: testEgo, Obstacles: []traj.Obstacle{staticBox(1, 0, testEgo.Width/2+1+0.9, 0, 4.5, 1.8, 1.5)}}
	e = evaluate(NewCollisionRisk(p), ctx, straight(0, 0, 0, 0))
	assert.InDelta(t, testHorizon*math.Exp(-1.0/(2*6.25)), e[0], 1e-12)
}

func TestCollisionRiskIgnoresMissingStates(t *testing.T) {
	o := staticCircle(7, 20, 0, 0.5)
	o.States = o.States[:10] // known only for the first 0.9 s
	ctx := &Context{Ego: testEgo, Obstacles: []traj.Obstacle{o}}
	// The ego reaches the circle at about 2 s, after its last state.
	e := evaluate(NewCollisionRisk(CollisionRiskParams{Sigma: 0.5, Cutoff: 4}), ctx, straight(0, 0, 0, 10))
	assert.Equal(t, 0.0, e[0])
}
