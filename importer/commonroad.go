package importer

import (
	"errors"
	"fmt"
	"log/slog"
	"math"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/commonroad"
	"github.com/ebm-av/ebm_av/occupancy/evaluation"
	"github.com/ebm-av/ebm_av/sampler"
	"github.com/ebm-av/ebm_av/traj"
)

// DefaultStartTime is the ROS time of scene time 0, ns since the Unix
// epoch: 2023-11-14T22:13:20Z. Any fixed value works; a realistic one keeps
// tools that show wall-clock dates readable.
const DefaultStartTime int64 = 1_700_000_000_000_000_000

// CommonRoadOptions configures ImportCommonRoad.
type CommonRoadOptions struct {
	// Solution is the path of a solution file whose trajectory becomes the
	// ego and its human reference. Exclusive with EgoID.
	Solution string
	// EgoID makes the recorded obstacle with this id the ego; its recorded
	// future becomes the human reference. 0 means none.
	EgoID int
	// PlanningProblem selects the problem of a solution; 0 means the first.
	PlanningProblem int
	// CyclePeriod is the time between planning cycles, s. Default 1.
	CyclePeriod float64
	// MaxCycles bounds the number of cycles; 0 means no bound.
	MaxCycles int
	// MinHumanFuture is the shortest human future a cycle needs, s.
	// Default 1.
	MinHumanFuture float64
	// TimeStepTolerance is the relative disagreement between declared and
	// measured time steps above which the measured one is used with a
	// warning. Default 0.1.
	TimeStepTolerance float64
	// PredictionStdDev and PredictionStdDevGrowth set the 1-sigma position
	// uncertainty of the constant-velocity predictions, m and m/s.
	// Defaults 0.2 and 0.3.
	PredictionStdDev, PredictionStdDevGrowth float64
	Sampler                                  sampler.Options
	BEV                                      bev.EgoFrame // zero means bev.DefaultEgoFrame
	StartTime                                int64        // ns of scene time 0; 0 means DefaultStartTime
	// Writer configures the output bag; the zero value means zstd-compressed
	// chunks, as rosbag2 writes MCAP by default.
	Writer bag.WriterOptions
	Logger *slog.Logger
	// Occupancy adds BEV occupancy data to every cycle with 1 s of scene
	// before and 3 s after it. The data are the past occupancy, the
	// forecasts of the classical and deliberately wrong forecasters, the
	// drivable and observed masks, and the real future on an
	// evaluation-only topic.
	Occupancy bool
}

// CommonRoadSummary reports one import.
type CommonRoadSummary struct {
	Scenario         string  `json:"scenario"`
	Output           string  `json:"output"`
	Version          string  `json:"version"`
	DeclaredTimeStep float64 `json:"declared_time_step_s"`
	MeasuredTimeStep float64 `json:"measured_time_step_s"`
	UsedTimeStep     float64 `json:"used_time_step_s"`
	TimeStepMismatch bool    `json:"time_step_mismatch"`
	Ego              string  `json:"ego"`
	Cycles           int     `json:"cycles"`
	Candidates       int     `json:"candidates_per_cycle"`
	Obstacles        int     `json:"obstacles"`
	OccupancyCycles  int     `json:"occupancy_cycles,omitempty"`
}

