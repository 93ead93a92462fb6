package rcltransport

import (
	"fmt"
	"sync/atomic"
	"time"

	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/msgs/go/rosgraph_msgs"
	"github.com/ebm-av/ebm_av/node"
)

// ClockTopic is the topic on which a bag player or simulator publishes ROS
// time.
const ClockTopic = "/clock"

// ClockQoS is the profile of rclcpp's /clock subscription (rclcpp::ClockQoS
// in Humble): best effort, keep last 1.
var ClockQoS = node.QoS{Reliability: node.BestEffort, Durability: node.Volatile, Depth: 1}

// SwitchClock is the system clock until Follow is called, and from then on
// the time last received on /clock. A node gets it before its parameters are
// read, and the caller switches it once use_sim_time is known.
type SwitchClock struct {
	sim    node.SimClock
	follow atomic.Bool
}

// Now implements node.Clock.
func (c *SwitchClock) Now() time.Time {
	if c.follow.Load() {
		return c.sim.Now()
	}
	return time.Now()
}

// Follow subscribes to /clock on t and makes the clock read the received
// time. Until the first /clock message it reads the Unix epoch, as a ROS
// clock with use_sim_time does.
func (c *SwitchClock) Follow(t node.Transport, onError func(error)) error {
	var msg rosgraph_msgs.Clock
	_, err := t.Subscribe(ClockTopic, msg.ROSTypeName(), ClockQoS, func(s node.Sample) {
		if err := cdr.Unmarshal(s.Data, &msg); err != nil {
			onError(fmt.Errorf("%s: %w", ClockTopic, err))
			return
		}
		c.sim.Set(int64(msg.Clock.Sec)*1e9 + int64(msg.Clock.Nanosec))
	})
	if err != nil {
		return err
	}
	c.follow.Store(true)
	return nil
}
