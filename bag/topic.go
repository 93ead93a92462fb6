package bag

import (
	"fmt"
	"strings"
)

// Topic describes one recorded ROS 2 topic.
type Topic struct {
	// Name is the fully qualified topic name, for example "/tf".
	Name string
	// Type is the ROS 2 interface type, "pkg/msg/Type" (or "pkg/srv/Type_Event"
	// for service events). The reader normalises the older "pkg/Type" form.
	Type string
	// Definition is the ros2msg schema text: the type's .msg (or .srv)
	// definition followed by each dependency after a "====" separator line
	// and "MSG: pkg/msg/Dep". It may be empty, as for std_msgs/msg/Empty.
	Definition string
	// SerializationFormat is the message encoding; "cdr" for ROS 2.
	SerializationFormat string
	// OfferedQoSProfiles is the YAML list of the publishers' QoS profiles as
	// rosbag2 stores it (see [FormatQoSProfiles]). The Writer replaces an
	// empty value with the profile of an rclcpp publisher with default QoS
	// (reliable, volatile), because players derive their publishers' QoS
	// from it.
	OfferedQoSProfiles string
	// TypeDescriptionHash is the REP-2011 type hash ("RIHS01_..."), written by
	// rosbag2 from ROS 2 Iron on; empty when unknown.
	TypeDescriptionHash string
}

// SerializationCDR is the serialization format of ROS 2 messages.
const SerializationCDR = "cdr"

// Keys of the MCAP channel metadata written by rosbag2.
const (
	metaOfferedQoS = "offered_qos_profiles"
	metaTypeHash   = "topic_type_hash"
)

// NormalizeType returns typ in the "pkg/msg/Type" form: a two-part name
// such as "test_msgs/BasicTypes", which older rosbag2 versions stored, gains
// the "msg" part. Other names are returned unchanged.
func NormalizeType(typ string) string {
	parts := strings.Split(typ, "/")
	if len(parts) == 2 && parts[0] != "" && parts[1] != "" {
		return parts[0] + "/msg/" + parts[1]
	}
	return typ
}

// validateTopic checks the fields a writer needs and fills in defaults.
func validateTopic(t *Topic) error {
	if t.Name == "" {
		return fmt.Errorf("bag: topic with type %q has no name", t.Type)
	}
	parts := strings.Split(t.Type, "/")
	if len(parts) != 3 || parts[0] == "" || parts[2] == "" ||
		(parts[1] != "msg" && parts[1] != "srv" && parts[1] != "action") {
		return fmt.Errorf("bag: topic %s: type %q is not of the form pkg/msg/Type", t.Name, t.Type)
	}
	if t.SerializationFormat == "" {
		t.SerializationFormat = SerializationCDR
	}
	if t.OfferedQoSProfiles == "" {
		t.OfferedQoSProfiles = FormatQoSProfiles(OfferedQoS(ReliabilityReliable, DurabilityVolatile))
	} else if _, err := ParseQoSProfiles(t.OfferedQoSProfiles); err != nil {
		return fmt.Errorf("bag: topic %s: %w", t.Name, err)
	}
	return nil
}
