package bev

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/commonroad"
	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/lanemap"
	"github.com/ebm-av/ebm_av/traj"
)

// straightLane returns a lane along +x from x0 to x1, 3.6 m wide, centred on y.
func straightLane(id int, x0, x1, y float64) lanemap.Lane {
	return lanemap.Lane{
		ID:     id,
		Center: []lanemap.Vec2{{X: x0, Y: y}, {X: x1, Y: y}},
		Left:   []lanemap.Vec2{{X: x0, Y: y + 1.8}, {X: x1, Y: y + 1.8}},
		Right:  []lanemap.Vec2{{X: x0, Y: y - 1.8}, {X: x1, Y: y - 1.8}},
	}
}

func TestNewEgoGridPlacement(t *testing.T) {
	ego := traj.EgoState{X: 10, Y: 20, Yaw: math.Pi / 2}
	g, err := NewEgoGrid(ego, DefaultEgoFrame)
	require.NoError(t, err)
	assert.Equal(t, 200, g.Width)
	assert.Equal(t, 200, g.Height)
	assert.Equal(t, SceneChannels, g.Names)
	col, row := g.ToGrid(ego.X, ego.Y)
	assert.InDelta(t, 50, col, 1e-9, "25 m behind the ego at 0.5 m")
	assert.InDelta(t, 100, row, 1e-9, "centred across")
	// 10 m ahead of an ego heading +y is 20 columns further.
	col, row = g.ToGrid(10, 30)
	assert.InDelta(t, 70, col, 1e-9)
	assert.InDelta(t, 100, row, 1e-9)
	// Left of the ego (−x in the world) is +row.
	_, row = g.ToGrid(5, 20)
	assert.InDelta(t, 110, row, 1e-9)

	_, err = NewEgoGrid(ego, EgoFrame{Length: 10, Width: 10, Resolution: 0})
	assert.ErrorContains(t, err, "invalid ego frame")
}

func TestRasterizeSceneCounts(t *testing.T) {
	g, err := NewEgoGrid(traj.EgoState{}, DefaultEgoFrame)
	require.NoError(t, err)
	lanes := []lanemap.Lane{straightLane(1, -50, 150, 0)}
	obstacles := []traj.Obstacle{
		{ID: 1, Shape: traj.Rectangle, Length: 4, Width: 2, States: []traj.ObstacleState{
			{T: 0, X: 10, Y: 0, V: 5}, {T: 1, X: 15, Y: 0, V: 5},
		}},
		{ID: 2, Shape: traj.Circle, Radius: 0.5, States: []traj.ObstacleState{
			{T: 0, X: 20, Y: 5, Yaw: math.Pi / 2, V: 1}, {T: 1, X: 20, Y: 6, Yaw: math.Pi / 2, V: 1},
		}},
		{ID: 3, Shape: traj.Rectangle, Length: 4, Width: 2, States: []traj.ObstacleState{{T: 5, X: 0, Y: 0}}},
	}
	require.NoError(t, RasterizeScene(g, lanes, obstacles, 0))
	require.NoError(t, g.Validate())
	plane := func(name string) []float32 { return g.Plane(g.Channel(name)) }

	// Row centres −1.75 … 1.75 m lie in [−1.8, 1.8): 8 rows of 200 cells.
	assert.Equal(t, 1600, countSet(plane(ChannelDrivable), 1))
	// The centre line y = 0 runs along the lower edge of row 100.
	assert.Equal(t, 200, countSet(plane(ChannelLaneCenter), 1))
	assert.Equal(t, 200, countSet(plane(ChannelLaneHeadingX), 1))
	assert.Equal(t, float32(1), plane(ChannelLaneCenter)[100*200+7])
	// Car: x in [8, 12), y in [−1, 1): 8 × 4 cells. Pedestrian: radius of one
	// cell centred on a cell corner: 4 cells. Obstacle 3 has no state at 0.
	assert.Equal(t, 36, countSet(plane(ChannelOccupancy), 1))
	assert.Equal(t, 32, countSet(plane(ChannelVelocityX), 5))
	assert.Equal(t, 4, countSet(plane(ChannelVelocityY), 1))

	// At t = 0.5 the car is interpolated to x = 12.5.
	clear(g.Data)
	require.NoError(t, RasterizeScene(g, lanes, obstacles, 0.5))
	v, ok := g.Nearest(g.Channel(ChannelOccupancy), 14.4, 0.1)
	assert.True(t, ok)
	assert.Equal(t, float32(1), v)
}

