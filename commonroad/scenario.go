package commonroad

import (
	"fmt"

	"github.com/ebm-av/ebm_av/geom"
)

// Interval is a closed range [Start, End]. An exact value has Start == End.
type Interval struct{ Start, End float64 }

// Contains reports whether v lies in the interval.
func (i Interval) Contains(v float64) bool { return v >= i.Start && v <= i.End }

// Shape is a union of rectangles, circles and polygons in the scenario frame:
// a goal area or an initial position given as an area.
type Shape struct {
	Rectangles []geom.Box
	Circles    []geom.Circle
	Polygons   [][]geom.Vec2
}

// Empty reports whether s has no part.
func (s Shape) Empty() bool {
	return len(s.Rectangles) == 0 && len(s.Circles) == 0 && len(s.Polygons) == 0
}

// Contains reports whether p lies in any part of s.
func (s Shape) Contains(p geom.Vec2) bool {
	for _, r := range s.Rectangles {
		if r.Contains(p) {
			return true
		}
	}
	for _, c := range s.Circles {
		if p.Sub(c.Center).Norm() <= c.Radius {
			return true
		}
	}
	for _, poly := range s.Polygons {
		if geom.PointInPolygon(p, poly) {
			return true
		}
	}
	return false
}

// State is one exact state of an obstacle or an initial state. Fields a file
// leaves out are zero.
type State struct {
	TimeStep     int       // scene time step index
	Position     geom.Vec2 // centre, m
	Orientation  float64   // rad
	Velocity     float64   // m/s
	Acceleration float64   // m/s²
	YawRate      float64   // rad/s
	SlipAngle    float64   // rad
}

// Lanelet is a lane segment of the road network.
type Lanelet struct {
	ID                int
	Left, Right       []geom.Vec2 // bounds in driving direction, m
	Center            []geom.Vec2 // midpoints of corresponding bound points, m
	LeftMarking       string      // line marking, for example "dashed", or "" when absent
	RightMarking      string
	Predecessors      []int
	Successors        []int
	AdjacentLeft      int  // 0 when none
	AdjacentLeftSame  bool // the left neighbour runs in the same direction
	AdjacentRight     int  // 0 when none
	AdjacentRightSame bool
	Types             []string // laneletType values, for example "urban", "interstate"
	UserOneWay        []string
	UserBidirectional []string
	StopLine          []geom.Vec2 // stop line end points, or nil when none
	TrafficSigns      []int       // referenced traffic sign ids
	TrafficLights     []int       // referenced traffic light ids, the stop line's included
	SpeedLimit        float64     // m/s from the referenced speed-limit signs, or 0 when none
}

// Polygon returns the lanelet's area: the left bound followed by the
// reversed right bound.
func (l *Lanelet) Polygon() []geom.Vec2 {
	poly := make([]geom.Vec2, 0, len(l.Left)+len(l.Right))
	poly = append(poly, l.Left...)
	for i := len(l.Right) - 1; i >= 0; i-- {
		poly = append(poly, l.Right[i])
	}
	return poly
}

// TrafficSignElement is one sign of a traffic sign post.
type TrafficSignElement struct {
	ID     string   // country-specific sign id, for example "274" (DEU) or "R2-1" (USA)
	Values []string // additional values, for example the speed limit in m/s
}

// TrafficSign is a sign post with its elements.
type TrafficSign struct {
	ID          int
	Elements    []TrafficSignElement
	Position    geom.Vec2
	HasPosition bool
	Virtual     bool
}

// Intersection groups incoming lanelets and their successors by turn.
type Intersection struct {
	ID       int
	Incoming []Incoming
}

// Incoming is one approach of an intersection.
type Incoming struct {
	ID                 int
	Lanelets           []int
	SuccessorsRight    []int
	SuccessorsStraight []int
	SuccessorsLeft     []int
	IsLeftOf           int // 0 when none
}

// GoalState is one admissible goal of a planning problem. Nil intervals and
// an empty area place no constraint.
type GoalState struct {
	TimeStep    Interval // scene time steps
	Area        Shape    // goal area in the scenario frame
	Lanelets    []int    // goal lanelets
	Orientation *Interval
	Velocity    *Interval
}

// PlanningProblem is an initial state with its goals.
type PlanningProblem struct {
	ID        int
	Initial   State
	InitShape Shape // initial position given as an area instead of a point, usually empty
	Goals     []GoalState
}

// Scenario is a parsed CommonRoad scenario.
type Scenario struct {
	Path    string // file the scenario was read from
	ID      string // benchmark id, for example "DEU_LocationAUpper26-1_2675_T-150"
	Version string // "2020a" or "2018b"
	Source  string
	Author  string
	Date    string

	// DeclaredTimeStep is the timeStepSize attribute, s.
	DeclaredTimeStep float64
	// MeasuredTimeStep is the median over moving obstacle state pairs of
	// distance / (speed × steps), s, or 0 when no pair moves faster than
	// 1 m/s.
	MeasuredTimeStep float64
	// MeasuredPairs is the number of state pairs behind MeasuredTimeStep.
	MeasuredPairs int

	Lanelets         []Lanelet
	Obstacles        []Obstacle
	TrafficSigns     []TrafficSign
	TrafficLights    []TrafficLight
	Intersections    []Intersection
	PlanningProblems []PlanningProblem
}

// TimeStep returns the measured time step when there is one, else the
// declared one, s.
func (s *Scenario) TimeStep() float64 {
	if s.MeasuredTimeStep > 0 {
		return s.MeasuredTimeStep
	}
	return s.DeclaredTimeStep
}

// TimeStepMismatch reports whether the measured time step differs from the
// declared one by more than the relative tolerance tol (0.1 for 10%).
func (s *Scenario) TimeStepMismatch(tol float64) bool {
	if s.MeasuredTimeStep <= 0 {
		return false
	}
	d := s.MeasuredTimeStep - s.DeclaredTimeStep
	return d > tol*s.DeclaredTimeStep || -d > tol*s.DeclaredTimeStep
}

// Lanelet returns the lanelet with the given id, or nil.
func (s *Scenario) Lanelet(id int) *Lanelet {
	for i := range s.Lanelets {
		if s.Lanelets[i].ID == id {
			return &s.Lanelets[i]
		}
	}
	return nil
}

// PlanningProblem returns the planning problem with the given id, or the
// first one when id is 0. It fails when the scenario has none or no such id.
func (s *Scenario) PlanningProblem(id int) (*PlanningProblem, error) {
	if len(s.PlanningProblems) == 0 {
		return nil, fmt.Errorf("commonroad: %s: no <planningProblem> element: the scenario defines no initial state for an ego vehicle", s.Path)
	}
	for i := range s.PlanningProblems {
		if id == 0 || s.PlanningProblems[i].ID == id {
			return &s.PlanningProblems[i], nil
		}
	}
	ids := make([]int, len(s.PlanningProblems))
	for i, p := range s.PlanningProblems {
		ids[i] = p.ID
	}
	return nil, fmt.Errorf("commonroad: %s: planning problem %d not found (the file defines %v)", s.Path, id, ids)
}
