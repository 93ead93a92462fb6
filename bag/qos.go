package bag

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// QoS policy values as ROS 2 Humble's rmw defines them (rmw/types.h); rosbag2
// stores these integers in offered_qos_profiles.
const (
	HistorySystemDefault = 0
	HistoryKeepLast      = 1
	HistoryKeepAll       = 2
	HistoryUnknown       = 3

	ReliabilitySystemDefault = 0
	ReliabilityReliable      = 1
	ReliabilityBestEffort    = 2
	ReliabilityUnknown       = 3

	DurabilitySystemDefault  = 0
	DurabilityTransientLocal = 1
	DurabilityVolatile       = 2
	DurabilityUnknown        = 3

	LivelinessSystemDefault = 0
	LivelinessAutomatic     = 1
	LivelinessManualByTopic = 3
	LivelinessUnknown       = 4
)

// InfiniteDuration is the QoS duration that means no limit; it is written
// as sec 9223372036, nsec 854775807 (RMW_DURATION_INFINITE).
const InfiniteDuration time.Duration = math.MaxInt64

// QoSProfile is the quality of service a publisher offered, as rosbag2
// records it for each topic.
type QoSProfile struct {
	History     int // HistoryKeepLast, ...
	Depth       int // queue depth for HistoryKeepLast
	Reliability int // ReliabilityReliable, ...
	Durability  int // DurabilityVolatile, ...
	Deadline    time.Duration
	Lifespan    time.Duration
	Liveliness  int // LivelinessAutomatic, ...
	// LivelinessLeaseDuration is the liveliness lease duration.
	LivelinessLeaseDuration      time.Duration
	AvoidROSNamespaceConventions bool
}

// OfferedQoS returns the profile rosbag2 records for a publisher created
// with rclcpp's defaults and the given reliability and durability: unknown
// history and depth 0 (the ROS graph does not report them), infinite
// deadline, lifespan and lease, automatic liveliness.
func OfferedQoS(reliability, durability int) QoSProfile {
	return QoSProfile{
		History:                 HistoryUnknown,
		Reliability:             reliability,
		Durability:              durability,
		Deadline:                InfiniteDuration,
		Lifespan:                InfiniteDuration,
		Liveliness:              LivelinessAutomatic,
		LivelinessLeaseDuration: InfiniteDuration,
	}
}

// FormatQoSProfiles encodes profiles as the YAML list that rosbag2 stores in
// the offered_qos_profiles of a topic. No profiles give "".
func FormatQoSProfiles(profiles ...QoSProfile) string {
	var b strings.Builder
	for i, p := range profiles {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "- history: %d\n  depth: %d\n  reliability: %d\n  durability: %d\n",
			p.History, p.Depth, p.Reliability, p.Durability)
		writeQoSDuration(&b, "deadline", p.Deadline)
		writeQoSDuration(&b, "lifespan", p.Lifespan)
		fmt.Fprintf(&b, "  liveliness: %d\n", p.Liveliness)
		writeQoSDuration(&b, "liveliness_lease_duration", p.LivelinessLeaseDuration)
		b.WriteString("  avoid_ros_namespace_conventions: " + strconv.FormatBool(p.AvoidROSNamespaceConventions))
	}
	return b.String()
}

func writeQoSDuration(b *strings.Builder, key string, d time.Duration) {
	sec, nsec := int64(d/time.Second), int64(d%time.Second)
	fmt.Fprintf(b, "  %s:\n    sec: %d\n    nsec: %d\n", key, sec, nsec)
}

type yamlQoS struct {
	History                      int         `yaml:"history"`
	Depth                        int         `yaml:"depth"`
	Reliability                  int         `yaml:"reliability"`
	Durability                   int         `yaml:"durability"`
	Deadline                     yamlQoSTime `yaml:"deadline"`
	Lifespan                     yamlQoSTime `yaml:"lifespan"`
	Liveliness                   int         `yaml:"liveliness"`
	LivelinessLeaseDuration      yamlQoSTime `yaml:"liveliness_lease_duration"`
	AvoidROSNamespaceConventions bool        `yaml:"avoid_ros_namespace_conventions"`
}

type yamlQoSTime struct {
	Sec  int64  `yaml:"sec"`
	Nsec uint64 `yaml:"nsec"`
}

// duration converts sec and nsec to a Duration, saturating at
// InfiniteDuration. Bags from ROS 2 Foxy and older store "infinite" as
// sec 2147483647, nsec 4294967295, which converts to about 68 years.
func (q yamlQoSTime) duration() time.Duration {
	if q.Sec >= int64(InfiniteDuration/time.Second) {
		return InfiniteDuration
	}
	d := time.Duration(q.Sec) * time.Second
	if q.Nsec > uint64(InfiniteDuration-d) {
		return InfiniteDuration
	}
	return d + time.Duration(q.Nsec)
}

// ParseQoSProfiles decodes an offered_qos_profiles string. An empty string
// gives no profiles.
func ParseQoSProfiles(s string) ([]QoSProfile, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var raw []yamlQoS
	if err := yaml.Unmarshal([]byte(s), &raw); err != nil {
		return nil, fmt.Errorf("bag: invalid offered QoS profiles: %w", err)
	}
	out := make([]QoSProfile, len(raw))
	for i, r := range raw {
		out[i] = QoSProfile{
			History:                      r.History,
			Depth:                        r.Depth,
			Reliability:                  r.Reliability,
			Durability:                   r.Durability,
			Deadline:                     r.Deadline.duration(),
			Lifespan:                     r.Lifespan.duration(),
			Liveliness:                   r.Liveliness,
			LivelinessLeaseDuration:      r.LivelinessLeaseDuration.duration(),
			AvoidROSNamespaceConventions: r.AvoidROSNamespaceConventions,
		}
	}
	return out, nil
}
