package node

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newTestNode(t *testing.T, name, namespace string, argv ...string) *Node {
	t.Helper()
	args, _, err := ParseArgs(append([]string{"--ros-args"}, argv...))
	require.NoError(t, err)
	n, err := New(Options{Name: name, Namespace: namespace, Transport: nopTransport{}, Args: args})
	require.NoError(t, err)
	return n
}

func TestNodeSpecificRemaps(t *testing.T) {
	argv := []string{
		"-r", "occupancy_scorer:__node:=occupancy",
		"-r", "planner_ebm:__ns:=/ego",
		"-r", "planner_ebm:/perception/predicted_obstacles:=/tracking/predicted",
		"-r", "occupancy:/perception/predicted_obstacles:=/fused/predicted",
		"-r", "/map/lane_map:=/hd_map/lanes",
	}
	planner := newTestNode(t, "planner_ebm", "", argv...)
	assert.Equal(t, "/ego/planner_ebm", planner.FullyQualifiedName())
	assert.Equal(t, "/tracking/predicted", planner.ResolveTopic("/perception/predicted_obstacles"))
	assert.Equal(t, "/hd_map/lanes", planner.ResolveTopic("/map/lane_map"), "rules without prefix apply to every node")

	scorer := newTestNode(t, "occupancy_scorer", "", argv...)
	assert.Equal(t, "/occupancy", scorer.FullyQualifiedName(), "NODE:__node renames only that node")
	assert.Equal(t, "/fused/predicted", scorer.ResolveTopic("/perception/predicted_obstacles"), "a prefix may name the node after __node")
	assert.Equal(t, "/hd_map/lanes", scorer.ResolveTopic("/map/lane_map"))

	fusion := newTestNode(t, "fusion_monitor", "", argv...)
	assert.Equal(t, "/fusion_monitor", fusion.FullyQualifiedName())
	assert.Equal(t, "/perception/predicted_obstacles", fusion.ResolveTopic("/perception/predicted_obstacles"))
}

func TestRemapMatchesExpandedNames(t *testing.T) {
	n := newTestNode(t, "planner_ebm", "/ego", "-r", "energies:=debug/energies", "-r", "~/path:=/viz/path")
	assert.Equal(t, "/ego/debug/energies", n.ResolveTopic("energies"), "relative rules expand both sides")
	assert.Equal(t, "/ego/debug/energies", n.ResolveTopic("/ego/energies"), "an absolute name matches the expanded rule")
	assert.Equal(t, "/viz/path", n.ResolveTopic("~/path"))
	assert.Equal(t, "/viz/path", n.ResolveTopic("/ego/planner_ebm/path"))
	assert.Equal(t, "/energies", n.ResolveTopic("/energies"), "another namespace does not match")
}

func TestFirstMatchingRuleWins(t *testing.T) {
	n := newTestNode(t, "planner_ebm", "", "-r", "__node:=first", "-r", "__node:=second", "-r", "a:=/b", "-r", "a:=/c")
	assert.Equal(t, "first", n.Name())
	assert.Equal(t, "/b", n.ResolveTopic("a"))
}

func TestParseRemapErrors(t *testing.T) {
	tests := []struct{ rule, want string }{
		{"a=b", `invalid remap "a=b": write FROM:=TO or NODE:FROM:=TO`},
		{"a:=", `invalid remap "a:="`},
		{"a:=b c", `remap "a:=b c": invalid topic name "b c"`},
		{"__ns:=relative", `remap "__ns:=relative": invalid namespace "relative": must be absolute`},
		{"__node:=9lives", `remap "__node:=9lives": invalid node name "9lives"`},
		{"2x:a:=b", `remap "2x:a:=b": node prefix: invalid node name "2x"`},
		{"a:=/b//c", `invalid topic name "/b//c": contains '//'`},
	}
	for _, tc := range tests {
		_, err := ParseRemap(tc.rule)
		assert.ErrorContains(t, err, tc.want, tc.rule)
	}
	r, err := ParseRemap("talker:__name:=speaker")
	require.NoError(t, err)
	assert.Equal(t, Remap{Node: "talker", From: "__node", To: "speaker"}, r)
}

