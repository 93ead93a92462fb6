package bag

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/ebm-av/ebm_av/internal/shareddata"
)

// TestMetadataMatchesRosbag2Layout re-encodes metadata.yaml files written
// by rosbag2 and expects the same bytes.
func TestMetadataMatchesRosbag2Layout(t *testing.T) {
	for _, rel := range []string{
		"rosbag2/ros2_rosbag2/rosbag2_tests/resources/mcap/bag_with_topics_and_service_events/metadata.yaml", // version 8
		"rosbag2/ros2_rosbag2/rosbag2_tests/resources/mcap/cdr_test/metadata.yaml",                           // version 7
		"rosbag2/ros2_rosbag2/rosbag2_transport/test/resources/mcap/test_bag_for_seek/metadata.yaml",         // version 6
	} {
		t.Run(filepath.Base(filepath.Dir(rel)), func(t *testing.T) {
			data, err := os.ReadFile(shareddata.Path(t, rel))
			require.NoError(t, err)
			m, err := ParseMetadata(data)
			require.NoError(t, err)
			// ParseMetadata normalises test_bag_for_seek's type, which
			// lacks "/msg/"; restore it to compare the bytes.
			if strings.Contains(string(data), "type: test_msgs/BasicTypes") {
				m.Topics[0].Topic.Type = "test_msgs/BasicTypes"
			}
			got, err := m.MarshalYAML()
			require.NoError(t, err)
			assert.Equal(t, strings.TrimSpace(string(data)), strings.TrimSpace(string(got)))
		})
	}
}

func TestParseMetadataVersion4(t *testing.T) {
	m, err := ReadMetadata(shareddata.Path(t, "rosbag2/ros2_rosbag2/rosbag2_py/test/resources/mcap/talker"))
	require.NoError(t, err)
	assert.Equal(t, 4, m.Version)
	assert.Equal(t, StorageMCAP, m.StorageIdentifier)
	assert.Equal(t, int64(1585866235112411371), m.StartingTime)
	assert.Equal(t, 4531096768*time.Nanosecond, m.Duration)
	assert.Equal(t, uint64(20), m.MessageCount)
	assert.Equal(t, []string{"talker.mcap"}, m.RelativeFilePaths)
	assert.Empty(t, m.Files)
	require.Len(t, m.Topics, 3)
	assert.Equal(t, Topic{
		Name:                "/topic",
		Type:                "std_msgs/msg/String",
		SerializationFormat: "cdr",
		OfferedQoSProfiles:  "- history: 3\n  depth: 0\n  reliability: 1\n  durability: 2\n  deadline:\n    sec: 0\n    nsec: 0\n  lifespan:\n    sec: 0\n    nsec: 0\n  liveliness: 1\n  liveliness_lease_duration:\n    sec: 0\n    nsec: 0\n  avoid_ros_namespace_conventions: false",
	}, m.Topics[0].Topic)
	assert.Equal(t, uint64(10), m.Topics[0].MessageCount)
}

func TestMetadataRoundTrip(t *testing.T) {
	for _, version := range []int{4, 5, 6, 7, 8} {
		m := &Metadata{
			Version:           version,
			StorageIdentifier: StorageMCAP,
			StartingTime:      1_700_000_000_123_456_789,
			Duration:          90 * time.Second,
			MessageCount:      12,
			Topics: []TopicCount{
				{Topic: Topic{Name: "/a", Type: "std_msgs/msg/String", SerializationFormat: "cdr", OfferedQoSProfiles: qosReliableVolatile}, MessageCount: 12},
				{Topic: Topic{Name: "/b", Type: "geometry_msgs/msg/Point", SerializationFormat: "cdr"}},
			},
			RelativeFilePaths: []string{"x_0.mcap"},
		}
		if version >= 5 {
			m.Files = []FileInfo{{Path: "x_0.mcap", StartingTime: m.StartingTime, Duration: m.Duration, MessageCount: 12}}
		}
		if version >= 6 {
			m.CustomData = map[string]string{"vehicle": "ego 1"}
		}
		if version >= 7 {
			m.Topics[0].Topic.TypeDescriptionHash = "RIHS01_df668c740482bbd48fb39d76a70dfd4bd59db1288021743503259e948f6b1a18"
		}
		if version >= 8 {
			m.ROSDistro = "jazzy"
		}
		data, err := m.MarshalYAML()
		require.NoError(t, err)
		back, err := ParseMetadata(data)
		require.NoError(t, err, "version %d:\n%s", version, data)
		assert.Equal(t, m, back, "version %d", version)
	}
}

// TestWrittenMetadataLayout checks the keys of a written metadata.yaml
// against a rosbag2 bag of a newer version, less the keys added after
// version 5.
func TestWrittenMetadataLayout(t *testing.T) {
	ref, err := os.ReadFile(shareddata.Path(t, "rosbag2/ros2_rosbag2/rosbag2_tests/resources/mcap/bag_with_topics_and_service_events/metadata.yaml"))
	require.NoError(t, err)
	w := writeBag(t, "layout", WriterOptions{Chunked: true, Compression: CompressionZstd}, testMessages(30))
	got, err := os.ReadFile(filepath.Join(filepath.Dir(w.Path()), MetadataFile))
	require.NoError(t, err)

	newer := map[string]bool{"custom_data": true, "ros_distro": true, "type_description_hash": true}
	var wantKeys []string
	for _, k := range yamlKeys(t, ref) {
		if !newer[k[strings.LastIndex(k, ".")+1:]] {
			wantKeys = append(wantKeys, k)
		}
	}
	assert.Equal(t, dedupe(wantKeys), dedupe(yamlKeys(t, got)))

	m, err := ParseMetadata(got)
	require.NoError(t, err)
	assert.Equal(t, MetadataVersion, m.Version)
	assert.Equal(t, []string{"layout_0.mcap"}, m.RelativeFilePaths)
	assert.Equal(t, uint64(30), m.MessageCount)
	require.Len(t, m.Files, 1)
	assert.Equal(t, uint64(30), m.Files[0].MessageCount)
}

// yamlKeys returns the dotted paths of the mapping keys in doc, in order.
func yamlKeys(t *testing.T, doc []byte) []string {
	t.Helper()
	var root yaml.Node
	require.NoError(t, yaml.Unmarshal(doc, &root))
	var keys []string
	var walk func(n *yaml.Node, prefix string)
	walk = func(n *yaml.Node, prefix string) {
		switch n.Kind {
		case yaml.DocumentNode, yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c, prefix)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := prefix + n.Content[i].Value
				keys = append(keys, k)
				walk(n.Content[i+1], k+".")
			}
		}
	}
	walk(&root, "")
	return keys
}

func dedupe(keys []string) []string {
	var out []string
	seen := make(map[string]bool)
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

func TestParseMetadataErrors(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{"version: 5\n", "rosbag2_bagfile_information"},
		{"rosbag2_bagfile_information:\n  version: 0\n", "version 0"},
		{"rosbag2_bagfile_information: [\n", "invalid metadata YAML"},
	} {
		_, err := ParseMetadata([]byte(tc.doc))
		assert.ErrorContains(t, err, tc.want, "document %q", tc.doc)
	}
}
