package bag

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/internal/shareddata"
)

func TestOfferedQoSMatchesRosbag2(t *testing.T) {
	assert.Equal(t, qosReliableVolatile, FormatQoSProfiles(OfferedQoS(ReliabilityReliable, DurabilityVolatile)))
	assert.Equal(t, "", FormatQoSProfiles())
}

// TestQoSProfilesRoundTrip parses the QoS profiles that rosbag2 (ROS 2
// Iron and later, which write infinite durations like Humble) stored in a
// shared bag and formats them back to the same text.
func TestQoSProfilesRoundTrip(t *testing.T) {
	for _, rel := range []string{
		"rosbag2/ros2_rosbag2/rosbag2_cpp/test/rosbag2_cpp/bags/only_topics.mcap",
		"rosbag2/ros2_rosbag2/rosbag2_tests/resources/mcap/cdr_test",
		"rosbag2/ros2_rosbag2/rosbag2_tests/resources/mcap/bag_with_topics_and_service_events",
	} {
		r, err := Open(shareddata.Path(t, rel), ReaderOptions{})
		require.NoError(t, err)
		for _, topic := range r.Topics() {
			profiles, err := ParseQoSProfiles(topic.OfferedQoSProfiles)
			require.NoError(t, err, topic.Name)
			require.NotEmpty(t, profiles, topic.Name)
			assert.Equal(t, topic.OfferedQoSProfiles, FormatQoSProfiles(profiles...), topic.Name)
		}
		require.NoError(t, r.Close())
	}
}

func TestParseQoSProfilesFoxy(t *testing.T) {
	// /rosout of a ROS 2 Foxy recording: transient local, 10 s lifespan,
	// and Foxy's form of an infinite deadline.
	r, err := Open(shareddata.Path(t, "rosbag2/ros2_rosbag2/rosbag2_py/test/resources/mcap/talker"), ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	var rosout string
	for _, topic := range r.Topics() {
		if topic.Name == "/rosout" {
			rosout = topic.OfferedQoSProfiles
		}
	}
	profiles, err := ParseQoSProfiles(rosout)
	require.NoError(t, err)
	require.Len(t, profiles, 1)
	p := profiles[0]
	assert.Equal(t, HistoryUnknown, p.History)
	assert.Equal(t, ReliabilityReliable, p.Reliability)
	assert.Equal(t, DurabilityTransientLocal, p.Durability)
	assert.Equal(t, LivelinessAutomatic, p.Liveliness)
	assert.Equal(t, 10*time.Second, p.Lifespan)
	assert.Equal(t, 2147483647*time.Second+4294967295*time.Nanosecond, p.Deadline)

	none, err := ParseQoSProfiles("")
	require.NoError(t, err)
	assert.Empty(t, none)
	_, err = ParseQoSProfiles("- history: [")
	assert.ErrorContains(t, err, "invalid offered QoS profiles")
}
