package commonroad

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// egoOverlaps returns the ids of obstacles the solution footprint overlaps
// when state i is placed at scene time step start+i, or at its own time step
// when start is negative.
func egoOverlaps(s *Scenario, sol *Solution, start int) []string {
	var hits []string
	tr := sol.Trajectories[0]
	for i, st := range tr.States {
		k := st.TimeStep
		if start >= 0 {
			k = start + i
		}
		ego := sol.Footprint(st)
		for j := range s.Obstacles {
			o := &s.Obstacles[j]
			os, ok := o.StateAt(k)
			if ok && o.Clearance(os, ego) < 0 {
				hits = append(hits, fmt.Sprintf("obstacle %d at step %d", o.ID, k))
			}
		}
	}
	return hits
}

func TestRecordedSolutions(t *testing.T) {
	shiftedOverlap := map[string]bool{
		"CHN_SIND-831_150_T-225": true,
		"CHN_SIND-831_827_T-902": true,
		"CHN_SIND-831_902_T-977": true,
	}
	total := 0
	for _, site := range []string{"highD", "exiD", "SinD"} {
		for _, f := range recorded(t, site) {
			s := load(t, f)
			sol, err := ParseSolutionFile(solutionPath(f))
			require.NoError(t, err)
			total++
			name := s.ID
			t.Run(name, func(t *testing.T) {
				assert.Equal(t, "KS", sol.VehicleModel)
				assert.Equal(t, "TR2", sol.CostFunction)
				assert.Equal(t, s.ID, sol.ScenarioID)
				assert.Equal(t, "2020a", sol.Version)
				assert.Equal(t, Vehicles[1], sol.Vehicle)
				require.Len(t, sol.Trajectories, 1)
				tr := sol.Trajectories[0]
				assert.Equal(t, "ksTrajectory", tr.Kind)
				assert.Equal(t, s.PlanningProblems[0].ID, tr.PlanningProblem)
				assert.GreaterOrEqual(t, len(tr.States), 8)
				assert.LessOrEqual(t, len(tr.States), 76)

				// The solution starts where the planning problem's initial
				// state is, but at a later time step.
				init := s.PlanningProblems[0].Initial
				first := tr.States[0]
				assert.InDelta(t, init.Position.X, first.X, 1e-9)
				assert.InDelta(t, init.Position.Y, first.Y, 1e-9)
				assert.GreaterOrEqual(t, first.TimeStep, init.TimeStep)

				assert.Empty(t, egoOverlaps(s, sol, -1), "ego at its own time steps")
				shifted := egoOverlaps(s, sol, 0)
				if shiftedOverlap[name] {
					assert.NotEmpty(t, shifted, "ego shifted to step 0")
				} else {
					assert.Empty(t, shifted, "ego shifted to step 0")
				}
			})
		}
	}
	assert.Equal(t, 28, total)
}

func TestSolutionTraj(t *testing.T) {
	f := filepath.Join(filepath.Dir(recorded(t, "SinD")[0]), "CHN_SIND-831_150_T-225.solution.xml")
	sol, err := ParseSolutionFile(f)
	require.NoError(t, err)
	tr, err := sol.Trajectory(100052)
	require.NoError(t, err)
	assert.Equal(t, 45, tr.States[0].TimeStep)
	assert.Equal(t, 46, tr.States[1].TimeStep)
	assert.InDelta(t, 11.1316, tr.States[1].X, 1e-12)
	assert.InDelta(t, 0.8291, tr.States[1].Velocity, 1e-12)

	tj := tr.Traj(0.5)
	require.Len(t, tj.Points, len(tr.States))
	assert.InDelta(t, 22.5, tj.Points[0].T, 1e-12, "trajectory starts at its own time step")
	assert.InDelta(t, 23.0, tj.Points[1].T, 1e-12)
	assert.InDelta(t, (0.344-0.9769)/1.0, tj.Points[1].A, 1e-12)

	_, err = sol.Trajectory(7)
	assert.ErrorContains(t, err, "planning problem 7")
}

func TestPointMassSolution(t *testing.T) {
	const doc = `<CommonRoadSolution benchmark_id="PM2:JB1:ZAM_Test-1_1_T-1:2020a">
  <pmTrajectory planningProblem="5">
    <pmState><x>1</x><y>2</y><xVelocity>3</xVelocity><yVelocity>4</yVelocity><time>7</time></pmState>
    <pmState><x>1.3</x><y>2.4</y><xVelocity>3</xVelocity><yVelocity>4</yVelocity><time>8</time></pmState>
  </pmTrajectory>
</CommonRoadSolution>`
	sol, err := ParseSolution(stringReader(doc), "pm.xml")
	require.NoError(t, err)
	assert.Equal(t, "PM", sol.VehicleModel)
	assert.Equal(t, Vehicles[2], sol.Vehicle)
	st := sol.Trajectories[0].States[1]
	assert.Equal(t, 8, st.TimeStep)
	assert.InDelta(t, 5, st.Velocity, 1e-12)
	assert.InDelta(t, math.Atan2(4, 3), st.Orientation, 1e-12)
}
