package planner

import (
	"fmt"
	"math"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/lanemap"
	"github.com/ebm-av/ebm_av/traj"
)

// Context is the input of one planning cycle. Candidate and obstacle times
// are both measured from the cycle start, s.
//
// A Context caches data derived from its fields and the candidates (obstacle
// poses on the candidates' time grid, a road index) on first use. Scorer.Score
// clears the cache on every call. Callers that evaluate terms directly and
// change the fields of a reused Context call Reset first. The cache keeps its
// memory across cycles, so a planner reuses one Context and assigns its
// exported fields each cycle. Replacing the whole struct drops that memory.
type Context struct {
	Ego       traj.EgoState
	Obstacles []traj.Obstacle // predicted states; StdDev may be 0 when unknown
	Map       lanemap.Map
	Grid      *bev.Grid // nil when no BEV raster is available
	// SpeedLimit is the speed limit where the map gives none, m/s. 0 means
	// unknown.
	SpeedLimit float64
	// CycleTime is the planning period, s. The scorer does not read it.
	CycleTime float64
	// OpenLaneEnds treats the space beyond the end of a lane without
	// successors as unknown rather than off the road. Maps cut at the edge
	// of a recorded area end their lanes there while the road goes on.
	OpenLaneEnds bool

	scene scene
}

// Reset clears the data cached from a previous evaluation.
func (c *Context) Reset() {
	c.scene.reset()
}

// Validate checks the ego footprint, the candidates' shared time grid, the
// obstacle shapes and states and the BEV grid, and returns an error naming
// the first invalid value. The lane map is not checked.
func (c *Context) Validate(cands []traj.Trajectory) error {
	if !(c.Ego.Length > 0 && c.Ego.Width > 0) {
		return fmt.Errorf("planner: invalid ego footprint %g×%g m: length and width must be positive", c.Ego.Length, c.Ego.Width)
	}
	if !(c.SpeedLimit >= 0) {
		return fmt.Errorf("planner: invalid speed limit %g m/s: must be ≥ 0", c.SpeedLimit)
	}
	if err := validateCandidates(cands); err != nil {
		return err
	}
	if c.Grid != nil {
		if err := c.Grid.Validate(); err != nil {
			return fmt.Errorf("planner: BEV grid: %w", err)
		}
	}
	for i := range c.Obstacles {
		o := &c.Obstacles[i]
		switch o.Shape {
		case traj.Rectangle:
			if !(o.Length > 0 && o.Width > 0) {
				return fmt.Errorf("planner: obstacle %d: invalid rectangle %g×%g m: length and width must be positive", o.ID, o.Length, o.Width)
			}
		case traj.Circle:
			if !(o.Radius > 0) {
				return fmt.Errorf("planner: obstacle %d: invalid circle radius %g m: must be positive", o.ID, o.Radius)
			}
		default:
			return fmt.Errorf("planner: obstacle %d: unknown shape %d", o.ID, o.Shape)
		}
		for k, s := range o.States {
			if !finite(s.T, s.X, s.Y, s.Yaw, s.StdDev) || s.StdDev < 0 {
				return fmt.Errorf("planner: obstacle %d: state %d has a non-finite value or a negative standard deviation", o.ID, k)
			}
			if k > 0 && s.T < o.States[k-1].T {
				return fmt.Errorf("planner: obstacle %d: state %d at %.6g s precedes state %d at %.6g s: states must be in time order", o.ID, k, s.T, k-1, o.States[k-1].T)
			}
		}
	}
	return nil
}

func validateCandidates(cands []traj.Trajectory) error {
	if len(cands) == 0 {
		return nil
	}
	grid := cands[0].Points
	if len(grid) < 2 {
		return fmt.Errorf("planner: candidate 0 has %d points: need at least 2", len(grid))
	}
	for k := 1; k < len(grid); k++ {
		if !(grid[k].T > grid[k-1].T) {
			return fmt.Errorf("planner: candidate 0: time %.6g s at point %d does not increase: need a strictly increasing time grid", grid[k].T, k)
		}
	}
	for i := range cands {
		pts := cands[i].Points
		if len(pts) != len(grid) {
			return fmt.Errorf("planner: candidate %d has %d points, candidate 0 has %d: candidates must share one time grid", i, len(pts), len(grid))
		}
		for k := range pts {
			p := &pts[k]
			if math.Abs(p.T-grid[k].T) > 1e-6 {
				return fmt.Errorf("planner: candidate %d: point %d at %.6g s, candidate 0 at %.6g s: candidates must share one time grid", i, k, p.T, grid[k].T)
			}
			if !finite(p.X, p.Y, p.Yaw, p.V, p.A, p.Kappa) {
				return fmt.Errorf("planner: candidate %d: point %d has a non-finite value", i, k)
			}
		}
	}
	return nil
}

func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
