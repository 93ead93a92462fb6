package commonroad

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/ebm-av/ebm_av/geom"
	"github.com/ebm-av/ebm_av/traj"
)

// Vehicle is a CommonRoad vehicle parameter set's footprint.
type Vehicle struct {
	ID            int    // CommonRoad vehicle type id, 1 to 3
	Name          string // car the parameters come from
	Length, Width float64
}

// Vehicles are the footprints of the CommonRoad vehicle parameter sets 1 to
// 3 (commonroad-vehicle-models, parameters_vehicle1 to 3).
var Vehicles = map[int]Vehicle{
	1: {ID: 1, Name: "Ford Escort", Length: 4.298, Width: 1.674},
	2: {ID: 2, Name: "BMW 320i", Length: 4.508, Width: 1.610},
	3: {ID: 3, Name: "VW Vanagon", Length: 4.569, Width: 1.844},
}

// vehicleModels are the model prefixes of a benchmark id: point mass,
// kinematic single track, single track, multi-body, and the kinematic single
// track with trailer.
var vehicleModels = []string{"PM", "KST", "KS", "ST", "MB"}

// SolutionState is one state of a solution trajectory. Fields the trajectory
// kind does not carry are zero; a point-mass state gets Velocity and
// Orientation from its velocity components.
type SolutionState struct {
	TimeStep      int     // scene time step
	X, Y          float64 // m
	Orientation   float64 // rad
	Velocity      float64 // m/s
	SteeringAngle float64 // rad
	YawRate       float64 // rad/s
	SlipAngle     float64 // rad
	Acceleration  float64 // m/s², where the kind has it
}

// SolutionTrajectory is the trajectory solving one planning problem.
type SolutionTrajectory struct {
	PlanningProblem int
	Kind            string // element name, for example "ksTrajectory"
	States          []SolutionState
}

// Solution is a parsed <CommonRoadSolution>.
type Solution struct {
	Path         string
	BenchmarkID  string // for example "KS1:TR2:CHN_SIND-831_150_T-225:2020a"
	VehicleModel string // "KS", "ST", "MB", "PM" or "KST"
	CostFunction string // for example "TR2"
	ScenarioID   string
	Version      string
	Vehicle      Vehicle
	Trajectories []SolutionTrajectory
}

// ParseSolutionFile reads and parses the solution at path.
func ParseSolutionFile(path string) (*Solution, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("commonroad: %w", err)
	}
	defer f.Close()
	return ParseSolution(f, path)
}

type xmlSolutionState struct {
	XMLName xml.Name
	Fields  []struct {
		XMLName xml.Name
		Value   string `xml:",chardata"`
	} `xml:",any"`
}

type xmlSolutionTrajectory struct {
	XMLName         xml.Name
	PlanningProblem string             `xml:"planningProblem,attr"`
	States          []xmlSolutionState `xml:",any"`
}

type xmlSolution struct {
	XMLName      xml.Name                `xml:"CommonRoadSolution"`
	BenchmarkID  string                  `xml:"benchmark_id,attr"`
	Trajectories []xmlSolutionTrajectory `xml:",any"`
}

// ParseSolution parses a CommonRoad solution from r; name prefixes errors.
func ParseSolution(r io.Reader, name string) (*Solution, error) {
	sol, err := parseSolution(r)
	if err != nil {
		return nil, fmt.Errorf("commonroad: %s: %w", name, err)
	}
	sol.Path = name
	return sol, nil
}

func parseSolution(r io.Reader) (*Solution, error) {
	var x xmlSolution
	if err := xml.NewDecoder(r).Decode(&x); err != nil {
		return nil, fmt.Errorf("malformed XML: %w", err)
	}
	sol := &Solution{BenchmarkID: x.BenchmarkID}
	if err := sol.parseBenchmarkID(); err != nil {
		return nil, err
	}
	for _, xt := range x.Trajectories {
		kind := xt.XMLName.Local
		if !strings.HasSuffix(kind, "Trajectory") {
			return nil, fmt.Errorf("<%s>: expected a trajectory element such as <ksTrajectory>", kind)
		}
		pp, err := strconv.Atoi(xt.PlanningProblem)
		if err != nil {
			return nil, fmt.Errorf("<%s planningProblem=%q>: invalid planning problem id", kind, xt.PlanningProblem)
		}
		t := SolutionTrajectory{PlanningProblem: pp, Kind: kind}
		for i, xs := range xt.States {
			st, err := convertSolutionState(xs)
			if err != nil {
				return nil, fmt.Errorf("<%s> state %d: %w", kind, i+1, err)
			}
			if n := len(t.States); n > 0 && st.TimeStep <= t.States[n-1].TimeStep {
				return nil, fmt.Errorf("<%s> state %d: <time> %d does not follow %d: time steps must increase", kind, i+1, st.TimeStep, t.States[n-1].TimeStep)
			}
			t.States = append(t.States, st)
		}
		if len(t.States) == 0 {
			return nil, fmt.Errorf("<%s planningProblem=\"%d\"> has no states", kind, pp)
		}
		sol.Trajectories = append(sol.Trajectories, t)
	}
	if len(sol.Trajectories) == 0 {
		return nil, errors.New("<CommonRoadSolution> contains no trajectory element")
	}
	return sol, nil
}

