package importer

import (
	"fmt"
	"math"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/commonroad"
	"github.com/ebm-av/ebm_av/lanemap"
	"github.com/ebm-av/ebm_av/sampler"
	"github.com/ebm-av/ebm_av/traj"
)

// Cycle is one planning cycle built in memory from a recorded scenario, the
// same inputs ImportCommonRoad writes to a bag. Times of the predictions,
// the recorded futures, the human future and the candidates are relative to
// the cycle start.
type Cycle struct {
	Time       float64 // scene time of the cycle start, s
	Ego        traj.EgoState
	Candidates []traj.Trajectory // sampler candidates on a shared time grid
	Predicted  []traj.Obstacle   // constant-velocity predictions
	Recorded   []traj.Obstacle   // recorded futures of the other obstacles
	Human      traj.Trajectory   // recorded future of the ego, possibly shorter than the candidates
	Lanes      lanemap.Map
	Grid       *bev.Grid // ego-frame raster of bev.SceneChannels
}

// UsedTimeStep returns the time step of sc's recorded states, s: the
// declared one, or the one measured from the motion when the two disagree by
// more than opts.TimeStepTolerance.
func UsedTimeStep(sc *commonroad.Scenario, opts CommonRoadOptions) (float64, error) {
	if err := opts.defaults(); err != nil {
		return 0, err
	}
	dt := sc.DeclaredTimeStep
	if sc.MeasuredTimeStep > 0 {
		if rel := math.Abs(sc.MeasuredTimeStep-sc.DeclaredTimeStep) / sc.DeclaredTimeStep; rel > opts.TimeStepTolerance {
			dt = sc.MeasuredTimeStep
		}
	}
	if !(dt > 0) {
		return 0, fmt.Errorf("importer: %s: invalid time step %g s and no measurable motion: fix timeStepSize", sc.Path, dt)
	}
	return dt, nil
}

// ExpertCycles builds in memory the planning cycles of scenario sc with the
// recorded obstacle opts.EgoID as the ego, every opts.CyclePeriod while at
// least opts.MinHumanFuture of its track remains, at most opts.MaxCycles.
// The other obstacles keep their recordings. smp samples the candidates; nil
// means a sampler built from opts.Sampler.
func ExpertCycles(sc *commonroad.Scenario, smp *sampler.Sampler, opts CommonRoadOptions) ([]Cycle, error) {
	if opts.EgoID == 0 {
		return nil, fmt.Errorf("importer: %s: no expert: set EgoID to the id of a recorded vehicle", sc.Path)
	}
	dt, err := UsedTimeStep(sc, opts)
	if err != nil {
		return nil, err
	}
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	ego, err := loadEgo(sc, dt, opts)
	if err != nil {
		return nil, err
	}
	if smp == nil {
		if smp, err = sampler.New(opts.Sampler); err != nil {
			return nil, err
		}
	}
	obstacles := make([]traj.Obstacle, 0, len(sc.Obstacles))
	for i := range sc.Obstacles {
		if sc.Obstacles[i].ID != ego.excludeID {
			obstacles = append(obstacles, sc.Obstacles[i].Traj(dt))
		}
	}
	var out []Cycle
	for _, tc := range cycleTimes(ego.track, opts) {
		c, err := buildCycle(sc, ego, obstacles, tc, dt, smp, opts)
		if err != nil {
			return nil, fmt.Errorf("importer: %s: expert %d: cycle at %.2f s: %w", sc.Path, opts.EgoID, tc, err)
		}
		out = append(out, Cycle{
			Time: tc, Ego: c.ego, Candidates: c.candidates, Predicted: c.predicted,
			Recorded: c.recorded, Human: c.human, Lanes: c.lanes, Grid: c.grid,
		})
	}
	return out, nil
}

// StateCycle builds the planning cycle of scenario sc at scene time tc with
// the ego in state ego instead of a recorded state, for closed-loop runs in
// which the ego drifts from its recording. The recorded obstacle egoID, if
// not 0, is left out of the obstacles because it is the ego. The cycle has
// no human future.
func StateCycle(sc *commonroad.Scenario, ego traj.EgoState, egoID int, tc float64, smp *sampler.Sampler, opts CommonRoadOptions) (Cycle, error) {
	dt, err := UsedTimeStep(sc, opts)
	if err != nil {
		return Cycle{}, err
	}
	if err := opts.defaults(); err != nil {
		return Cycle{}, err
	}
	p := traj.Point{T: tc, X: ego.X, Y: ego.Y, Yaw: ego.Yaw, V: ego.V, A: ego.A}
	if ego.V > 0.1 {
		p.Kappa = ego.YawRate / ego.V
	}
	track := egoTrack{name: "closed-loop ego", track: traj.Trajectory{Points: []traj.Point{p}},
		length: ego.Length, width: ego.Width, excludeID: egoID}
	obstacles := make([]traj.Obstacle, 0, len(sc.Obstacles))
	for i := range sc.Obstacles {
		if sc.Obstacles[i].ID != egoID {
			obstacles = append(obstacles, sc.Obstacles[i].Traj(dt))
		}
	}
	c, err := buildCycle(sc, track, obstacles, tc, dt, smp, opts)
	if err != nil {
		return Cycle{}, fmt.Errorf("importer: %s: closed-loop cycle at %.2f s: %w", sc.Path, tc, err)
	}
	return Cycle{Time: tc, Ego: c.ego, Candidates: c.candidates, Predicted: c.predicted,
		Recorded: c.recorded, Lanes: c.lanes, Grid: c.grid}, nil
}
