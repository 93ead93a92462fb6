package planner

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestProgressMeanSpeed(t *testing.T) {
	p := ProgressParams{DistanceWeight: 1}
	e := evaluate(NewProgress(p), &Context{Ego: testEgo}, straight(0, 0, 0.3, 12), straight(0, 0, 0, 6))
	assert.InDelta(t, -12, e[0], 1e-9)
	assert.InDelta(t, -6, e[1], 1e-9)
}

func TestProgressTargetSpeed(t *testing.T) {
	p := ProgressParams{SpeedWeight: 0.5, TargetSpeed: 10}
	e := evaluate(NewProgress(p), &Context{Ego: testEgo}, straight(0, 0, 0, 10), straight(0, 0, 0, 13))
	assert.Equal(t, 0.0, e[0])
	assert.InDelta(t, 0.5*9, e[1], 1e-9)

	// Without a target speed the context's speed limit is the target.
	p.TargetSpeed = 0
	e = evaluate(NewProgress(p), &Context{Ego: testEgo, SpeedLimit: 12}, straight(0, 0, 0, 10))
	assert.InDelta(t, 0.5*4, e[0], 1e-9)
	e = evaluate(NewProgress(p), &Context{Ego: testEgo}, straight(0, 0, 0, 10))
	assert.Equal(t, 0.0, e[0], "no target and no limit")
}