// parseBenchmarkID splits "KS1:TR2:<scenario>:2020a" and looks up the vehicle.
func (s *Solution) parseBenchmarkID() error {
	parts := strings.Split(s.BenchmarkID, ":")
	if len(parts) != 4 {
		return fmt.Errorf("invalid benchmark_id %q: expected <model><vehicle>:<cost>:<scenario>:<version>, for example KS1:TR2:DEU_A-1_1_T-1:2020a", s.BenchmarkID)
	}
	s.CostFunction, s.ScenarioID, s.Version = parts[1], parts[2], parts[3]
	for _, m := range vehicleModels {
		rest, ok := strings.CutPrefix(parts[0], m)
		if !ok {
			continue
		}
		id, err := strconv.Atoi(rest)
		if err != nil {
			break
		}
		v, ok := Vehicles[id]
		if !ok {
			return fmt.Errorf("benchmark_id %q: vehicle type %d has no footprint here: use vehicle 1, 2 or 3", s.BenchmarkID, id)
		}
		s.VehicleModel, s.Vehicle = m, v
		return nil
	}
	return fmt.Errorf("benchmark_id %q: invalid vehicle %q: expected a model (PM, KS, KST, ST, MB) followed by the vehicle type, for example KS1", s.BenchmarkID, parts[0])
}

func convertSolutionState(x xmlSolutionState) (SolutionState, error) {
	var st SolutionState
	var vx, vy float64
	hasTime, hasVxy := false, false
	for _, f := range x.Fields {
		name := f.XMLName.Local
		v, err := strconv.ParseFloat(strings.TrimSpace(f.Value), 64)
		if err != nil {
			return SolutionState{}, fmt.Errorf("<%s>: invalid number %q", name, f.Value)
		}
		switch name {
		case "time":
			if v != math.Trunc(v) {
				return SolutionState{}, fmt.Errorf("<time> %q: must be an integer time step", f.Value)
			}
			st.TimeStep, hasTime = int(v), true
		case "x":
			st.X = v
		case "y":
			st.Y = v
		case "orientation":
			st.Orientation = v
		case "velocity":
			st.Velocity = v
		case "steeringAngle":
			st.SteeringAngle = v
		case "yawRate":
			st.YawRate = v
		case "slipAngle":
			st.SlipAngle = v
		case "acceleration":
			st.Acceleration = v
		case "xVelocity":
			vx, hasVxy = v, true
		case "yVelocity":
			vy, hasVxy = v, true
		}
	}
	if !hasTime {
		return SolutionState{}, errors.New("missing <time>")
	}
	if hasVxy {
		st.Velocity = math.Hypot(vx, vy)
		st.Orientation = math.Atan2(vy, vx)
	}
	return st, nil
}

// Trajectory returns the solution for planning problem pp (0: the first).
func (s *Solution) Trajectory(pp int) (*SolutionTrajectory, error) {
	for i := range s.Trajectories {
		if pp == 0 || s.Trajectories[i].PlanningProblem == pp {
			return &s.Trajectories[i], nil
		}
	}
	return nil, fmt.Errorf("commonroad: %s: no trajectory for planning problem %d", s.Path, pp)
}

// Footprint returns the vehicle box in state st, taking the state position as
// the box centre. NOTE: the kinematic models define x, y differently per
// model; the centre convention is the one under which the recorded solutions
// overlap no obstacle.
func (s *Solution) Footprint(st SolutionState) geom.Box {
	return geom.Box{Center: geom.Vec2{X: st.X, Y: st.Y}, Yaw: st.Orientation, Length: s.Vehicle.Length, Width: s.Vehicle.Width}
}

// Traj converts the states to a trajectory with absolute times
// T = TimeStep × dt, s, so the first point's T is the start time in the
// scene, not 0. Acceleration and curvature are finite differences of the
// states, and curvature is 0 where the vehicle is stationary.
func (t *SolutionTrajectory) Traj(dt float64) traj.Trajectory {
	n := len(t.States)
	out := traj.Trajectory{Points: make([]traj.Point, n)}
	for i, st := range t.States {
		out.Points[i] = traj.Point{T: float64(st.TimeStep) * dt, X: st.X, Y: st.Y, Yaw: st.Orientation, V: st.Velocity}
	}
	for i := range out.Points {
		lo, hi := max(i-1, 0), min(i+1, n-1)
		if lo == hi {
			continue
		}
		a, b := out.Points[lo], out.Points[hi]
		out.Points[i].A = (b.V - a.V) / (b.T - a.T)
		if ds := math.Hypot(b.X-a.X, b.Y-a.Y); ds > 1e-3 {
			out.Points[i].Kappa = traj.WrapAngle(b.Yaw-a.Yaw) / ds
		}
	}
	return out
}
