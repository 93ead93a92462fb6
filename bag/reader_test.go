package bag

import (
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/foxglove/mcap/go/mcap"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/ebm-av/ebm_av/internal/shareddata"
)

// sharedBags lists every MCAP bag in the shared rosbag2 data, relative to
// the data directory.
var sharedBags = []string{
	"rosbag2/ros2_rosbag2/rosbag2_tests/resources/mcap/cdr_test",
	"rosbag2/ros2_rosbag2/rosbag2_tests/resources/mcap/bag_with_topics_and_service_events",
	"rosbag2/ros2_rosbag2/rosbag2_py/test/resources/mcap/talker",
	"rosbag2/ros2_rosbag2/rosbag2_py/test/resources/mcap/convert_b",
	"rosbag2/ros2_rosbag2/rosbag2_transport/test/resources/mcap/test_bag_for_seek",
	"rosbag2/ros2_rosbag2/rosbag2_cpp/test/rosbag2_cpp/bags/only_topics.mcap",
	"rosbag2/rosbags-rs/tests/test_bags/test_bag_mcap",
}

// readAll collects the messages f selects and the errors after them.
func readAll(t testing.TB, r *Reader, f Filter) ([]Message, []error) {
	t.Helper()
	var msgs []Message
	var errs []error
	for m, err := range r.Messages(f) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		require.Empty(t, errs, "message after an error")
		msgs = append(msgs, m)
	}
	return msgs, errs
}

// expectedMetadata returns the bag description rosbag2 stored for the bag
// at path: its metadata.yaml, or for a lone MCAP file the last "rosbag2"
// metadata record inside it.
func expectedMetadata(t *testing.T, path string) *Metadata {
	t.Helper()
	if filepath.Ext(path) != ".mcap" {
		m, err := ReadMetadata(path)
		require.NoError(t, err)
		return m
	}
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	lex, err := mcap.NewLexer(f, &mcap.LexerOptions{EmitChunks: true})
	require.NoError(t, err)
	var serialized string
	for {
		tok, rec, err := lex.Next(nil)
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		if tok == mcap.TokenMetadata {
			md, err := mcap.ParseMetadata(rec)
			require.NoError(t, err)
			if md.Name == "rosbag2" {
				serialized = md.Metadata["serialized_metadata"]
			}
		}
	}
	require.NotEmpty(t, serialized, "%s has no rosbag2 metadata record", path)
	var inner map[string]any
	require.NoError(t, yaml.Unmarshal([]byte(serialized), &inner))
	wrapped, err := yaml.Marshal(map[string]any{"rosbag2_bagfile_information": inner})
	require.NoError(t, err)
	m, err := ParseMetadata(wrapped)
	require.NoError(t, err)
	return m
}

func TestReadSharedBags(t *testing.T) {
	for _, rel := range sharedBags {
		for _, ignoreSummary := range []bool{false, true} {
			name := filepath.Base(rel)
			if ignoreSummary {
				name += "/scan"
			}
			t.Run(name, func(t *testing.T) {
				path := shareddata.Path(t, rel)
				want := expectedMetadata(t, path)
				r, err := Open(path, ReaderOptions{IgnoreSummary: ignoreSummary})
				require.NoError(t, err)
				defer r.Close()

				got := r.Metadata()
				assert.Equal(t, want.MessageCount, got.MessageCount, "message count")
				assert.Equal(t, want.StartingTime, got.StartingTime, "starting time")
				assert.Equal(t, want.Duration, got.Duration, "duration")
				topics := make(map[string]TopicCount)
				for _, tc := range got.Topics {
					topics[tc.Topic.Name] = tc
				}
				for _, w := range want.Topics {
					g, ok := topics[w.Topic.Name]
					if w.MessageCount == 0 && !ok && ignoreSummary {
						continue // a channel without messages may be only in the summary
					}
					if !assert.True(t, ok, "topic %s missing", w.Topic.Name) {
						continue
					}
					assert.Equal(t, w.Topic.Type, g.Topic.Type, "type of %s", w.Topic.Name)
					assert.Equal(t, w.Topic.SerializationFormat, g.Topic.SerializationFormat, "format of %s", w.Topic.Name)
					assert.Equal(t, w.MessageCount, g.MessageCount, "messages on %s", w.Topic.Name)
				}

				msgs, errs := readAll(t, r, Filter{})
				require.Empty(t, errs)
				assert.Len(t, msgs, int(want.MessageCount))
				perTopic := make(map[string]uint64)
				for i, m := range msgs {
					perTopic[m.Topic.Name]++
					if i > 0 {
						assert.LessOrEqual(t, msgs[i-1].LogTime, m.LogTime, "log time order at message %d", i)
					}
					if m.Topic.SerializationFormat == SerializationCDR {
						assert.Equal(t, byte(0), m.Data[0], "CDR header of message %d", i)
					}
				}
				for _, w := range want.Topics {
					assert.Equal(t, w.MessageCount, perTopic[w.Topic.Name], "messages read on %s", w.Topic.Name)
				}
			})
		}
	}
}

