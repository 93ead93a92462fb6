package planner

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/lanemap"
)

func laneContext() *Context {
	return &Context{Ego: testEgo, Map: lanemap.Map{Lanes: []lanemap.Lane{
		straightLane(1, -50, 200, 0, 3.5, 5, 0),
		straightLane(2, -50, 200, 3.5, 3.5, 5, 0),
	}}}
}

func TestLaneLateralDeviation(t *testing.T) {
	p := LaneParams{LateralWeight: 1, HeadingWeight: 1, MaxDeviation: 5}
	e := evaluate(NewLane(p), laneContext(), straight(0, 0, 0, 10), straight(0, 0.5, 0, 10), straight(0, 3.5, 0, 10))
	assert.InDelta(t, 0, e[0], 1e-12, "on the centre line")
	assert.InDelta(t, 0.25*testHorizon, e[1], 1e-9, "0.5 m off")
	assert.InDelta(t, 0, e[2], 1e-12, "on the left lane's centre line")
}

func TestLaneHeadingMisalignment(t *testing.T) {
	// Points along the centre line with the yaw turned by 0.3 rad.
	cand := straight(0, 0, 0, 10)
	for k := range cand.Points {
		cand.Points[k].Yaw = 0.3
	}
	p := LaneParams{HeadingWeight: 2, MaxDeviation: 5}
	e := evaluate(NewLane(p), laneContext(), cand)
	assert.InDelta(t, 2*(1-math.Cos(0.3))*testHorizon, e[0], 1e-9)
}

func TestLaneDeviationCapped(t *testing.T) {
	p := LaneParams{LateralWeight: 1, HeadingWeight: 1, MaxDeviation: 2}
	e := evaluate(NewLane(p), laneContext(), straight(0, -20, 0, 10))
	assert.InDelta(t, 4*testHorizon, e[0], 1e-9)
}

func TestLaneBEVFallback(t *testing.T) {
	// A 0.5 m grid with origin (−10, −10); row 20 holds the centre line,
	// cells centred at y = 0.25.
	g := bev.NewGrid([]string{bev.ChannelLaneCenter, bev.ChannelLaneHeadingX, bev.ChannelLaneHeadingY}, 40, 200, 0.5)
	g.OriginX, g.OriginY = -10, -10
	for j := 0; j < g.Width; j++ {
		g.Plane(0)[20*g.Width+j] = 1
		g.Plane(1)[20*g.Width+j] = 1
	}
	ctx := &Context{Ego: testEgo, Grid: g}
	p := LaneParams{LateralWeight: 1, HeadingWeight: 1, MaxDeviation: 5}
	e := evaluate(NewLane(p), ctx, straight(0, 0.25, 0, 10), straight(0, 1.25, 0, 10))
	assert.InDelta(t, 0, e[0], 1e-9, "on the centre-line cells")
	assert.InDelta(t, 1*testHorizon, e[1], 1e-9, "1 m off")

	// Without lanes and without a grid the term is 0.
	e = evaluate(NewLane(p), &Context{Ego: testEgo}, straight(0, 7, 0, 10))
	assert.Equal(t, 0.0, e[0])
}

func TestLaneBEVHeading(t *testing.T) {
	g := bev.NewGrid([]string{bev.ChannelLaneCenter, bev.ChannelLaneHeadingX, bev.ChannelLaneHeadingY}, 40, 200, 0.5)
	g.OriginX, g.OriginY = -10, -10
	for j := 0; j < g.Width; j++ {
		g.Plane(0)[20*g.Width+j] = 1
		g.Plane(1)[20*g.Width+j] = -1 // lanes run along −x
	}
	p := LaneParams{HeadingWeight: 1, MaxDeviation: 5}
	e := evaluate(NewLane(p), &Context{Ego: testEgo, Grid: g}, straight(0, 0.25, 0, 10))
	assert.InDelta(t, 2*testHorizon, e[0], 1e-9, "driving against the lane direction")
}
