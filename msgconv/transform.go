package msgconv

import (
	"fmt"
	"math"

	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/msgs/go/geometry_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/tf2_msgs"
)

// quaternionTolerance bounds |‖q‖ − 1| for a rotation quaternion. Writers
// that print 6 to 9 significant digits stay far inside it, while a zero or
// unnormalised quaternion is rejected instead of silently normalised.
const quaternionTolerance = 1e-3

// TransformMsg converts a rigid transform to a geometry_msgs/Transform.
func TransformMsg(r fusion.Rigid) geometry_msgs.Transform {
	return geometry_msgs.Transform{
		Translation: geometry_msgs.Vector3{X: r.T[0], Y: r.T[1], Z: r.T[2]},
		Rotation:    quaternionFromMatrix(r.R),
	}
}

// Extrinsic converts a geometry_msgs/Transform to a rigid transform. In a
// TransformStamped with header.frame_id camera and child_frame_id LiDAR, the
// result maps LiDAR points into the camera frame. It rejects non-finite
// values and a quaternion whose norm is not 1.
func Extrinsic(t geometry_msgs.Transform) (fusion.Rigid, error) {
	q, v := t.Rotation, t.Translation
	if !finite(q.X, q.Y, q.Z, q.W, v.X, v.Y, v.Z) {
		return fusion.Rigid{}, fmt.Errorf("transform: invalid value NaN or Inf in translation (%g, %g, %g) or rotation (%g, %g, %g, %g)",
			v.X, v.Y, v.Z, q.X, q.Y, q.Z, q.W)
	}
	norm := math.Sqrt(q.X*q.X + q.Y*q.Y + q.Z*q.Z + q.W*q.W)
	if math.Abs(norm-1) > quaternionTolerance {
		return fusion.Rigid{}, fmt.Errorf("transform: rotation quaternion (%g, %g, %g, %g) has norm %g, expected 1", q.X, q.Y, q.Z, q.W, norm)
	}
	x, y, z, w := q.X/norm, q.Y/norm, q.Z/norm, q.W/norm
	return fusion.Rigid{
		R: [9]float64{
			1 - 2*(y*y+z*z), 2 * (x*y - z*w), 2 * (x*z + y*w),
			2 * (x*y + z*w), 1 - 2*(x*x+z*z), 2 * (y*z - x*w),
			2 * (x*z - y*w), 2 * (y*z + x*w), 1 - 2*(x*x+y*y),
		},
		T: [3]float64{v.X, v.Y, v.Z},
	}, nil
}

// FindTransform returns the transform from child to parent in m, and
// false when m contains none. A later entry for the same pair wins, as in a
// tf2 buffer.
func FindTransform(m *tf2_msgs.TFMessage, parent, child string) (geometry_msgs.TransformStamped, bool) {
	var found geometry_msgs.TransformStamped
	ok := false
	for _, t := range m.Transforms {
		if t.Header.FrameID == parent && t.ChildFrameID == child {
			found, ok = t, true
		}
	}
	return found, ok
}

// quaternionFromMatrix converts a row-major rotation matrix to a unit
// quaternion with w ≥ 0, branching on the largest diagonal term for
// numerical stability (Shepperd's method).
func quaternionFromMatrix(m [9]float64) geometry_msgs.Quaternion {
	var q geometry_msgs.Quaternion
	tr := m[0] + m[4] + m[8]
	switch {
	case tr > 0:
		s := 2 * math.Sqrt(tr+1)
		q = geometry_msgs.Quaternion{W: s / 4, X: (m[7] - m[5]) / s, Y: (m[2] - m[6]) / s, Z: (m[3] - m[1]) / s}
	case m[0] > m[4] && m[0] > m[8]:
		s := 2 * math.Sqrt(1+m[0]-m[4]-m[8])
		q = geometry_msgs.Quaternion{W: (m[7] - m[5]) / s, X: s / 4, Y: (m[1] + m[3]) / s, Z: (m[2] + m[6]) / s}
	case m[4] > m[8]:
		s := 2 * math.Sqrt(1+m[4]-m[0]-m[8])
		q = geometry_msgs.Quaternion{W: (m[2] - m[6]) / s, X: (m[1] + m[3]) / s, Y: s / 4, Z: (m[5] + m[7]) / s}
	default:
		s := 2 * math.Sqrt(1+m[8]-m[0]-m[4])
		q = geometry_msgs.Quaternion{W: (m[3] - m[1]) / s, X: (m[2] + m[6]) / s, Y: (m[5] + m[7]) / s, Z: s / 4}
	}
	if q.W < 0 {
		q = geometry_msgs.Quaternion{X: -q.X, Y: -q.Y, Z: -q.Z, W: -q.W}
	}
	n := math.Sqrt(q.X*q.X + q.Y*q.Y + q.Z*q.Z + q.W*q.W)
	return geometry_msgs.Quaternion{X: q.X / n, Y: q.Y / n, Z: q.Z / n, W: q.W / n}
}
