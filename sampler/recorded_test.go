package sampler

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/commonroad"
	"github.com/ebm-av/ebm_av/geom"
	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/traj"
)

func TestRecordedHighDLane(t *testing.T) {
	path := shareddata.Path(t, "commonroad/recorded/highD/DEU_LocationAUpper26-1_2675_T-150.cr.xml")
	s, err := commonroad.ParseScenarioFile(path)
	require.NoError(t, err)
	pp, err := s.PlanningProblem(0)
	require.NoError(t, err)
	ego := traj.EgoState{X: pp.Initial.Position.X, Y: pp.Initial.Position.Y, Yaw: pp.Initial.Orientation, V: pp.Initial.Velocity}

	var lane *commonroad.Lanelet
	for i := range s.Lanelets {
		if geom.PointInPolygon(pp.Initial.Position, s.Lanelets[i].Polygon()) {
			lane = &s.Lanelets[i]
		}
	}
	require.NotNil(t, lane, "ego on no lanelet")
	ref, err := NewReference(lane.Center)
	require.NoError(t, err)

	smp, err := New(Options{})
	require.NoError(t, err)
	cands, err := smp.Sample(ego, ref)
	require.NoError(t, err)
	assert.Len(t, cands, 252)
	poly := lane.Polygon()
	for _, c := range cands {
		if c.Offset != 0 || c.TargetSpeed == 0 {
			continue
		}
		// Keeping the lane at any speed stays inside it while the lane lasts.
		for _, p := range c.Trajectory.Points {
			s, _ := ref.Project(geom.Vec2{X: p.X, Y: p.Y})
			if s > ref.Length() {
				break
			}
			require.True(t, geom.PointInPolygon(geom.Vec2{X: p.X, Y: p.Y}, poly), "speed %g at %g s", c.TargetSpeed, p.T)
		}
	}
}
