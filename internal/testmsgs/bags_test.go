package testmsgs_test

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/foxglove/mcap/go/mcap"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/cdr"
	testregistry "github.com/ebm-av/ebm_av/internal/testmsgs/registry"
	"github.com/ebm-av/ebm_av/msgs/go/registry"
)

// rosbag2Bags are the MCAP bags written by rosbag2 itself, relative to the
// shared data directory.
var rosbag2Bags = []string{
	"rosbag2/ros2_rosbag2/rosbag2_tests/resources/mcap/cdr_test/cdr_test_0.mcap",
	"rosbag2/ros2_rosbag2/rosbag2_tests/resources/mcap/bag_with_topics_and_service_events/bag_with_topics_and_service_events.mcap",
	"rosbag2/ros2_rosbag2/rosbag2_py/test/resources/mcap/convert_b/rewriter_b_0.mcap",
	"rosbag2/ros2_rosbag2/rosbag2_py/test/resources/mcap/talker/talker.mcap",
	"rosbag2/ros2_rosbag2/rosbag2_transport/test/resources/mcap/test_bag_for_seek/test_bag_for_seek_0.mcap",
	"rosbag2/ros2_rosbag2/rosbag2_cpp/test/rosbag2_cpp/bags/only_topics.mcap",
}

// rosbagsRSBag holds 94 standard types serialized by the Rust library
// rosbags-rs rather than by ROS.
const rosbagsRSBag = "rosbag2/rosbags-rs/tests/test_bags/test_bag_mcap/test_bag_mcap.mcap"

// bagMessage is one message of an MCAP bag with its channel and schema.
type bagMessage struct {
	Topic      string
	SchemaName string
	Schema     string
	Data       []byte
	Index      int // position on its topic, from 0
}

// readBag returns every message of the MCAP file at path in log order.
func readBag(t testing.TB, path string) []bagMessage {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	reader, err := mcap.NewReader(f)
	require.NoError(t, err, path)
	it, err := reader.Messages(mcap.UsingIndex(false))
	require.NoError(t, err, path)
	perTopic := map[string]int{}
	var out []bagMessage
	for {
		schema, channel, msg, err := it.NextInto(nil)
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err, path)
		require.Equal(t, "cdr", channel.MessageEncoding, "%s: topic %s", path, channel.Topic)
		out = append(out, bagMessage{
			Topic:      channel.Topic,
			SchemaName: schema.Name,
			Schema:     string(schema.Data),
			Data:       append([]byte(nil), msg.Data...),
			Index:      perTopic[channel.Topic],
		})
		perTopic[channel.Topic]++
	}
	return out
}

// newMessage returns a generated message for a schema name, looking in the
// standard bindings first and in test_msgs second.
func newMessage(schemaName string) (cdr.Message, bool) {
	if m, ok := registry.New(schemaName); ok {
		return m, true
	}
	return testregistry.New(schemaName)
}

// isServiceSchema reports whether a schema name is a service or action type,
// which the generated bindings do not cover.
func isServiceSchema(name string) bool {
	return strings.Contains(name, "/srv/") || strings.Contains(name, "/action/")
}
