package msgconv

import (
	"fmt"

	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/msgs/go/nav_msgs"
)

// EgoMotion converts the twist of a nav_msgs/Odometry, which is given in
// its child frame, to the motion used to de-skew a scan. It takes the
// linear x and y velocity and the angular velocity about z, and rejects
// non-finite values.
func EgoMotion(m *nav_msgs.Odometry) (fusion.EgoMotion, error) {
	lin, ang := m.Twist.Twist.Linear, m.Twist.Twist.Angular
	if !finite(lin.X, lin.Y, ang.Z) {
		return fusion.EgoMotion{}, fmt.Errorf("odometry: invalid twist: linear (%g, %g) m/s, angular z %g rad/s: publish finite velocities", lin.X, lin.Y, ang.Z)
	}
	return fusion.EgoMotion{Velocity: [2]float64{lin.X, lin.Y}, YawRate: ang.Z}, nil
}

// OdometryMsg returns a nav_msgs/Odometry carrying motion as its twist in
// childFrame, with the header at stamp in frame.
func OdometryMsg(motion fusion.EgoMotion, stamp int64, frame, childFrame string) nav_msgs.Odometry {
	var m nav_msgs.Odometry
	m.Header = Header(stamp, frame)
	m.ChildFrameID = childFrame
	m.Pose.Pose.Orientation.W = 1
	m.Twist.Twist.Linear.X, m.Twist.Twist.Linear.Y = motion.Velocity[0], motion.Velocity[1]
	m.Twist.Twist.Angular.Z = motion.YawRate
	return m
}
