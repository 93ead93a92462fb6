package node

import "context"

// Reliability is the QoS reliability policy.
type Reliability int

// Reliability policies.
const (
	Reliable Reliability = iota
	BestEffort
)

// Durability is the QoS durability policy.
type Durability int

// Durability policies.
const (
	Volatile Durability = iota
	TransientLocal
)

// QoS is the subset of a ROS 2 QoS profile that the nodes set: reliability,
// durability and the depth of a keep-last history.
type QoS struct {
	Reliability Reliability
	Durability  Durability
	Depth       int
}

// Standard profiles with the values of rmw's presets in ROS 2 Humble.
var (
	// QoSDefault is rmw_qos_profile_default: reliable, volatile, keep last 10.
	QoSDefault = QoS{Reliability: Reliable, Durability: Volatile, Depth: 10}
	// QoSSensorData is rmw_qos_profile_sensor_data: best effort, volatile, keep last 5.
	QoSSensorData = QoS{Reliability: BestEffort, Durability: Volatile, Depth: 5}
	// QoSLatched is the profile of /tf_static and maps: reliable, transient local, keep last 1.
	QoSLatched = QoS{Reliability: Reliable, Durability: TransientLocal, Depth: 1}
	// QoSTF is tf2_ros's DynamicBroadcasterQoS for /tf: reliable, volatile, keep last 100.
	QoSTF = QoS{Reliability: Reliable, Durability: Volatile, Depth: 100}
	// QoSClock is rclcpp's ClockQoS for /clock (the sensor-data profile with
	// depth 1): best effort, volatile, keep last 1.
	QoSClock = QoS{Reliability: BestEffort, Durability: Volatile, Depth: 1}
)

// TopicClock is the simulated time topic that nodes with use_sim_time follow.
const TopicClock = "/clock"

// Sample is one serialized message as a transport carries it.
type Sample struct {
	Topic string
	Type  string // ROS type name, for example "ebm_av/msg/CandidateEnergies"
	Data  []byte // CDR with encapsulation header
	Time  int64  // receive or log time, ns since the Unix epoch
	QoS   QoS    // the publisher's QoS, where the transport reports it
}

// Handler receives serialized messages. A transport calls the handlers of one
// subscription from one goroutine at a time.
type Handler func(Sample)

// Transport moves serialized messages between nodes. Backends are the
// in-process bus used for replay and tests, and the ROS 2 middleware bindings
// built outside this module.
type Transport interface {
	// Advertise creates a publisher for topic with the given message type.
	Advertise(topic, typeName string, qos QoS) (RawPublisher, error)
	// Subscribe registers h for messages on topic. The returned function
	// removes the subscription.
	Subscribe(topic, typeName string, qos QoS, h Handler) (cancel func(), error error)
}

// RawPublisher publishes serialized messages on one topic.
type RawPublisher interface {
	// Publish sends data, a CDR payload with encapsulation header.
	Publish(ctx context.Context, data []byte) error
	// SubscriptionCount returns the number of matched subscriptions, so that
	// costly optional outputs can be skipped when no subscription matches.
	SubscriptionCount() int
}
