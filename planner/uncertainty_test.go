package planner

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ebm-av/ebm_av/traj"
)

func TestUncertaintyZeroWithoutStdDev(t *testing.T) {
	ctx := &Context{Ego: testEgo, Obstacles: []traj.Obstacle{staticBox(1, 20, 0, 0, 4.5, 1.8, 0), staticCircle(2, 10, 1, 0.4)}}
	e := evaluate(NewUncertainty(DefaultParams().Uncertainty), ctx, straight(0, 0, 0, 10))
	assert.Equal(t, 0.0, e[0])
}

func TestUncertaintyConstantClearance(t *testing.T) {
	// Standing 2 m beside a box with a 0.8 m standard deviation gives
	// s·exp(−c²/2L²)·T.
	ctx := &Context{Ego: testEgo, Obstacles: []traj.Obstacle{staticBox(1, 0, testEgo.Width/2+2+0.9, 0, 4.5, 1.8, 0.8)}}
	e := evaluate(NewUncertainty(UncertaintyParams{LengthScale: 3, Cutoff: 3}), ctx, straight(0, 0, 0, 0))
	assert.InDelta(t, 0.8*math.Exp(-4.0/18)*testHorizon, e[0], 1e-12)

	// Beyond Cutoff·L = 9 m the pair is skipped.
	ctx = &Context{Ego: testEgo, Obstacles: []traj.Obstacle{staticBox(1, 0, testEgo.Width/2+9.5+0.9, 0, 4.5, 1.8, 0.8)}}
	e = evaluate(NewUncertainty(UncertaintyParams{LengthScale: 3, Cutoff: 3}), ctx, straight(0, 0, 0, 0))
	assert.Equal(t, 0.0, e[0])
}
