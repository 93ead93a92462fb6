// Package msgconv converts between the project's ROS 2 messages and the
// planner's domain types, validating every message it reads: lengths that
// disagree with dimensions, NaN values and non-increasing time grids are
// errors that name the field.
package msgconv

import (
	"math"
	"time"

	"github.com/ebm-av/ebm_av/msgs/go/builtin_interfaces"
	"github.com/ebm-av/ebm_av/msgs/go/geometry_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/std_msgs"
)

// Stamp converts ns since the Unix epoch to a ROS time.
func Stamp(ns int64) builtin_interfaces.Time {
	sec := ns / 1e9
	rem := ns % 1e9
	if rem < 0 {
		sec--
		rem += 1e9
	}
	return builtin_interfaces.Time{Sec: int32(sec), Nanosec: uint32(rem)}
}

// Nanos converts a ROS time to ns since the Unix epoch.
func Nanos(t builtin_interfaces.Time) int64 {
	return int64(t.Sec)*1e9 + int64(t.Nanosec)
}

// Duration converts seconds to a ROS duration.
func Duration(s float64) builtin_interfaces.Duration {
	d := time.Duration(math.Round(s * 1e9))
	sec := int64(d / time.Second)
	rem := int64(d % time.Second)
	if rem < 0 {
		sec--
		rem += 1e9
	}
	return builtin_interfaces.Duration{Sec: int32(sec), Nanosec: uint32(rem)}
}

// Seconds converts a ROS duration to seconds.
func Seconds(d builtin_interfaces.Duration) float64 {
	return float64(d.Sec) + float64(d.Nanosec)*1e-9
}

// Header returns a header with the given stamp and frame.
func Header(ns int64, frame string) std_msgs.Header {
	return std_msgs.Header{Stamp: Stamp(ns), FrameID: frame}
}

// Pose returns a planar pose: position (x, y, 0) and a rotation of yaw about z.
func Pose(x, y, yaw float64) geometry_msgs.Pose {
	s, c := math.Sincos(yaw / 2)
	return geometry_msgs.Pose{
		Position:    geometry_msgs.Point{X: x, Y: y},
		Orientation: geometry_msgs.Quaternion{Z: s, W: c},
	}
}

// PlanarPose returns the position and the yaw of p's orientation about z.
func PlanarPose(p geometry_msgs.Pose) (x, y, yaw float64) {
	q := p.Orientation
	yaw = math.Atan2(2*(q.W*q.Z+q.X*q.Y), 1-2*(q.Y*q.Y+q.Z*q.Z))
	return p.Position.X, p.Position.Y, yaw
}

func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

func poseFinite(p geometry_msgs.Pose) bool {
	return finite(p.Position.X, p.Position.Y, p.Position.Z,
		p.Orientation.X, p.Orientation.Y, p.Orientation.Z, p.Orientation.W)
}