func (o *CommonRoadOptions) defaults() error {
	if o.Solution != "" && o.EgoID != 0 {
		return errors.New("importer: --solution and --ego are exclusive: give one")
	}
	if o.CyclePeriod == 0 {
		o.CyclePeriod = 1
	}
	if o.MinHumanFuture == 0 {
		o.MinHumanFuture = 1
	}
	if o.TimeStepTolerance == 0 {
		o.TimeStepTolerance = 0.1
	}
	if o.PredictionStdDev == 0 {
		o.PredictionStdDev = 0.2
	}
	if o.PredictionStdDevGrowth == 0 {
		o.PredictionStdDevGrowth = 0.3
	}
	if o.BEV == (bev.EgoFrame{}) {
		o.BEV = bev.DefaultEgoFrame
	}
	if o.Writer == (bag.WriterOptions{}) {
		o.Writer = bag.WriterOptions{Chunked: true, Compression: bag.CompressionZstd}
	}
	if o.StartTime == 0 {
		o.StartTime = DefaultStartTime
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	switch {
	case !(o.CyclePeriod > 0) || math.IsInf(o.CyclePeriod, 0):
		return fmt.Errorf("importer: invalid cycle period %g s: must be positive", o.CyclePeriod)
	case o.MaxCycles < 0:
		return fmt.Errorf("importer: invalid max cycles %d: must be 0 (no bound) or positive", o.MaxCycles)
	case !(o.MinHumanFuture > 0):
		return fmt.Errorf("importer: invalid minimum human future %g s: must be positive", o.MinHumanFuture)
	}
	return nil
}

// egoTrack is the ego's recorded trajectory with absolute scene times, or a
// single initial state when the scenario has no recorded ego.
type egoTrack struct {
	name      string
	track     traj.Trajectory
	length    float64
	width     float64
	excludeID int // obstacle id that is the ego itself
}

// ImportCommonRoad reads the scenario at path and writes a bag of planner
// inputs per planning cycle to the directory out.
func ImportCommonRoad(path, out string, opts CommonRoadOptions) (sum CommonRoadSummary, err error) {
	if err := opts.defaults(); err != nil {
		return sum, err
	}
	log := opts.Logger
	sc, err := commonroad.ParseScenarioFile(path)
	if err != nil {
		return sum, err
	}
	sum = CommonRoadSummary{
		Scenario: sc.ID, Output: out, Version: sc.Version,
		DeclaredTimeStep: sc.DeclaredTimeStep, MeasuredTimeStep: sc.MeasuredTimeStep,
		UsedTimeStep: sc.DeclaredTimeStep,
	}
	dt, err := UsedTimeStep(sc, opts)
	if err != nil {
		return sum, err
	}
	if dt != sc.DeclaredTimeStep {
		sum.TimeStepMismatch = true
		log.Warn("declared time step disagrees with the motion; using the measured one",
			"scenario", sc.ID, "declared_s", sc.DeclaredTimeStep, "measured_s", sc.MeasuredTimeStep, "state_pairs", sc.MeasuredPairs)
	}
	sum.UsedTimeStep = dt

	ego, err := loadEgo(sc, dt, opts)
	if err != nil {
		return sum, err
	}
	sum.Ego = ego.name

	smp, err := sampler.New(opts.Sampler)
	if err != nil {
		return sum, err
	}

	obstacles := make([]traj.Obstacle, 0, len(sc.Obstacles))
	for i := range sc.Obstacles {
		if sc.Obstacles[i].ID == ego.excludeID {
			continue
		}
		obstacles = append(obstacles, sc.Obstacles[i].Traj(dt))
	}
	sum.Obstacles = len(obstacles)

	times := cycleTimes(ego.track, opts)
	if len(times) == 0 {
		return sum, fmt.Errorf("importer: %s: ego %s has no %g s of recorded future for a planning cycle", path, ego.name, opts.MinHumanFuture)
	}

	w, err := bag.Create(out, opts.Writer)
	if err != nil {
		return sum, err
	}
	defer func() {
		if cerr := w.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	cw, err := newCycleWriter(w, opts.Occupancy)
	if err != nil {
		return sum, err
	}
	var occ *occupancyScene
	if opts.Occupancy {
		occ = newOccupancyScene(sc, dt, ego.excludeID, evaluation.DefaultStudyConfig())
	}
	for _, tc := range times {
		c, err := buildCycle(sc, ego, obstacles, tc, dt, smp, opts)
		if err != nil {
			return sum, fmt.Errorf("importer: %s: cycle at %.2f s: %w", path, tc, err)
		}
		if occ != nil {
			if c.occupancy, _, err = occ.cycle(c.ego, tc); err != nil {
				return sum, fmt.Errorf("importer: %s: occupancy at %.2f s: %w", path, tc, err)
			}
			if c.occupancy != nil {
				sum.OccupancyCycles++
			}
		}
		stamp := opts.StartTime + int64(math.Round(tc*1e9))
		if err := cw.write(stamp, c); err != nil {
			return sum, fmt.Errorf("importer: %s: %w", path, err)
		}
		sum.Cycles++
		sum.Candidates = len(c.candidates)
	}
	log.Info("imported scenario", "scenario", sc.ID, "out", out, "cycles", sum.Cycles,
		"candidates", sum.Candidates, "time_step_s", dt, "ego", ego.name)
	return sum, nil
}

func loadEgo(sc *commonroad.Scenario, dt float64, opts CommonRoadOptions) (egoTrack, error) {
	switch {
	case opts.Solution != "":
		sol, err := commonroad.ParseSolutionFile(opts.Solution)
		if err != nil {
			return egoTrack{}, err
		}
		st, err := sol.Trajectory(opts.PlanningProblem)
		if err != nil {
			return egoTrack{}, err
		}
		if len(st.States) == 0 {
			return egoTrack{}, fmt.Errorf("importer: %s: solution trajectory has no states", opts.Solution)
		}
		return egoTrack{
			name:  fmt.Sprintf("solution %s (%s, %s)", sol.BenchmarkID, st.Kind, sol.Vehicle.Name),
			track: st.Traj(dt), length: sol.Vehicle.Length, width: sol.Vehicle.Width,
		}, nil
	case opts.EgoID != 0:
		for i := range sc.Obstacles {
			o := &sc.Obstacles[i]
			if o.ID != opts.EgoID {
				continue
			}
			if o.Shape == traj.Circle || o.Static {
				return egoTrack{}, fmt.Errorf("importer: %s: obstacle %d is a %s with a %s shape: choose a moving vehicle with a rectangle shape as ego", sc.Path, o.ID, o.Type, shapeName(o.Shape))
			}
			ot := o.Traj(dt)
			t := traj.Trajectory{Points: make([]traj.Point, len(ot.States))}
			for k, s := range ot.States {
				t.Points[k] = traj.Point{T: s.T, X: s.X, Y: s.Y, Yaw: s.Yaw, V: s.V}
			}
			fillDerivatives(&t)
			return egoTrack{name: fmt.Sprintf("obstacle %d (%s)", o.ID, o.Type), track: t,
				length: o.Length, width: o.Width, excludeID: o.ID}, nil
		}
		return egoTrack{}, fmt.Errorf("importer: %s: no obstacle with id %d: --ego takes the id of a dynamic obstacle", sc.Path, opts.EgoID)
	}
	pp, err := sc.PlanningProblem(opts.PlanningProblem)
	if err != nil {
		return egoTrack{}, fmt.Errorf("importer: %w", err)
	}
	v := commonroad.Vehicles[1]
	init := pp.Initial
	p := traj.Point{T: float64(init.TimeStep) * dt, X: init.Position.X, Y: init.Position.Y,
		Yaw: init.Orientation, V: init.Velocity, A: init.Acceleration}
	return egoTrack{name: fmt.Sprintf("planning problem %d (%s)", pp.ID, v.Name),
		track: traj.Trajectory{Points: []traj.Point{p}}, length: v.Length, width: v.Width}, nil
}

func shapeName(s traj.Shape) string {
	if s == traj.Circle {
		return "circle"
	}
	return "rectangle"
}

// cycleTimes returns the planning cycle times along the ego track: every
// CyclePeriod while at least MinHumanFuture of the track remains. A track of
// one state (a planning problem without a recording) gets one cycle.
func cycleTimes(t traj.Trajectory, opts CommonRoadOptions) []float64 {
	if len(t.Points) == 1 {
		return []float64{t.Points[0].T}
	}
	if len(t.Points) == 0 {
		return nil
	}
	start, end := t.Points[0].T, t.Points[len(t.Points)-1].T
	var out []float64
	for k := 0; ; k++ {
		tc := start + float64(k)*opts.CyclePeriod
		if tc > end-opts.MinHumanFuture+1e-9 {
			break
		}
		if opts.MaxCycles > 0 && len(out) == opts.MaxCycles {
			break
		}
		out = append(out, tc)
	}
	return out
}

// fillDerivatives sets acceleration and curvature by central differences.
func fillDerivatives(t *traj.Trajectory) {
	n := len(t.Points)
	for i := range t.Points {
		lo, hi := max(i-1, 0), min(i+1, n-1)
		if lo == hi {
			continue
		}
		a, b := t.Points[lo], t.Points[hi]
		t.Points[i].A = (b.V - a.V) / (b.T - a.T)
		if ds := math.Hypot(b.X-a.X, b.Y-a.Y); ds > 1e-3 {
			t.Points[i].Kappa = traj.WrapAngle(b.Yaw-a.Yaw) / ds
		}
	}
}