func TestRasterizeSceneRotatedEgo(t *testing.T) {
	// Ego heading +y: an obstacle moving along +y moves along the grid's +x.
	ego := traj.EgoState{Yaw: math.Pi / 2}
	g, err := NewEgoGrid(ego, DefaultEgoFrame)
	require.NoError(t, err)
	obstacles := []traj.Obstacle{{ID: 1, Shape: traj.Rectangle, Length: 4, Width: 2, States: []traj.ObstacleState{
		{T: 0, X: 0, Y: 20, Yaw: math.Pi / 2, V: 8},
	}}}
	require.NoError(t, RasterizeScene(g, nil, obstacles, 0))
	vx := g.Plane(g.Channel(ChannelVelocityX))
	vy := g.Plane(g.Channel(ChannelVelocityY))
	assert.Equal(t, 32, countSet(vx, 8))
	col, row := g.ToGrid(0, 20)
	assert.InDelta(t, 90, col, 1e-9)
	assert.InDelta(t, 100, row, 1e-9)
	cell := 100*200 + 90
	assert.Equal(t, float32(8), vx[cell])
	assert.InDelta(t, 0, vy[cell], 1e-6)
}

func TestRasterizeSceneMissingChannel(t *testing.T) {
	g := NewGrid([]string{ChannelDrivable}, 10, 10, 1)
	assert.ErrorContains(t, RasterizeScene(g, nil, nil, 0), ChannelLaneCenter)
}

// sindScene loads a recorded SinD scene and the ego's initial state.
func sindScene(tb testing.TB) ([]lanemap.Lane, []traj.Obstacle, traj.EgoState, float64) {
	tb.Helper()
	path := shareddata.Path(tb, filepath.Join("commonroad", "recorded", "SinD", "CHN_SIND-831_150_T-225.cr.xml"))
	s, err := commonroad.ParseScenarioFile(path)
	require.NoError(tb, err)
	pp, err := s.PlanningProblem(0)
	require.NoError(tb, err)
	const step = 45 // the recorded ego starts here
	ego := traj.EgoState{X: pp.Initial.Position.X, Y: pp.Initial.Position.Y, Yaw: pp.Initial.Orientation}
	return s.LaneMap(step).Lanes, s.TrajObstacles(), ego, float64(step) * s.TimeStep()
}

func TestRasterizeRecordedScene(t *testing.T) {
	lanes, obstacles, ego, tm := sindScene(t)
	g, err := NewEgoGrid(ego, DefaultEgoFrame)
	require.NoError(t, err)
	require.NoError(t, RasterizeScene(g, lanes, obstacles, tm))
	require.NoError(t, g.Validate())
	drivable := countSet(g.Plane(g.Channel(ChannelDrivable)), 1)
	assert.Greater(t, drivable, 4000, "an intersection fills much of the grid")
	assert.Positive(t, countSet(g.Plane(g.Channel(ChannelOccupancy)), 1))
	// The ego starts on a lane.
	col, row := g.ToGrid(ego.X, ego.Y)
	cell := int(row)*g.Width + int(col)
	assert.Equal(t, float32(1), g.Plane(g.Channel(ChannelDrivable))[cell])
}

func BenchmarkRasterizeScene(b *testing.B) {
	lanes := make([]lanemap.Lane, 0, 6)
	for k := range 6 {
		lanes = append(lanes, straightLane(k+1, -60, 160, -9+3.6*float64(k)))
	}
	var obstacles []traj.Obstacle
	for k := range 40 {
		obstacles = append(obstacles, traj.Obstacle{ID: k, Shape: traj.Rectangle, Length: 4.5, Width: 1.8,
			States: []traj.ObstacleState{{T: 0, X: float64(k%10) * 9, Y: -9 + 3.6*float64(k/10), Yaw: 0.05, V: 20}}})
	}
	g, err := NewEgoGrid(traj.EgoState{}, DefaultEgoFrame)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		clear(g.Data)
		if err := RasterizeScene(g, lanes, obstacles, 0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRasterizeRecordedScene(b *testing.B) {
	lanes, obstacles, ego, tm := sindScene(b)
	g, err := NewEgoGrid(ego, DefaultEgoFrame)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		clear(g.Data)
		if err := RasterizeScene(g, lanes, obstacles, tm); err != nil {
			b.Fatal(err)
		}
	}
}
