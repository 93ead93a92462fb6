package demo

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/commonroad"
)

func TestSceneParsesAsCommonRoad(t *testing.T) {
	dir := t.TempDir()
	scPath, solPath, err := Write(dir)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, ScenarioID+".cr.xml"), scPath)

	sc, err := commonroad.ParseScenarioFile(scPath)
	require.NoError(t, err)
	assert.Equal(t, "2020a", sc.Version)
	assert.Len(t, sc.Lanelets, 3)
	assert.Len(t, sc.Obstacles, len(traffic))
	assert.InDelta(t, timeStep, sc.MeasuredTimeStep, 1e-3, "the scripted motion must match the declared time step")
	assert.InDelta(t, speedLimit, sc.Lanelets[0].SpeedLimit, 1e-9)

	sol, err := commonroad.ParseSolutionFile(solPath)
	require.NoError(t, err)
	st, err := sol.Trajectory(0)
	require.NoError(t, err)
	assert.Len(t, st.States, steps+1)
	assert.Equal(t, "Ford Escort", sol.Vehicle.Name)

	// The human ego never overlaps the scripted traffic.
	for _, s := range st.States {
		box := sol.Footprint(s)
		for i := range sc.Obstacles {
			o := &sc.Obstacles[i]
			os, ok := o.StateAt(s.TimeStep)
			require.True(t, ok)
			assert.Greater(t, o.Clearance(os, box), 0.5, "obstacle %d at step %d", o.ID, s.TimeStep)
		}
	}
}
