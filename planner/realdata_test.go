package planner

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/commonroad"
	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/traj"
)

// recordedScene is a recorded CommonRoad scenario with the human ego
// trajectory of its solution.
type recordedScene struct {
	name      string
	ego       traj.EgoState
	obstacles []traj.Obstacle
	human     traj.Trajectory // at the solution's own time steps
	shifted   traj.Trajectory // the same states moved to start at time step 0
	scenario  *commonroad.Scenario
	firstStep int // time step of the first solution state
}

func loadRecorded(t *testing.T) []recordedScene {
	t.Helper()
	var scenes []recordedScene
	for _, site := range []string{"highD", "exiD", "SinD"} {
		dir := shareddata.Path(t, "commonroad/recorded/"+site)
		paths, err := filepath.Glob(filepath.Join(dir, "*.solution.xml"))
		require.NoError(t, err)
		for _, solPath := range paths {
			sol, err := commonroad.ParseSolutionFile(solPath)
			require.NoError(t, err)
			sc, err := commonroad.ParseScenarioFile(strings.TrimSuffix(solPath, ".solution.xml") + ".cr.xml")
			require.NoError(t, err)
			require.NotEmpty(t, sol.Trajectories, solPath)
			states := sol.Trajectories[0].States
			dt := sc.TimeStep()
			rs := recordedScene{
				name:      filepath.Base(solPath),
				ego:       traj.EgoState{Length: sol.Vehicle.Length, Width: sol.Vehicle.Width},
				obstacles: sc.TrajObstacles(),
				scenario:  sc,
				firstStep: states[0].TimeStep,
			}
			for _, st := range states {
				p := traj.Point{T: float64(st.TimeStep) * dt, X: st.X, Y: st.Y, Yaw: st.Orientation, V: st.Velocity}
				rs.human.Points = append(rs.human.Points, p)
				p.T = float64(st.TimeStep-states[0].TimeStep) * dt
				rs.shifted.Points = append(rs.shifted.Points, p)
			}
			scenes = append(scenes, rs)
		}
	}
	return scenes
}

// collisionOnlyGate returns gate parameters that check collisions only.
func collisionOnlyGate() GateParams {
	p := DefaultParams().Gate
	p.MaxCurvature, p.MaxJerk, p.MaxLateralAcceleration = math.Inf(1), math.Inf(1), math.Inf(1)
	p.MinAcceleration, p.MaxAcceleration = math.Inf(-1), math.Inf(1)
	p.CheckDrivable = false
	return p
}

// TestRecordedHumanTrajectories checks the gate and the lane term on the
// recorded human futures of all 28 recorded scenes, parsed once.
func TestRecordedHumanTrajectories(t *testing.T) {
	scenes := loadRecorded(t)
	require.Len(t, scenes, 28)
	t.Run("collision", func(t *testing.T) { testRecordedCollision(t, scenes) })
	t.Run("lane", func(t *testing.T) { testRecordedLane(t, scenes) })
	t.Run("drivable", func(t *testing.T) { testRecordedDrivable(t, scenes) })
}

func testRecordedCollision(t *testing.T, scenes []recordedScene) {
	var collidingWhenShifted []string
	for _, sc := range scenes {
		ctx := &Context{Ego: sc.ego, Obstacles: sc.obstacles}
		r := check(t, collisionOnlyGate(), ctx, sc.human)
		assert.Equal(t, CheckNone, r[0].Check, "%s: the recorded human trajectory is rejected: %s", sc.name, r[0])

		ctx = &Context{Ego: sc.ego, Obstacles: sc.obstacles}
		if r := check(t, collisionOnlyGate(), ctx, sc.shifted); r[0].Check == CheckCollision {
			collidingWhenShifted = append(collidingWhenShifted, sc.name+" "+r[0].String())
		}
	}
	// Shifted to time step 0, the recorded footprint overlaps obstacles in
	// exactly three SinD scenes.
	assert.Equal(t, []string{
		"CHN_SIND-831_150_T-225.solution.xml collision:obstacle=10050,t=15.05s",
		"CHN_SIND-831_827_T-902.solution.xml collision:obstacle=10176,t=3.51s",
		"CHN_SIND-831_902_T-977.solution.xml collision:obstacle=10188,t=6.00s",
	}, collidingWhenShifted)
}

func testRecordedLane(t *testing.T, scenes []recordedScene) {
	// Recorded drivers keep close to a lane centre line: the RMS deviation
	// over each recorded future stays below 1.5 m, and mostly below 1 m.
	for _, sc := range scenes {
		ctx := &Context{Ego: sc.ego, Map: sc.scenario.LaneMap(sc.firstStep)}
		e := evaluate(NewLane(LaneParams{LateralWeight: 1, MaxDeviation: 5}), ctx, sc.human)
		rms := math.Sqrt(e[0] / sc.human.Duration())
		assert.Less(t, rms, 1.5, sc.name)
	}
}

func testRecordedDrivable(t *testing.T, scenes []recordedScene) {
	p := collisionOnlyGate()
	p.CheckDrivable = true
	var rejected []string
	for _, sc := range scenes {
		ctx := &Context{Ego: sc.ego, Obstacles: sc.obstacles, Map: sc.scenario.LaneMap(sc.firstStep)}
		if r := check(t, p, ctx, sc.human); r[0].Check != CheckNone {
			rejected = append(rejected, sc.name+" "+r[0].String())
		}
	}
	// In this one highD scene the recorded car is stopped and its
	// recorded orientation jumps between 0 and ±π, turning the box by up to
	// 45° so that a corner leaves the lanelets. Every other recorded
	// footprint stays on the lanelets.
	assert.Equal(t, []string{"DEU_LocationAUpper26-1_26902_T-977.solution.xml drivable_area:t=6.80s"}, rejected)
}
