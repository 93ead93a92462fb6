package occupancy

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/traj"
)

func TestEgoLayoutRoundTrip(t *testing.T) {
	l := EgoLayout("map", 12, -3, 0.7, 80, 120, 0.5)
	col, row := l.ToGrid(12, -3)
	assert.InDelta(t, 60, col, 1e-9, "ego at the centre column")
	assert.InDelta(t, 40, row, 1e-9, "ego at the centre row")
	x, y := l.ToWorld(17.3, 4.1)
	col, row = l.ToGrid(x, y)
	assert.InDelta(t, 17.3, col, 1e-9)
	assert.InDelta(t, 4.1, row, 1e-9)

	// One cell along the grid's +x axis is 0.5 m along the ego heading.
	x0, y0 := l.ToWorld(60, 40)
	x1, y1 := l.ToWorld(61, 40)
	assert.InDelta(t, 0.5*math.Cos(0.7), x1-x0, 1e-9)
	assert.InDelta(t, 0.5*math.Sin(0.7), y1-y0, 1e-9)
}

func TestRasterizeFootprintAreas(t *testing.T) {
	l := EgoLayout("map", 0, 0, 0.3, 100, 100, 0.5)
	obstacles := []traj.Obstacle{
		{ID: 1, Shape: traj.Rectangle, Length: 4.5, Width: 1.8, States: []traj.ObstacleState{{T: 10, X: 3, Y: 2, Yaw: 1.1}}},
		{ID: 2, Shape: traj.Circle, Radius: 0.8, States: []traj.ObstacleState{{T: 10, X: -8, Y: -5}}},
	}
	seq, err := Rasterize(obstacles[:1], l, 10, 10, 0.1, 1)
	require.NoError(t, err)
	assert.InEpsilon(t, 4.5*1.8, seq.Mass(0)*0.25, 0.03, "box area in m²")
	assert.Equal(t, 0.0, seq.Start)

	seq, err = Rasterize(obstacles[1:], l, 10, 10, 0.1, 1)
	require.NoError(t, err)
	assert.InEpsilon(t, math.Pi*0.64, seq.Mass(0)*0.25, 0.05, "disc area in m²")
	require.NoError(t, seq.Validate())
}

func TestPastAndFutureTiming(t *testing.T) {
	car := traj.Obstacle{ID: 7, Shape: traj.Rectangle, Length: 4, Width: 2}
	for k := 0; k <= 50; k++ {
		car.States = append(car.States, traj.ObstacleState{T: 100 + 0.1*float64(k), X: float64(k)})
	}
	l := EgoLayout("map", 0, 0, 0, 40, 200, 0.5)
	past, err := Past([]traj.Obstacle{car}, l, 102, 1, 0.25)
	require.NoError(t, err)
	assert.Equal(t, 5, past.Frames)
	assert.InDelta(t, -1, past.Start, 1e-12)
	future, err := Future([]traj.Obstacle{car}, l, 102, 3, 0.25)
	require.NoError(t, err)
	assert.Equal(t, 12, future.Frames)
	assert.InDelta(t, 0.25, future.Start, 1e-12)
	// The car's states end at 105 s, so frames after 3 s are empty only past the horizon.
	assert.Greater(t, future.Mass(11), 0.0)

	_, err = Future([]traj.Obstacle{car}, l, 102, 3, 0)
	assert.ErrorContains(t, err, "time step 0 s")
}

func TestValidateRejectsBadInput(t *testing.T) {
	good := func() *Sequence { s := NewSequence(2, 4, 5, 0.5, 0.25); s.FrameID = "map"; return s }
	cases := []struct {
		name   string
		modify func(s *Sequence)
		want   string
	}{
		{"nan", func(s *Sequence) { s.Data[13] = float32(math.NaN()) }, "probability NaN at frame 0, row 2, col 3"},
		{"above one", func(s *Sequence) { s.Data[20+7] = 1.5 }, "probability 1.5 at frame 1, row 1, col 2"},
		{"negative", func(s *Sequence) { s.Data[0] = -0.1 }, "probability -0.1"},
		{"zero time step", func(s *Sequence) { s.TimeStep = 0 }, "invalid time step 0 s"},
		{"zero resolution", func(s *Sequence) { s.Resolution = 0 }, "invalid resolution 0 m"},
		{"short data", func(s *Sequence) { s.Data = s.Data[:10] }, "data has 10 values"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := good()
			c.modify(s)
			assert.ErrorContains(t, s.Validate(), c.want)
		})
	}
	assert.NoError(t, good().Validate())
}

func TestValidateForecastsNamesForecast(t *testing.T) {
	history := NewSequence(3, 4, 5, 0.5, 0.25)
	ok := NewSequence(6, 4, 5, 0.5, 0.25)
	cases := []struct {
		name      string
		forecasts []*Sequence
		want      string
	}{
		{"empty", nil, "empty forecast set"},
		{"width", []*Sequence{ok, NewSequence(6, 4, 6, 0.5, 0.25)}, "forecast 1 of 2: size 4×6 cells differs from the history's 4×5"},
		{"resolution", []*Sequence{NewSequence(6, 4, 5, 0.2, 0.25)}, "resolution 0.2 m differs"},
		{"time step", []*Sequence{NewSequence(6, 4, 5, 0.5, 0.1)}, "time step 0.1 s differs"},
		{"frames", []*Sequence{ok, NewSequence(5, 4, 5, 0.5, 0.25)}, "forecast 1 of 2: 5 frames, forecast 0 has 6"},
		{"nil", []*Sequence{nil}, "forecast 0 of 1 is nil"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.ErrorContains(t, ValidateForecasts(history, c.forecasts), c.want)
		})
	}
	bad := ok.Clone()
	bad.Data[3] = float32(math.NaN())
	assert.ErrorContains(t, ValidateForecasts(history, []*Sequence{ok, bad}), "forecast 1 of 2: occupancy: probability NaN")
	assert.NoError(t, ValidateForecasts(history, []*Sequence{ok}))
}
