package forecast

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/occupancy"
	"github.com/ebm-av/ebm_av/traj"
)

// turningCar returns a car on a circle of radius 20 m around the origin at
// speed 10 m/s, counter-clockwise, states every 0.1 s over [−2 s, 4 s].
func turningCar() traj.Obstacle {
	o := traj.Obstacle{ID: 3, Type: "car", Shape: traj.Rectangle, Length: 4.5, Width: 1.8}
	const radius, speed = 20.0, 10.0
	w := speed / radius
	for k := -20; k <= 40; k++ {
		t := float64(k) / 10
		a := w * t
		o.States = append(o.States, traj.ObstacleState{T: t, X: radius * math.Cos(a), Y: radius * math.Sin(a), Yaw: traj.WrapAngle(a + math.Pi/2), V: speed})
	}
	return o
}

func straightCar() traj.Obstacle {
	o := traj.Obstacle{ID: 1, Type: "car", Shape: traj.Rectangle, Length: 4.5, Width: 1.8}
	for k := -20; k <= 40; k++ {
		t := float64(k) / 10
		o.States = append(o.States, traj.ObstacleState{T: t, X: 3 + 8*t, Y: -2 + 6*t, Yaw: math.Atan2(6, 8), V: 10})
	}
	return o
}

func TestPastOnlyCutsTheFuture(t *testing.T) {
	late := traj.Obstacle{ID: 9, States: []traj.ObstacleState{{T: 0.5}, {T: 1}}}
	gone := traj.Obstacle{ID: 8, States: []traj.ObstacleState{{T: -2}, {T: -1}}}
	between := traj.Obstacle{ID: 7, States: []traj.ObstacleState{{T: -0.3, X: 0}, {T: 0.2, X: 5}}}
	past := PastOnly([]traj.Obstacle{straightCar(), late, gone, between}, 0.05)
	require.Len(t, past, 2, "obstacles absent at the cycle time are dropped")
	for _, o := range past {
		for _, s := range o.States {
			assert.LessOrEqual(t, s.T, 0.05+timeEpsilon, "obstacle %d", o.ID)
		}
	}
	last := past[1].States[len(past[1].States)-1]
	assert.InDelta(t, 0.05, last.T, 1e-12, "state at the cycle time is appended")
	assert.InDelta(t, 3.5, last.X, 1e-9, "and interpolated")
}

func TestConstantVelocityIsExactOnAStraightLine(t *testing.T) {
	times := []float64{0.5, 1, 3}
	pred := ConstantVelocity{}.Predict(PastOnly([]traj.Obstacle{straightCar()}, 0), 0, times)
	require.Len(t, pred, 1)
	for k, tm := range times {
		s := pred[0].States[k]
		assert.InDelta(t, 3+8*tm, s.X, 1e-9)
		assert.InDelta(t, -2+6*tm, s.Y, 1e-9)
		assert.InDelta(t, tm, s.T, 1e-12)
	}
}

func TestCTRVFollowsACircle(t *testing.T) {
	car := turningCar()
	times := []float64{1, 2, 3}
	pred := CTRV{}.Predict(PastOnly([]traj.Obstacle{car}, 0), 0, times)
	cv := ConstantVelocity{}.Predict(PastOnly([]traj.Obstacle{car}, 0), 0, times)
	for k, tm := range times {
		truth, _ := car.StateAt(tm)
		s := pred[0].States[k]
		assert.InDelta(t, 0, math.Hypot(s.X-truth.X, s.Y-truth.Y), 1e-6, "CTRV at %g s", tm)
		c := cv[0].States[k]
		assert.Greater(t, math.Hypot(c.X-truth.X, c.Y-truth.Y), 2.0, "constant velocity leaves the circle at %g s", tm)
	}
}

