package launchfile_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/ebm-av/ebm_av/fusionnode"
	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/node/inproc"
	"github.com/ebm-av/ebm_av/noderegistry"
	"github.com/ebm-av/ebm_av/plannernode"
)

// rvizConfig is the part of an rviz2 .rviz file the test reads.
type rvizConfig struct {
	VisualizationManager struct {
		Displays      []rvizDisplay `yaml:"Displays"`
		GlobalOptions struct {
			FixedFrame string `yaml:"Fixed Frame"`
		} `yaml:"Global Options"`
	} `yaml:"Visualization Manager"`
}

type rvizDisplay struct {
	Class string `yaml:"Class"`
	Name  string `yaml:"Name"`
	Topic struct {
		Value string `yaml:"Value"`
	} `yaml:"Topic"`
}

// displayTypes maps rviz_default_plugins display classes to the message
// type they subscribe to.
var displayTypes = map[string]string{
	"rviz_default_plugins/MarkerArray": "visualization_msgs/msg/MarkerArray",
	"rviz_default_plugins/Path":        "nav_msgs/msg/Path",
	"rviz_default_plugins/Map":         "nav_msgs/msg/OccupancyGrid",
	"rviz_default_plugins/Image":       "sensor_msgs/msg/Image",
}

// advertisedTopics starts the registered node exec on a bus and returns the
// message type of every topic it advertises.
func advertisedTopics(t *testing.T, exec string) (map[string]string, bool) {
	t.Helper()
	start, ok := noderegistry.Lookup(exec)
	if !ok {
		return nil, false
	}
	rec := &recordingTransport{Transport: inproc.New(func() int64 { return 0 }), types: map[string]string{}}
	_, err := start(node.Options{Transport: rec, Clock: &node.SimClock{}})
	require.NoError(t, err, exec)
	return rec.types, true
}

type recordingTransport struct {
	node.Transport
	types map[string]string
}

func (r *recordingTransport) Advertise(topic, typeName string, qos node.QoS) (node.RawPublisher, error) {
	r.types[topic] = typeName
	return r.Transport.Advertise(topic, typeName, qos)
}

// readRviz parses an rviz2 configuration file.
func readRviz(t *testing.T, path string) rvizConfig {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var cfg rvizConfig
	require.NoError(t, yaml.Unmarshal(data, &cfg), "%s must be YAML, as rviz2 writes it", path)
	return cfg
}

func TestRvizConfigShowsNodeOutputs(t *testing.T) {
	vm := readRviz(t, "../config/ebm.rviz").VisualizationManager
	assert.Equal(t, plannernode.DefaultConfig().FrameID, vm.GlobalOptions.FixedFrame, "the fixed frame is the planning frame, map")

	topics := map[string]string{} // topic → display class
	classes := map[string]bool{}
	for _, d := range vm.Displays {
		classes[d.Class] = true
		if d.Topic.Value != "" {
			topics[d.Topic.Value] = d.Class
		}
	}
	assert.True(t, classes["rviz_default_plugins/TF"], "a TF display shows map and base_link")

	// The topics each node's display shows, with the node that publishes them.
	want := []struct{ exec, topic, class string }{
		{"planner_ebm", "/planner_ebm/candidate_markers", "rviz_default_plugins/MarkerArray"},
		{"planner_ebm", "/planner_ebm/path", "rviz_default_plugins/Path"},
		{"occupancy_scorer", "/occupancy_scorer/energy_map", "rviz_default_plugins/Map"},
		{"fusion_monitor", "/fusion_monitor/markers", "rviz_default_plugins/MarkerArray"},
	}
	for _, w := range want {
		assert.Equal(t, w.class, topics[w.topic], "display of %s", w.topic)
		advertised, ok := advertisedTopics(t, w.exec)
		if !ok {
			t.Logf("%s is not registered in noderegistry yet; %s is checked against its documented name only", w.exec, w.topic)
			continue
		}
		assert.Equal(t, displayTypes[w.class], advertised[w.topic], "%s must advertise %s as %s", w.exec, w.topic, displayTypes[w.class])
	}
	assert.Equal(t, node.ResolveName(plannernode.TopicMarkers, "/", plannernode.NodeName), "/planner_ebm/candidate_markers")
	assert.Equal(t, node.ResolveName(plannernode.TopicPath, "/", plannernode.NodeName), "/planner_ebm/path")
}

// TestFusionRvizConfig checks the fusion_monitor view: its fixed frame is
// the LiDAR frame of KITTI imports, which their /tf_static links to the
// camera, so the markers show without a map frame.
func TestFusionRvizConfig(t *testing.T) {
	vm := readRviz(t, "../config/fusion.rviz").VisualizationManager
	assert.Equal(t, importer.FrameLidar, vm.GlobalOptions.FixedFrame)
	topics := map[string]string{}
	for _, d := range vm.Displays {
		if d.Topic.Value != "" {
			topics[d.Topic.Value] = d.Class
		}
	}
	assert.Equal(t, "rviz_default_plugins/MarkerArray", topics["/fusion_monitor/markers"])
	assert.Equal(t, "rviz_default_plugins/Image", topics[fusionnode.TopicImage])
	assert.Equal(t, importer.TopicImage, fusionnode.TopicImage, "the image display shows the topic KITTI imports publish")

	advertised, ok := advertisedTopics(t, "fusion_monitor")
	require.True(t, ok)
	assert.Equal(t, displayTypes["rviz_default_plugins/MarkerArray"], advertised["/fusion_monitor/markers"])
}
