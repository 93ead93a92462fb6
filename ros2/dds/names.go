package dds

import (
	"fmt"
	"strings"

	"github.com/ebm-av/ebm_av/node"
)

// Publication is a writer discovered in the domain on a ROS 2 topic.
type Publication struct {
	Topic string   // ROS 2 topic name
	Type  string   // ROS 2 type name
	QoS   node.QoS // offered reliability and durability; Depth is not on the wire
}

// topicPrefix is the DDS topic prefix of ROS 2 topics ("rt" for ROS topic);
// rmw also uses "rq"/"rr" for services, which this package does not carry.
const topicPrefix = "rt"

// TopicName returns the DDS topic of a fully qualified ROS 2 topic name:
// "/planning/candidates" becomes "rt/planning/candidates".
func TopicName(rosTopic string) (string, error) {
	if !strings.HasPrefix(rosTopic, "/") {
		return "", fmt.Errorf("topic %q is not fully qualified: resolve it against the node namespace first", rosTopic)
	}
	return topicPrefix + rosTopic, nil
}

// ROSTopicName inverts TopicName. It reports false for DDS topics that are
// not ROS 2 topics, such as "ros_discovery_info" or "DCPSPublication".
func ROSTopicName(ddsTopic string) (string, bool) {
	rest, ok := strings.CutPrefix(ddsTopic, topicPrefix+"/")
	if !ok {
		return "", false
	}
	return "/" + rest, true
}

// TypeName returns the DDS type name of a ROS 2 message type:
// "std_msgs/msg/String" becomes "std_msgs::msg::dds_::String_".
func TypeName(rosType string) (string, error) {
	parts := strings.Split(rosType, "/")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return "", fmt.Errorf("invalid ROS 2 type name %q: expected PACKAGE/msg/TYPE", rosType)
	}
	return parts[0] + "::" + parts[1] + "::dds_::" + parts[2] + "_", nil
}

// ROSTypeName inverts TypeName. It reports false for names that do not
// follow the ROS 2 pattern.
func ROSTypeName(ddsType string) (string, bool) {
	parts := strings.Split(ddsType, "::")
	if len(parts) != 4 || parts[2] != "dds_" || !strings.HasSuffix(parts[3], "_") || len(parts[3]) < 2 {
		return "", false
	}
	return parts[0] + "/" + parts[1] + "/" + strings.TrimSuffix(parts[3], "_"), true
}
