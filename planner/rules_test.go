package planner

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/lanemap"
)

func TestRulesSpeedLimit(t *testing.T) {
	p := RulesParams{SpeedWeight: 1, StopLineHalfWidth: 1.75}
	ctx := &Context{Ego: testEgo, SpeedLimit: 10}
	e := evaluate(NewRules(p), ctx, straight(0, 0, 0, 9.9), straight(0, 0, 0, 10), straight(0, 0, 0, 12), straight(0, 0, 0, 14))
	assert.Equal(t, 0.0, e[0], "under the limit")
	assert.Equal(t, 0.0, e[1], "at the limit")
	assert.InDelta(t, 4*testHorizon, e[2], 1e-9, "2 m/s over")
	assert.InDelta(t, 16*testHorizon, e[3], 1e-9, "4 m/s over: four times the energy")
}

func TestRulesLaneSpeedLimitOverridesFallback(t *testing.T) {
	p := RulesParams{SpeedWeight: 1, StopLineHalfWidth: 1.75}
	ctx := &Context{Ego: testEgo, SpeedLimit: 30, Map: lanemap.Map{Lanes: []lanemap.Lane{
		straightLane(1, -50, 300, 0, 3.5, 5, 8),
		straightLane(2, -50, 300, 3.5, 3.5, 5, 0), // no limit: the fallback applies
	}}}
	e := evaluate(NewRules(p), ctx, straight(0, 0, 0, 10), straight(0, 3.5, 0, 10))
	assert.InDelta(t, 4*testHorizon, e[0], 1e-9)
	assert.Equal(t, 0.0, e[1])
}

func TestRulesOffRoad(t *testing.T) {
	p := RulesParams{OffRoadWeight: 1, StopLineHalfWidth: 1.75}
	ctx := &Context{Ego: testEgo, Map: lanemap.Map{Lanes: []lanemap.Lane{straightLane(1, -49.95, 25.05, 0, 3.5, 5, 0)}}}
	// At 10 m/s the centre leaves the lane end at x = 25.05 after 2.505 s,
	// so the points from 2.6 s to 5.5 s are off the road and their
	// trapezoidal weights sum to 29·0.1 + 0.05 s.
	e := evaluate(NewRules(p), ctx, straight(0, 0, 0, 10), straight(0, 10, 0, 0))
	assert.InDelta(t, 2.95, e[0], 1e-9)
	assert.InDelta(t, testHorizon, e[1], 1e-9, "standing off the road")

	// The BEV drivable channel is the fallback without lanes.
	g := bev.NewGrid([]string{bev.ChannelDrivable}, 20, 100, 0.5)
	g.OriginX, g.OriginY = -10, -5
	for i := range g.Plane(0) {
		g.Plane(0)[i] = 1
	}
	ctx = &Context{Ego: testEgo, Grid: g}
	e = evaluate(NewRules(p), ctx, straight(0, 0, 0, 0), straight(0, 0, 0, 10))
	assert.Equal(t, 0.0, e[0], "on the drivable cells")
	assert.Equal(t, 0.0, e[1], "points off the grid are not known to be off the road")
}

func redLightContext(state lanemap.LightState) *Context {
	return &Context{Ego: testEgo, Map: lanemap.Map{
		Lanes:         []lanemap.Lane{straightLane(1, -50, 200, 0, 3.5, 5, 0)},
		TrafficLights: []lanemap.TrafficLight{{ID: 3, State: state, Stop: lanemap.Vec2{X: 30, Y: 0}, LaneIDs: []int{1}}},
	}}
}

func TestRulesRedLight(t *testing.T) {
	p := RulesParams{RedLightPenalty: 100, StopLineHalfWidth: 1.75}
	pass := straight(0, 0, 0, 10)  // the front crosses x = 30 at about 2.8 s
	stop := straight(0, 0, 0, 4.5) // the front reaches x = 26.9
	cases := []struct {
		state      lanemap.LightState
		pass, stop float64
	}{
		{lanemap.LightRed, 100, 0},
		{lanemap.LightRedYellow, 100, 0},
		{lanemap.LightYellow, 0, 0},
		{lanemap.LightGreen, 0, 0},
		{lanemap.LightUnknown, 0, 0},
		{lanemap.LightInactive, 0, 0},
	}
	for _, c := range cases {
		e := evaluate(NewRules(p), redLightContext(c.state), pass, stop)
		assert.Equal(t, c.pass, e[0], "passing, light state %d", c.state)
		assert.Equal(t, c.stop, e[1], "stopping, light state %d", c.state)
	}
}

func TestRulesRedLightGeometry(t *testing.T) {
	p := RulesParams{RedLightPenalty: 100, StopLineHalfWidth: 1.75}
	ctx := redLightContext(lanemap.LightRed)
	e := evaluate(NewRules(p), ctx,
		straight(35, 0, 0, 10),       // already past the stop position
		straight(0, 5, 0, 10),        // in the next lane over
		straight(60, 0, 3.14159, 10), // against the lane direction
	)
	assert.Equal(t, []float64{0, 0, 0}, e)
}

func TestRulesOpenLaneEndIsUnknown(t *testing.T) {
	p := RulesParams{OffRoadWeight: 1, StopLineHalfWidth: 1.75}
	ctx := &Context{Ego: testEgo, OpenLaneEnds: true,
		Map: lanemap.Map{Lanes: []lanemap.Lane{straightLane(1, -49.95, 25.05, 0, 3.5, 5, 0)}}}
	e := evaluate(NewRules(p), ctx, straight(0, 0, 0, 10), straight(0, 10, 0, 0), straight(0, 4, 0, 10))
	assert.Equal(t, 0.0, e[0], "straight on past the end of a lane the map cuts off")
	assert.InDelta(t, testHorizon, e[1], 1e-9, "beside the lane is still off the road")
	assert.InDelta(t, testHorizon, e[2], 1e-9, "4 m to the side: beyond the end but wider than half the lane plus the margin")
}
