package msgconv

import (
	"fmt"

	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/traj"
)

var obstacleTypes = map[string]uint8{
	"car": ebm_av.PredictedObstacleTypeCar, "truck": ebm_av.PredictedObstacleTypeTruck,
	"bus": ebm_av.PredictedObstacleTypeBus, "motorcycle": ebm_av.PredictedObstacleTypeMotorcycle,
	"bicycle": ebm_av.PredictedObstacleTypeBicycle, "pedestrian": ebm_av.PredictedObstacleTypePedestrian,
	"static": ebm_av.PredictedObstacleTypeStatic, "unknown": ebm_av.PredictedObstacleTypeUnknown,
	"parkedVehicle": ebm_av.PredictedObstacleTypeStatic, "constructionZone": ebm_av.PredictedObstacleTypeStatic,
	"priorityVehicle": ebm_av.PredictedObstacleTypeCar, "taxi": ebm_av.PredictedObstacleTypeCar,
}

var obstacleTypeNames = map[uint8]string{
	ebm_av.PredictedObstacleTypeUnknown: "unknown", ebm_av.PredictedObstacleTypeCar: "car",
	ebm_av.PredictedObstacleTypeTruck: "truck", ebm_av.PredictedObstacleTypeBus: "bus",
	ebm_av.PredictedObstacleTypeMotorcycle: "motorcycle", ebm_av.PredictedObstacleTypeBicycle: "bicycle",
	ebm_av.PredictedObstacleTypePedestrian: "pedestrian", ebm_av.PredictedObstacleTypeStatic: "static",
}

// ObstaclesMsg converts obstacles whose states lie on a grid of timeStep
// seconds; each obstacle's first state time becomes its start_time after the
// message stamp ns.
func ObstaclesMsg(obs []traj.Obstacle, timeStep float64, ns int64, frame string) ebm_av.PredictedObstacles {
	m := ebm_av.PredictedObstacles{Header: Header(ns, frame), Obstacles: make([]ebm_av.PredictedObstacle, len(obs))}
	for i, o := range obs {
		typ, ok := obstacleTypes[o.Type]
		if !ok {
			typ = ebm_av.PredictedObstacleTypeUnknown
		}
		shape := ebm_av.PredictedObstacleShapeRectangle
		if o.Shape == traj.Circle {
			shape = ebm_av.PredictedObstacleShapeCircle
		}
		p := ebm_av.PredictedObstacle{
			ID: uint32(o.ID), Type: typ, Shape: shape, Length: o.Length, Width: o.Width, Radius: o.Radius,
			TimeStep: timeStep,
		}
		if len(o.States) > 0 {
			p.StartTime = o.States[0].T
		}
		hasStd := false
		for _, s := range o.States {
			p.Poses = append(p.Poses, Pose(s.X, s.Y, s.Yaw))
			p.Velocities = append(p.Velocities, s.V)
			hasStd = hasStd || s.StdDev > 0
		}
		if hasStd {
			for _, s := range o.States {
				p.PositionStd = append(p.PositionStd, s.StdDev)
			}
		}
		m.Obstacles[i] = p
	}
	return m
}

// Obstacles converts and validates predicted obstacles. State k of an
// obstacle is at start_time + k·time_step seconds after the message stamp.
func Obstacles(m *ebm_av.PredictedObstacles) ([]traj.Obstacle, error) {
	out := make([]traj.Obstacle, len(m.Obstacles))
	for i := range m.Obstacles {
		p := &m.Obstacles[i]
		where := fmt.Sprintf("obstacles[%d] (id %d)", i, p.ID)
		if len(p.Velocities) != len(p.Poses) {
			return nil, fmt.Errorf("%s: %d velocities for %d poses: the arrays must be parallel", where, len(p.Velocities), len(p.Poses))
		}
		if len(p.PositionStd) != 0 && len(p.PositionStd) != len(p.Poses) {
			return nil, fmt.Errorf("%s: %d position_std values for %d poses: leave it empty or give one per pose", where, len(p.PositionStd), len(p.Poses))
		}
		if !finite(p.StartTime) {
			return nil, fmt.Errorf("%s: invalid start_time %g s: must be finite", where, p.StartTime)
		}
		if len(p.Poses) > 1 && !(p.TimeStep > 0) {
			return nil, fmt.Errorf("%s: invalid time_step %g s: must be positive", where, p.TimeStep)
		}
		o := traj.Obstacle{ID: int(p.ID), Type: obstacleTypeNames[p.Type], Length: p.Length, Width: p.Width, Radius: p.Radius}
		switch p.Shape {
		case ebm_av.PredictedObstacleShapeRectangle:
			if !(p.Length > 0 && p.Width > 0) {
				return nil, fmt.Errorf("%s: invalid rectangle %g × %g m: length and width must be positive", where, p.Length, p.Width)
			}
		case ebm_av.PredictedObstacleShapeCircle:
			o.Shape = traj.Circle
			if !(p.Radius > 0) {
				return nil, fmt.Errorf("%s: invalid circle radius %g m: must be positive", where, p.Radius)
			}
		default:
			return nil, fmt.Errorf("%s: unknown shape %d: use SHAPE_RECTANGLE or SHAPE_CIRCLE", where, p.Shape)
		}
		o.States = make([]traj.ObstacleState, len(p.Poses))
		for k, pose := range p.Poses {
			x, y, yaw := PlanarPose(pose)
			s := traj.ObstacleState{T: p.StartTime + float64(k)*p.TimeStep, X: x, Y: y, Yaw: yaw, V: p.Velocities[k]}
			if len(p.PositionStd) > 0 {
				s.StdDev = p.PositionStd[k]
			}
			if !poseFinite(pose) || !finite(s.V, s.StdDev) {
				return nil, fmt.Errorf("%s: invalid value NaN or Inf at pose %d", where, k)
			}
			o.States[k] = s
		}
		out[i] = o
	}
	return out, nil
}
