package planner

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestComfortConstantSpeedStraightIsZero(t *testing.T) {
	e := evaluate(NewComfort(DefaultParams().Comfort), &Context{Ego: testEgo}, straight(3, 4, 0.7, 12))
	assert.Equal(t, 0.0, e[0])
}

func TestComfortCubicAccelerationJerk(t *testing.T) {
	// a(t) = c·t³ gives j(t) = 3c·t², so ∫₀ᵀ j² dt = 9c²·T⁵/5.
	const c = 0.05
	cand := straight(0, 0, 0, 5)
	for k := range cand.Points {
		tk := cand.Points[k].T
		cand.Points[k].A = c * tk * tk * tk
	}
	e := evaluate(NewComfort(ComfortParams{JerkWeight: 1}), &Context{Ego: testEgo}, cand)
	want := 9 * c * c * math.Pow(testHorizon, 5) / 5
	assert.InEpsilon(t, want, e[0], 1e-3)
}

func TestComfortConstantAccelerationAndCurvature(t *testing.T) {
	// Constant a and v²κ integrate to a²·T and (v²κ)²·T exactly.
	cand := straight(0, 0, 0, 10)
	for k := range cand.Points {
		cand.Points[k].A = 1.5
		cand.Points[k].Kappa = 0.02 // v²κ = 2 m/s²
	}
	ctx := &Context{Ego: testEgo}
	e := evaluate(NewComfort(ComfortParams{AccelerationWeight: 1}), ctx, cand)
	assert.InDelta(t, 2.25*testHorizon, e[0], 1e-12)
	e = evaluate(NewComfort(ComfortParams{LateralAccelerationWeight: 1}), ctx, cand)
	assert.InDelta(t, 4*testHorizon, e[0], 1e-12)
	e = evaluate(NewComfort(ComfortParams{JerkWeight: 1}), ctx, cand)
	assert.Equal(t, 0.0, e[0], "constant acceleration has no jerk")
}
