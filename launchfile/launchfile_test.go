package launchfile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/node"
)

// writeFiles creates files (name → content) in a new temporary directory
// and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	}
	return dir
}

const testPackageXML = `<?xml version="1.0"?><package format="3"><name>demo_pkg</name></package>`

func TestLoadComposesIncludesAndGroups(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"package.xml":        testPackageXML,
		"config/talker.yaml": "/**:\n  ros__parameters:\n    rate: 2.0\n",
		"launch/talker.launch.xml": `<launch>
  <arg name="ns" default=""/>
  <arg name="rate" default="1.5"/>
  <node pkg="demo_pkg" exec="talker" name="talker" namespace="$(var ns)">
    <param from="$(find-pkg-share demo_pkg)/config/talker.yaml"/>
    <param name="rate" value="$(var rate)"/>
    <param name="limits">
      <param name="max" value="3"/>
    </param>
    <remap from="chatter" to="/chat"/>
  </node>
</launch>`,
		"launch/all.launch.xml": `<?xml version="1.0"?>
<launch>
  <arg name="second" default="true"/>
  <let name="fast" value="4.0"/>
  <include file="$(dirname)/talker.launch.xml">
    <arg name="ns" value="front"/>
  </include>
  <group if="$(var second)">
    <push-ros-namespace namespace="rear"/>
    <include file="$(find-pkg-share demo_pkg)/launch/talker.launch.xml">
      <arg name="rate" value="$(var fast)"/>
    </include>
  </group>
  <node pkg="demo_pkg" exec="listener" unless="$(var second)"/>
  <executable cmd="ros2 bag play in.mcap --clock"/>
</launch>`,
	})
	desc, err := Load(filepath.Join(dir, "launch/all.launch.xml"), Options{})
	require.NoError(t, err)
	require.Len(t, desc.Nodes, 2)

	front, rear := desc.Nodes[0], desc.Nodes[1]
	assert.Equal(t, "/front", front.Namespace)
	assert.Equal(t, "/rear", rear.Namespace, "a pushed namespace applies to included nodes")
	assert.Equal(t, "talker", front.Name)
	assert.Equal(t, "demo_pkg", front.Package)
	assert.Equal(t, "talker", front.Executable)
	require.Len(t, front.Params, 3)
	assert.Equal(t, filepath.Join(dir, "config/talker.yaml"), front.Params[0].File)
	assert.Equal(t, Param{Name: "rate", Value: "1.5", Source: filepath.Join(dir, "launch/talker.launch.xml") + ":6"}, front.Params[1])
	assert.Equal(t, "limits.max", front.Params[2].Name, "nested params join with '.'")
	assert.Equal(t, "4.0", rear.Params[1].Value, "include arguments reach the included file")
	assert.Equal(t, []Remap{{From: "chatter", To: "/chat", Source: filepath.Join(dir, "launch/talker.launch.xml") + ":10"}}, front.Remaps)
	require.Len(t, desc.Executables, 1)
	assert.Equal(t, []string{"ros2", "bag", "play", "in.mcap", "--clock"}, desc.Executables[0].Cmd)

	args := front.RosArgs()
	assert.Equal(t, "talker", args.NodeName)
	assert.Equal(t, "/front", args.Namespace)
	assert.Equal(t, []string{filepath.Join(dir, "config/talker.yaml")}, args.ParamFiles)
	assert.Equal(t, 1.5, args.Params[0].Value, "values are typed as YAML types them")
	assert.Equal(t, int64(3), args.Params[1].Value)
	assert.Equal(t, []node.Remap{{From: "chatter", To: "/chat"}}, args.Remaps)

	desc, err = Load(filepath.Join(dir, "launch/all.launch.xml"), Options{Args: map[string]string{"second": "false"}})
	require.NoError(t, err)
	require.Len(t, desc.Nodes, 2)
	assert.Equal(t, "listener", desc.Nodes[1].Executable, "unless=true skips, unless=false keeps")
	assert.Equal(t, "/", desc.Nodes[1].Namespace)
	assert.Equal(t, []Arg{{Name: "second", Default: "true", HasDefault: true, Value: "false"}}, desc.Args)
}

