package commonroad

import (
	"sort"
	"strings"

	"github.com/ebm-av/ebm_av/geom"
	"github.com/ebm-av/ebm_av/traj"
)

// ObstacleTypes lists the obstacle <type> values the importer accepts: those
// of the CommonRoad 2020a format, which include every 2018b type.
var ObstacleTypes = []string{
	"unknown", "car", "truck", "bus", "bicycle", "pedestrian", "motorcycle",
	"taxi", "priorityVehicle", "parkedVehicle", "constructionZone", "train",
	"roadBoundary", "building", "pillar", "median_strip",
}

func validObstacleType(t string) bool {
	for _, v := range ObstacleTypes {
		if v == t {
			return true
		}
	}
	return false
}

func obstacleTypeList() string { return strings.Join(ObstacleTypes, ", ") }

// Obstacle is a static or dynamic obstacle with its states at scene time
// steps, the initial state first.
type Obstacle struct {
	ID     int
	Static bool
	Type   string // one of ObstacleTypes
	Shape  traj.Shape
	Length float64 // rectangle length, m
	Width  float64 // rectangle width, m
	Radius float64 // circle radius, m
	States []State // strictly increasing TimeStep
}

// StateAt returns the state at scene time step k. A static obstacle keeps its
// initial state at every step.
func (o *Obstacle) StateAt(k int) (State, bool) {
	if len(o.States) == 0 {
		return State{}, false
	}
	if o.Static {
		st := o.States[0]
		st.TimeStep = k
		return st, true
	}
	i := sort.Search(len(o.States), func(i int) bool { return o.States[i].TimeStep >= k })
	if i == len(o.States) || o.States[i].TimeStep != k {
		return State{}, false
	}
	return o.States[i], true
}

// Clearance returns the signed clearance between the obstacle in state st and
// the box b, m: positive apart, negative overlapping.
func (o *Obstacle) Clearance(st State, b geom.Box) float64 {
	if o.Shape == traj.Circle {
		return geom.CircleClearance(b, geom.Circle{Center: st.Position, Radius: o.Radius})
	}
	return geom.Clearance(b, o.Box(st))
}

// Box returns the rectangle footprint in state st.
func (o *Obstacle) Box(st State) geom.Box {
	return geom.Box{Center: st.Position, Yaw: st.Orientation, Length: o.Length, Width: o.Width}
}

// Traj converts the obstacle to the planner's type with state times
// T = TimeStep × dt, s, so state i of the result is o.States[i].
func (o *Obstacle) Traj(dt float64) traj.Obstacle {
	out := traj.Obstacle{
		ID: o.ID, Type: o.Type, Shape: o.Shape,
		Length: o.Length, Width: o.Width, Radius: o.Radius,
		States: make([]traj.ObstacleState, len(o.States)),
	}
	for i, st := range o.States {
		out.States[i] = traj.ObstacleState{
			T: float64(st.TimeStep) * dt,
			X: st.Position.X, Y: st.Position.Y,
			Yaw: st.Orientation, V: st.Velocity,
		}
	}
	return out
}

// TrajObstacles converts every obstacle with Scenario.TimeStep.
func (s *Scenario) TrajObstacles() []traj.Obstacle {
	dt := s.TimeStep()
	out := make([]traj.Obstacle, len(s.Obstacles))
	for i := range s.Obstacles {
		out[i] = s.Obstacles[i].Traj(dt)
	}
	return out
}
