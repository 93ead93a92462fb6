package energy

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/occupancy"
	"github.com/ebm-av/ebm_av/occupancy/forecast"
	"github.com/ebm-av/ebm_av/traj"
)

// Synthetic scene: a 50 m × 50 m ego grid at 0.5 m, history of 1 s and
// forecasts of 3 s at 0.25 s, cycle time 0.
const (
	testResolution = 0.5
	testCells      = 100
	testStep       = 0.25
)

var forecastCV = forecast.ConstantVelocity{}

func testLayout() occupancy.Layout {
	return occupancy.EgoLayout("map", 0, 0, 0, testCells, testCells, testResolution)
}

// movingCar returns a 4.5 m × 1.8 m car moving along +x at speed m/s,
// passing (x0, y0) at time 0, with states every 0.1 s over [−2 s, 4 s].
func movingCar(id int, x0, y0, speed float64) traj.Obstacle {
	o := traj.Obstacle{ID: id, Type: "car", Shape: traj.Rectangle, Length: 4.5, Width: 1.8}
	for k := -20; k <= 40; k++ {
		t := float64(k) / 10
		o.States = append(o.States, traj.ObstacleState{T: t, X: x0 + speed*t, Y: y0, V: speed})
	}
	return o
}

func testScene(t *testing.T, obstacles []traj.Obstacle) (*occupancy.Sequence, forecast.Setup) {
	t.Helper()
	history, err := occupancy.Past(obstacles, testLayout(), 0, 1, testStep)
	require.NoError(t, err)
	return history, forecast.Setup{Layout: testLayout(), CycleTime: 0, Horizon: 3, TimeStep: testStep}
}

func runForecaster(t *testing.T, f forecast.Forecaster, obstacles []traj.Obstacle, setup forecast.Setup) *occupancy.Sequence {
	t.Helper()
	seq, err := forecast.Run(f, obstacles, setup)
	require.NoError(t, err)
	return seq
}

func termEnergies(t *testing.T, term Term, history *occupancy.Sequence, drivable []float32, forecasts ...*occupancy.Sequence) []float64 {
	t.Helper()
	sc := &Scorer{Config: DefaultConfig(), Terms: []Term{term}}
	e, err := sc.Score(history, Masks{Drivable: drivable}, forecasts)
	require.NoError(t, err)
	return e
}

func TestDynamicsPrefersConstantVelocity(t *testing.T) {
	obstacles := []traj.Obstacle{movingCar(1, -10, 2, 8), movingCar(2, -5, -4, 5)}
	history, setup := testScene(t, obstacles)
	cv := forecast.ConstantVelocity{}
	candidates := map[string]forecast.Forecaster{
		"teleporting": forecast.Teleporting{Base: cv, Jump: 15, At: 1.5},
		"vanishing":   forecast.Vanishing{Base: cv, After: 0.5},
		"copy_last":   forecast.CopyLast{},
		"reversed":    forecast.TimeReversed{},
		"spurious":    forecast.Spurious{Base: cv, Count: 3},
	}
	e := termEnergies(t, NewDynamics(), history, nil, runForecaster(t, cv, obstacles, setup))
	require.InDelta(t, 0, e[0], 1e-9, "constant velocity of constant-speed cars")
	for name, f := range candidates {
		bad := termEnergies(t, NewDynamics(), history, nil, runForecaster(t, f, obstacles, setup))
		t.Logf("%s: dynamics %.3f", name, bad[0])
		require.Greater(t, bad[0], e[0]+1, "%s must cost more than constant velocity", name)
	}
}

func TestGeometryOfExactCopyIsZero(t *testing.T) {
	obstacles := []traj.Obstacle{movingCar(1, -10, 2, 8), movingCar(2, 0, -6, 0)}
	history, setup := testScene(t, obstacles)
	copyLast := runForecaster(t, forecast.CopyLast{}, obstacles, setup)
	e := termEnergies(t, NewGeometry(), history, nil, copyLast)
	require.Equal(t, 0.0, e[0])

	dilated := runForecaster(t, forecast.Dilated{Base: forecast.CopyLast{}, Scale: 1.5}, obstacles, setup)
	e = termEnergies(t, NewGeometry(), history, nil, dilated)
	require.Greater(t, e[0], 10.0, "a dilated copy changes blob areas")
}

func TestMapPriorCountsOffRoadMass(t *testing.T) {
	obstacles := []traj.Obstacle{movingCar(1, -10, 2, 8)}
	history, setup := testScene(t, obstacles)
	f := runForecaster(t, forecast.ConstantVelocity{}, obstacles, setup)

	// Drivable only in rows at or below the grid's centre line (y ≤ 0 m):
	// the car at y = 2 m is wholly off the road.
	drivable := make([]float32, testCells*testCells)
	for k := range drivable {
		if k/testCells < testCells/2 {
			drivable[k] = 1
		}
	}
	var want float64
	for t := 0; t < f.Frames; t++ {
		want += f.Mass(t) * testResolution * testResolution
	}
	e := termEnergies(t, NewMapPrior(), history, drivable, f)
	require.InDelta(t, want, e[0], 1e-9)

	e = termEnergies(t, NewMapPrior(), history, nil, f)
	require.Equal(t, 0.0, e[0], "no mask, no prior")
}

func TestEnergyMapSumsToEnergy(t *testing.T) {
	obstacles := []traj.Obstacle{movingCar(1, -10, 2, 8), movingCar(2, -5, -4, 5)}
	history, setup := testScene(t, obstacles)
	drivable := make([]float32, testCells*testCells)
	for k := range drivable {
		drivable[k] = float32(k%testCells) / testCells
	}
	f := runForecaster(t, forecast.Teleporting{Base: forecast.Dilated{Base: forecast.ConstantVelocity{}, Scale: 1.3}, Jump: 12, At: 1}, obstacles, setup)
	sc := NewDefaultScorer()
	e, err := sc.Score(history, Masks{Drivable: drivable}, []*occupancy.Sequence{f})
	require.NoError(t, err)
	total, perTerm, err := sc.EnergyMap(history, Masks{Drivable: drivable}, f)
	require.NoError(t, err)
	require.Len(t, perTerm, len(sc.Terms))
	var sum float64
	for _, v := range total {
		sum += v
	}
	require.Greater(t, e[0], 0.0)
	require.InDelta(t, e[0], sum, 1e-6*e[0])
}