func TestReadSchemaWithoutMsgPart(t *testing.T) {
	path := shareddata.Path(t, "rosbag2/ros2_rosbag2/rosbag2_transport/test/resources/mcap/test_bag_for_seek")
	r, err := Open(path, ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	topics := r.Topics()
	require.Len(t, topics, 1)
	assert.Equal(t, "test_msgs/msg/BasicTypes", topics[0].Type)
	assert.Contains(t, topics[0].Definition, "uint64 uint64_value")
	assert.Equal(t, "", topics[0].OfferedQoSProfiles)
}

func TestReadServiceEvents(t *testing.T) {
	path := shareddata.Path(t, "rosbag2/ros2_rosbag2/rosbag2_tests/resources/mcap/bag_with_topics_and_service_events")
	r, err := Open(path, ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	var found int
	for _, topic := range r.Topics() {
		if filepath.Base(topic.Name) == "_service_event" {
			found++
			assert.Equal(t, "test_msgs/srv/BasicTypes_Event", topic.Type)
			assert.Contains(t, topic.Definition, "\n---\n")
			assert.Contains(t, topic.TypeDescriptionHash, "RIHS01_")
		}
	}
	assert.Equal(t, 2, found)

	msgs, errs := readAll(t, r, Filter{Topics: []string{"/test_service1/_service_event"}})
	require.Empty(t, errs)
	assert.Len(t, msgs, 4)
}

func TestReadZstdTalker(t *testing.T) {
	path := shareddata.Path(t, "rosbag2/ros2_rosbag2/rosbag2_py/test/resources/mcap/talker")
	r, err := Open(path, ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	msgs, errs := readAll(t, r, Filter{Topics: []string{"/topic"}})
	require.Empty(t, errs)
	require.Len(t, msgs, 10)
	// std_msgs/String: CDR header, uint32 length with the terminating NUL,
	// then the text.
	data := msgs[0].Data
	require.GreaterOrEqual(t, len(data), 8)
	assert.Equal(t, []byte{0, 1, 0, 0}, data[:4])
	n := binary.LittleEndian.Uint32(data[4:])
	assert.Equal(t, "Hello, world! 0\x00", string(data[8:8+n]))
}

func TestReadFilter(t *testing.T) {
	path := shareddata.Path(t, "rosbag2/ros2_rosbag2/rosbag2_py/test/resources/mcap/convert_b")
	r, err := Open(path, ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	all, errs := readAll(t, r, Filter{})
	require.Empty(t, errs)
	require.Len(t, all, 75)

	start, end := all[10].LogTime, all[40].LogTime
	window, errs := readAll(t, r, Filter{Start: start, End: end})
	require.Empty(t, errs)
	var want int
	for _, m := range all {
		if m.LogTime >= start && m.LogTime < end {
			want++
		}
	}
	assert.Len(t, window, want)
	for _, m := range window {
		assert.GreaterOrEqual(t, m.LogTime, start)
		assert.Less(t, m.LogTime, end)
	}

	_, errs = readAll(t, r, Filter{Topics: []string{"/no_such_topic"}})
	require.Len(t, errs, 1)
	assert.ErrorContains(t, errs[0], "/no_such_topic")
}