func TestParamFileNestedNamespaces(t *testing.T) {
	data := []byte(`
/**:
  ros__parameters:
    temperature: 2.0
ego:
  planner_ebm:
    ros__parameters:
      temperature: 0.5
  other_node:
    ros__parameters:
      temperature: 9.0
`)
	entries, err := ParseParamFile("p.yaml", data, "/ego/planner_ebm")
	require.NoError(t, err)
	require.Len(t, entries, 2)
	assert.Equal(t, ParamEntry{Name: "temperature", Value: 2.0, Source: "p.yaml:4"}, entries[0])
	assert.Equal(t, ParamEntry{Name: "temperature", Value: 0.5, Source: "p.yaml:8"}, entries[1], "node keys follow wildcards, so they override")

	entries, err = ParseParamFile("p.yaml", data, "/planner_ebm")
	require.NoError(t, err)
	assert.Len(t, entries, 1, "ego/planner_ebm does not match a node in the root namespace")
}

func TestParamFileErrorsNameFileAndLine(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"malformed", "planner_ebm:\n  ros__parameters:\n    temperature: [1.0\n", "p.yaml: invalid YAML: yaml: line 2"},
		{"parameters not indented", "planner_ebm:\n  temperature: 1.0\n", `p.yaml:2: unexpected key "temperature" under "planner_ebm"`},
		{"no ros__parameters", "planner_ebm:\n  gate:\n    ros_parameters:\n      max_jerk: 3\n", `p.yaml:2: unexpected key "gate" under "planner_ebm"`},
		{"not a map", "- planner_ebm\n", "p.yaml:1: parameter file must be a map"},
		{"scalar parameters", "planner_ebm:\n  ros__parameters: 3\n", "p.yaml:2: ros__parameters must be a map"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseParamFile("p.yaml", []byte(tc.yaml), "/planner_ebm")
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

func TestConfigureErrorsNameSourceAndFix(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "p.yaml")
	require.NoError(t, os.WriteFile(file, []byte("planner_ebm:\n  ros__parameters:\n    frame_id: 3\n    temperature: 0.0\n"), 0o644))
	missing := filepath.Join(dir, "missing.yaml")

	args, _, err := ParseArgs([]string{"--ros-args", "--params-file", file, "--params-file", missing, "-p", "publish_markers:=maybe"})
	require.NoError(t, err)
	n, err := New(Options{Name: "planner_ebm", Transport: nopTransport{}, Args: args})
	require.NoError(t, err)
	declareTestParams(n.Params)
	err = n.Configure()
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, file+`:3: parameter "frame_id" of node "planner_ebm": invalid value 3 (int): expected string`)
	assert.Contains(t, msg, file+`:4: parameter "temperature" of node "planner_ebm": value 0 out of range: allowed range is [1e-06, 1e+06]`)
	assert.Contains(t, msg, "parameter file "+missing+" not found: check the --params-file path")
	assert.Contains(t, msg, `--ros-args -p publish_markers:=maybe: parameter "publish_markers" of node "planner_ebm": invalid value maybe (string): expected bool`)
	assert.Equal(t, "map", n.Params.String("frame_id"), "nothing applies when any value is invalid")
}

func TestParseArgsLogLevels(t *testing.T) {
	args, _, err := ParseArgs([]string{"--ros-args", "--log-level", "warn", "--log-level", "ego.planner_ebm:=DEBUG"})
	require.NoError(t, err)
	assert.Equal(t, "DEBUG", args.LogLevelFor("ego.planner_ebm"))
	assert.Equal(t, "warn", args.LogLevelFor("occupancy_scorer"))

	_, _, err = ParseArgs([]string{"--ros-args", "--log-level", "planner_ebm:=loud"})
	assert.ErrorContains(t, err, `--log-level planner_ebm:=loud: invalid log level "loud"`)
}
