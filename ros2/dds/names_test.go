package dds

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTopicNameMangling(t *testing.T) {
	for _, tc := range []struct{ ros, dds string }{
		{"/chatter", "rt/chatter"},
		{"/planner_ebm/energies", "rt/planner_ebm/energies"},
	} {
		got, err := TopicName(tc.ros)
		require.NoError(t, err)
		assert.Equal(t, tc.dds, got)
		back, ok := ROSTopicName(got)
		assert.True(t, ok)
		assert.Equal(t, tc.ros, back)
	}
	_, err := TopicName("chatter")
	assert.ErrorContains(t, err, `topic "chatter" is not fully qualified`)
	_, ok := ROSTopicName("ros_discovery_info")
	assert.False(t, ok)
}

func TestTypeNameMangling(t *testing.T) {
	for _, tc := range []struct{ ros, dds string }{
		{"std_msgs/msg/String", "std_msgs::msg::dds_::String_"},
		{"ebm_av/msg/CandidateEnergies", "ebm_av::msg::dds_::CandidateEnergies_"},
		{"rmw_dds_common/msg/ParticipantEntitiesInfo", "rmw_dds_common::msg::dds_::ParticipantEntitiesInfo_"},
	} {
		got, err := TypeName(tc.ros)
		require.NoError(t, err)
		assert.Equal(t, tc.dds, got)
		back, ok := ROSTypeName(got)
		assert.True(t, ok)
		assert.Equal(t, tc.ros, back)
	}
	for _, bad := range []string{"String", "std_msgs/String", "a//b", ""} {
		_, err := TypeName(bad)
		assert.Error(t, err, bad)
	}
	for _, bad := range []string{"DDS::String", "std_msgs::msg::String_", "a::msg::dds_::_"} {
		_, ok := ROSTypeName(bad)
		assert.False(t, ok, bad)
	}
}