func TestBrokenForecastsAreWrong(t *testing.T) {
	obstacles := []traj.Obstacle{straightCar(), turningCar()}
	times := []float64{0.25, 1, 2, 3}
	past := PastOnly(obstacles, 0)
	cv := ConstantVelocity{}.Predict(past, 0, times)

	shifted := Shifted{Base: ConstantVelocity{}, Lateral: 3.5}.Predict(past, 0, times)
	for i := range shifted {
		for k := range times {
			a, b := cv[i].States[k], shifted[i].States[k]
			assert.InDelta(t, 3.5, math.Hypot(a.X-b.X, a.Y-b.Y), 1e-9)
		}
	}

	dilated := Dilated{Base: ConstantVelocity{}, Scale: 1.6}.Predict(past, 0, times)
	assert.InDelta(t, 4.5*1.6, dilated[0].Length, 1e-12)

	vanishing := Vanishing{Base: ConstantVelocity{}, After: 0.5}.Predict(past, 0, times)
	assert.Len(t, vanishing[0].States, 1, "obstacle 1 keeps only its state at 0.25 s")
	assert.Len(t, vanishing[1].States, len(times), "obstacle 3 stays")

	spurious := Spurious{Base: ConstantVelocity{}, Count: 3}.Predict(past, 0, times)
	assert.Len(t, spurious, 5)
	again := Spurious{Base: ConstantVelocity{}, Count: 3}.Predict(past, 0, times)
	assert.Equal(t, spurious[4].States[0], again[4].States[0], "spurious boxes are reproducible")

	reversed := TimeReversed{}.Predict(past, 0, times)
	straight := straightCar()
	for k, tm := range times {
		want, _ := straight.StateAt(math.Max(-tm, -2))
		assert.InDelta(t, want.X, reversed[0].States[k].X, 1e-9, "held at the oldest state beyond 2 s")
	}

	teleporting := Teleporting{Base: ConstantVelocity{}, Jump: 15, At: 1.5}.Predict(past, 0, times)
	assert.InDelta(t, cv[0].States[1].X, teleporting[0].States[1].X, 1e-12, "no jump before 1.5 s")
	assert.InDelta(t, 15, math.Hypot(cv[0].States[2].X-teleporting[0].States[2].X, cv[0].States[2].Y-teleporting[0].States[2].Y), 1e-9)
}

func TestBuildNamesEveryForecast(t *testing.T) {
	setup := Setup{Layout: occupancy.EgoLayout("map", 0, 0, 0, 100, 100, 0.5), CycleTime: 0, Horizon: 3, TimeStep: 0.25}
	all := append(Classical(), Broken()...)
	set, err := Build(all, []traj.Obstacle{straightCar(), turningCar()}, setup)
	require.NoError(t, err)
	require.Len(t, set, len(all))
	for i, f := range set {
		assert.Equal(t, all[i].Name(), f.Source)
		assert.Equal(t, 12, f.Occupancy.Frames)
		assert.InDelta(t, 0.25, f.Occupancy.Start, 1e-12)
		require.NoError(t, f.Occupancy.Validate())
	}
	assert.Equal(t, 2, set.Index("ctrv"))

	_, err = Build(all, nil, Setup{Layout: setup.Layout, Horizon: 3})
	assert.ErrorContains(t, err, "invalid time step 0 s")
}

// spy records the latest state time it receives.
type spy struct{ latest *float64 }

func (spy) Name() string { return "spy" }

func (f spy) Predict(past []traj.Obstacle, _ float64, _ []float64) []traj.Obstacle {
	for _, o := range past {
		for _, s := range o.States {
			*f.latest = math.Max(*f.latest, s.T)
		}
	}
	return nil
}

func TestRunHidesTheFuture(t *testing.T) {
	latest := math.Inf(-1)
	setup := Setup{Layout: occupancy.EgoLayout("map", 0, 0, 0, 40, 40, 0.5), CycleTime: 1.23, Horizon: 3, TimeStep: 0.25}
	seq, err := Run(spy{&latest}, []traj.Obstacle{straightCar(), turningCar()}, setup)
	require.NoError(t, err)
	assert.InDelta(t, 1.23, latest, 1e-12, "states up to the cycle time only")
	assert.Equal(t, 0.0, seq.Mass(0), "an empty prediction rasterises to an empty forecast")
}
