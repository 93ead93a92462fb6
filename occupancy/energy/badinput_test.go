package energy

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/occupancy"
	"github.com/ebm-av/ebm_av/traj"
)

func TestScorerRejectsBadInput(t *testing.T) {
	obstacles := []traj.Obstacle{movingCar(1, -10, 2, 8)}
	history, setup := testScene(t, obstacles)
	good := runForecaster(t, forecastCV, obstacles, setup)

	narrow := occupancy.NewSequence(good.Frames, testCells, testCells-1, testResolution, testStep)
	narrow.Start, narrow.FrameID = good.Start, good.FrameID
	nan := good.Clone()
	nan.Data[good.Cells()+42] = float32(math.NaN())
	high := good.Clone()
	high.Data[7] = 2
	late := good.Clone()
	late.Start += testStep
	zeroStep := history.Clone()
	zeroStep.TimeStep = 0

	cases := []struct {
		name      string
		history   *occupancy.Sequence
		drivable  []float32
		forecasts []*occupancy.Sequence
		want      string
	}{
		{"empty set", history, nil, nil, "empty forecast set"},
		{"width", history, nil, []*occupancy.Sequence{good, narrow}, "forecast 1 of 2: size 100×99 cells differs from the history's 100×100"},
		{"nan", history, nil, []*occupancy.Sequence{nan}, "probability NaN at frame 1, row 0, col 42"},
		{"above one", history, nil, []*occupancy.Sequence{high}, "probability 2 at frame 0, row 0, col 7"},
		{"zero time step", zeroStep, nil, []*occupancy.Sequence{good}, "invalid time step 0 s"},
		{"start", history, nil, []*occupancy.Sequence{late}, "forecast starts at 0.5 s, want 0.25 s"},
		{"mask size", history, make([]float32, 10), []*occupancy.Sequence{good}, "drivable mask has 10 cells"},
		{"mask value", history, append(make([]float32, testCells*testCells-1), -1), []*occupancy.Sequence{good}, "drivable mask value -1 at row 99, col 99"},
	}
	sc := NewDefaultScorer()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := sc.Score(c.history, Masks{Drivable: c.drivable}, c.forecasts)
			assert.ErrorContains(t, err, c.want)
		})
	}
	_, err := sc.Score(history, Masks{}, []*occupancy.Sequence{good})
	require.NoError(t, err)
}
