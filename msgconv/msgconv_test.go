package msgconv

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/lanemap"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/traj"
)

func TestStampRoundTrip(t *testing.T) {
	for _, ns := range []int64{0, 1, 999_999_999, 1_700_000_000_123_456_789, -1, -1_500_000_000} {
		assert.Equal(t, ns, Nanos(Stamp(ns)), "%d ns", ns)
		assert.Less(t, Stamp(ns).Nanosec, uint32(1e9))
	}
	d := Duration(2.25)
	assert.Equal(t, int32(2), d.Sec)
	assert.Equal(t, uint32(250_000_000), d.Nanosec)
	assert.InDelta(t, 2.25, Seconds(d), 1e-12)
}

func TestPlanarPoseRoundTrip(t *testing.T) {
	for _, yaw := range []float64{0, 0.3, -2.9, math.Pi / 2, 3.1} {
		x, y, got := PlanarPose(Pose(1.5, -2, yaw))
		assert.Equal(t, 1.5, x)
		assert.Equal(t, -2.0, y)
		assert.InDelta(t, 0, traj.WrapAngle(got-yaw), 1e-12, "yaw %g", yaw)
	}
}

func TestTrajectoryRoundTrip(t *testing.T) {
	in := traj.Trajectory{Points: []traj.Point{
		{T: 0, X: 1, Y: 2, Yaw: 0.1, V: 10, A: 0.5, Kappa: 0.01},
		{T: 0.1, X: 2, Y: 2.1, Yaw: 0.12, V: 10.05, A: 0.4, Kappa: 0.011},
	}}
	m := TrajectoryMsg(in, 42, "map")
	out, err := Trajectory(&m)
	require.NoError(t, err)
	require.Len(t, out.Points, 2)
	for i := range in.Points {
		assert.InDelta(t, in.Points[i].T, out.Points[i].T, 1e-9)
		assert.InDelta(t, in.Points[i].Yaw, out.Points[i].Yaw, 1e-12)
		assert.Equal(t, in.Points[i].V, out.Points[i].V)
		assert.Equal(t, in.Points[i].Kappa, out.Points[i].Kappa)
	}

	m.Points[1].TimeFromStart = m.Points[0].TimeFromStart
	_, err = Trajectory(&m)
	assert.ErrorContains(t, err, "points[1].time_from_start")

	m = TrajectoryMsg(in, 42, "map")
	m.Points[0].Velocity = math.NaN()
	_, err = Trajectory(&m)
	assert.ErrorContains(t, err, "points[0]")
}

func TestCandidatesShareTimeGrid(t *testing.T) {
	a := traj.Trajectory{Points: []traj.Point{{T: 0}, {T: 0.1, X: 1}}}
	b := traj.Trajectory{Points: []traj.Point{{T: 0}, {T: 0.2, X: 1}}}
	m := CandidatesMsg([]traj.Trajectory{a, b}, "test", 0, "map")
	_, err := Candidates(&m)
	assert.ErrorContains(t, err, "candidates[1].points[1]")
}

func TestObstaclesValidation(t *testing.T) {
	obs := []traj.Obstacle{{ID: 3, Type: "pedestrian", Shape: traj.Circle, Radius: 0.4,
		States: []traj.ObstacleState{{T: 0.5, X: 1}, {T: 0.6, X: 1.1, StdDev: 0.2}}}}
	m := ObstaclesMsg(obs, 0.1, 0, "map")
	got, err := Obstacles(&m)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "pedestrian", got[0].Type)
	assert.Equal(t, traj.Circle, got[0].Shape)
	assert.InDelta(t, 0.6, got[0].States[1].T, 1e-12, "start_time plus one step")
	assert.InDelta(t, 0.2, got[0].States[1].StdDev, 1e-12)

	bad := m
	bad.Obstacles = []ebm_av.PredictedObstacle{m.Obstacles[0]}
	bad.Obstacles[0].Velocities = bad.Obstacles[0].Velocities[:1]
	_, err = Obstacles(&bad)
	assert.ErrorContains(t, err, "1 velocities for 2 poses")

	bad.Obstacles[0] = m.Obstacles[0]
	bad.Obstacles[0].Radius = 0
	_, err = Obstacles(&bad)
	assert.ErrorContains(t, err, "circle radius")
}

func TestBEVRoundTripAndDimensions(t *testing.T) {
	g := bev.NewGrid([]string{"a", "b"}, 3, 4, 0.5)
	g.OriginX, g.OriginY, g.OriginYaw = 10, 20, 0.3
	for i := range g.Data {
		g.Data[i] = float32(i)
	}
	ego := Frame2D{X: 12, Y: 19, Yaw: 0.2}
	m := BEVMsg(g, 0, "base_link", ego)
	back, err := BEV(&m, ego)
	require.NoError(t, err)
	assert.InDelta(t, g.OriginX, back.OriginX, 1e-9)
	assert.InDelta(t, g.OriginY, back.OriginY, 1e-9)
	assert.InDelta(t, g.OriginYaw, back.OriginYaw, 1e-9)
	assert.Equal(t, g.Data, back.Data)

	m.Data = m.Data[:len(m.Data)-1]
	_, err = BEV(&m, ego)
	assert.ErrorContains(t, err, "data has 23 values but channels × height × width = 2 × 3 × 4 = 24")

	m = BEVMsg(g, 0, "map", Frame2D{})
	m.Data[5] = float32(math.NaN())
	_, err = BEV(&m, Frame2D{})
	assert.ErrorContains(t, err, "NaN")
}

func TestLaneMapValidation(t *testing.T) {
	lm := lanemap.Map{
		Lanes:         []lanemap.Lane{{ID: 1, Center: []lanemap.Vec2{{X: 0}, {X: 1}}, SpeedLimit: 13.9, Successors: []int{2}}},
		TrafficLights: []lanemap.TrafficLight{{ID: 9, State: lanemap.LightRed, LaneIDs: []int{1}}},
	}
	m := LaneMapMsg(lm, 0, "map")
	back, err := LaneMap(&m)
	require.NoError(t, err)
	assert.Equal(t, lm.Lanes[0].Successors, back.Lanes[0].Successors)
	assert.Equal(t, lanemap.LightRed, back.TrafficLights[0].State)

	m.TrafficLights[0].State = 42
	_, err = LaneMap(&m)
	assert.ErrorContains(t, err, "unknown state 42")
}