func TestLoadErrorsNameFileAndLine(t *testing.T) {
	tests := []struct {
		name, launch string
		args         map[string]string
		want         []string
	}{
		{"malformed XML", "<launch>\n  <node pkg=\"a\" exec=\"b\">\n</launch>", nil,
			[]string{"bad.launch.xml:3", "invalid XML"}},
		{"wrong root", "<launch_file/>", nil, []string{"bad.launch.xml:1", "starts with <launch>"}},
		{"unknown element", "<launch>\n  <nodes pkg=\"a\"/>\n</launch>", nil,
			[]string{"bad.launch.xml:2", "unsupported element <nodes>"}},
		{"misspelt attribute", "<launch>\n\n  <node pkg=\"a\" exec=\"b\" namesapce=\"x\"/>\n</launch>", nil,
			[]string{"bad.launch.xml:3", "unsupported attribute namesapce", "namespace"}},
		{"missing exec", "<launch><node pkg=\"a\"/></launch>", nil, []string{"bad.launch.xml:1", "needs the attribute exec"}},
		{"missing param file", "<launch>\n<node pkg=\"a\" exec=\"b\">\n<param from=\"/no/such/params.yaml\"/>\n</node></launch>", nil,
			[]string{"bad.launch.xml:3", "/no/such/params.yaml not found"}},
		{"remap to invalid name", "<launch>\n<node pkg=\"a\" exec=\"b\">\n\n<remap from=\"in\" to=\"/bad topic\"/>\n</node></launch>", nil,
			[]string{"bad.launch.xml:4", "remap in:=/bad topic", "invalid topic name"}},
		{"invalid node name", "<launch><node pkg=\"a\" exec=\"b\" name=\"2fast\"/></launch>", nil,
			[]string{"bad.launch.xml:1", `invalid node name "2fast"`}},
		{"invalid namespace", "<launch><node pkg=\"a\" exec=\"b\" namespace=\"a//b\"/></launch>", nil,
			[]string{"bad.launch.xml:1", "invalid namespace"}},
		{"required argument", "<launch>\n<arg name=\"bag\"/>\n</launch>", nil,
			[]string{"bad.launch.xml:2", `"bag" is required`, "bag:=VALUE"}},
		{"undeclared variable", "<launch><node pkg=\"a\" exec=\"$(var exe)\"/></launch>", nil,
			[]string{"bad.launch.xml:1", `launch argument "exe" has no value`}},
		{"unknown command-line argument", "<launch><arg name=\"x\" default=\"1\"/></launch>", map[string]string{"y": "2"},
			[]string{"unknown launch argument y", "declared arguments are x"}},
		{"unsupported substitution", "<launch><node pkg=\"$(command ls)\" exec=\"b\"/></launch>", nil,
			[]string{"bad.launch.xml:1", "unsupported substitution $(command)"}},
		{"unclosed substitution", "<launch><node pkg=\"$(var x\" exec=\"b\"/></launch>", nil,
			[]string{"bad.launch.xml:1", "unclosed substitution"}},
		{"invalid condition", "<launch><node pkg=\"a\" exec=\"b\" if=\"yes\"/></launch>", nil,
			[]string{"bad.launch.xml:1", `invalid boolean "yes"`}},
		{"unknown package", "<launch><include file=\"$(find-pkg-share no_such_pkg)/x.launch.xml\"/></launch>", nil,
			[]string{"bad.launch.xml:1", `package "no_such_pkg" not found`, "setup.bash"}},
		{"self include", "<launch><include file=\"$(dirname)/bad.launch.xml\"/></launch>", nil,
			[]string{"nested deeper than 16"}},
		{"text content", "<launch>\n<node pkg=\"a\" exec=\"b\">planner</node></launch>", nil,
			[]string{"bad.launch.xml:2", "unexpected text"}},
	}
	t.Setenv("AMENT_PREFIX_PATH", "")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"bad.launch.xml": tc.launch})
			_, err := Load(filepath.Join(dir, "bad.launch.xml"), Options{Args: tc.args})
			require.Error(t, err)
			for _, want := range tc.want {
				assert.Contains(t, err.Error(), want)
			}
		})
	}
}

func TestFindPackageShareAmentIndex(t *testing.T) {
	prefix := writeFiles(t, map[string]string{"share/ament_index/resource_index/packages/demo_pkg": ""})
	t.Setenv("AMENT_PREFIX_PATH", "/nonexistent"+string(filepath.ListSeparator)+prefix)
	dir, err := FindPackageShare("demo_pkg", filepath.Join(t.TempDir(), "x.launch.xml"))
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(prefix, "share", "demo_pkg"), dir)
}

func TestRosArgsRootNamespace(t *testing.T) {
	args := Node{Name: "n", Namespace: "/"}.RosArgs()
	assert.Equal(t, node.Args{NodeName: "n"}, args,
		"the root namespace leaves the executable's default in place")
}
