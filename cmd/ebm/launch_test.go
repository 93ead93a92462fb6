package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/demo"
	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/launchfile"
	"github.com/ebm-av/ebm_av/noderegistry"
)

// demoInputBag imports the built-in scene for a few planning cycles.
func demoInputBag(t *testing.T, dir string) string {
	t.Helper()
	sc, sol, err := demo.Write(filepath.Join(dir, "scene"))
	require.NoError(t, err)
	in := filepath.Join(dir, "in")
	_, err = importer.ImportCommonRoad(sc, in, importer.CommonRoadOptions{Solution: sol, MaxCycles: 3})
	require.NoError(t, err)
	return in
}

func countMessages(t *testing.T, path string) map[string]int {
	t.Helper()
	r, err := bag.Open(path, bag.ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	counts := map[string]int{}
	for m, err := range r.Messages(bag.Filter{}) {
		require.NoError(t, err)
		counts[m.Topic.Name]++
	}
	return counts
}

func TestLaunchReplaysBagThroughPlanner(t *testing.T) {
	dir := t.TempDir()
	in := demoInputBag(t, dir)
	out := filepath.Join(dir, "out")
	err := runLaunch(context.Background(), []string{"../../launch/planner_ebm.launch.xml", "use_sim_time:=true", "--bag", in, "-o", out})
	require.NoError(t, err)
	counts := countMessages(t, out)
	assert.Equal(t, 3, counts["/planner_ebm/energies"])
	assert.Equal(t, 3, counts["/planner_ebm/selected_trajectory"])
}

func TestLaunchComposesPackageOverBag(t *testing.T) {
	dir := t.TempDir()
	in := demoInputBag(t, dir)
	out := filepath.Join(dir, "out")
	args := []string{"../../launch/ebm.launch.xml", "--bag", in, "-o", out}
	toggles := map[string]string{"occupancy_scorer": "occupancy", "fusion_monitor": "fusion"}
	for exec, toggle := range toggles {
		if _, ok := noderegistry.Lookup(exec); !ok {
			t.Logf("%s is not registered yet; launching without it", exec)
			args = append(args, toggle+":=false")
		}
	}
	require.NoError(t, runLaunch(context.Background(), args))
	counts := countMessages(t, out)
	assert.Equal(t, 3, counts["/planner_ebm/energies"])
	assert.Equal(t, 3, counts["/tf"], "map -> base_link for every ego state")
}

func TestLaunchReplayFileReadsBagPlay(t *testing.T) {
	dir := t.TempDir()
	in := demoInputBag(t, dir)
	out := filepath.Join(dir, "out")
	// As in ros2 launch, a command-line argument reaches included files, so
	// namespace:=ego sets the namespace that ebm.launch.xml declares.
	err := runLaunch(context.Background(), []string{"../../launch/replay.launch.xml", "bag:=" + in,
		"occupancy:=false", "fusion:=false", "namespace:=ego", "-o", out})
	require.NoError(t, err)
	assert.Equal(t, 3, countMessages(t, out)["/ego/planner_ebm/path"])
}

func TestLaunchBadParameterCreatesNoOutput(t *testing.T) {
	dir := t.TempDir()
	params := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(params, []byte("planner_ebm:\n  ros__parameters:\n    temperature: -1.0\n"), 0o644))
	out := filepath.Join(dir, "out")
	err := runLaunch(context.Background(), []string{"../../launch/planner_ebm.launch.xml", "params_file:=" + params,
		"--bag", filepath.Join(dir, "in"), "-o", out})
	require.Error(t, err)
	assert.Contains(t, err.Error(), params+":3")
	assert.Contains(t, err.Error(), "temperature")
	assert.NoDirExists(t, out, "a node that fails to configure leaves no output behind")
}

func TestLaunchCheckStartsNodes(t *testing.T) {
	err := runLaunch(context.Background(), []string{"../../launch/planner_ebm.launch.xml", "--check", "namespace:=ego"})
	require.NoError(t, err)
}

func TestLaunchPackageForm(t *testing.T) {
	t.Chdir("../../plannernode") // inside the checkout, below package.xml
	err := runLaunch(context.Background(), []string{"ebm_av", "planner_ebm.launch.xml", "--check", "namespace:=ego"})
	require.NoError(t, err)

	err = runLaunch(context.Background(), []string{"ebm_av", "no_such.launch.xml", "--check"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "launch file no_such.launch.xml of package ebm_av not found")
}

func TestLaunchRequiresOutputForBags(t *testing.T) {
	err := runLaunch(context.Background(), []string{"../../launch/planner_ebm.launch.xml", "--bag", "in.mcap"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "give -o OUT")
}

func TestComposeLaunchErrors(t *testing.T) {
	tests := []struct {
		name string
		desc launchfile.Description
		want string
	}{
		{"other package", launchfile.Description{Nodes: []launchfile.Node{{Package: "nav2_planner", Executable: "planner_server", Namespace: "/", Source: "a.xml:3"}}},
			`a.xml:3: package "nav2_planner": ebm launch runs only ebm_av nodes`},
		{"unregistered exec", launchfile.Description{Nodes: []launchfile.Node{{Package: "ebm_av", Executable: "no_such_node", Namespace: "/", Source: "a.xml:4"}}},
			`a.xml:4: exec "no_such_node" is not registered in this build of ebm (registered: `},
		{"duplicate node", launchfile.Description{Nodes: []launchfile.Node{
			{Package: "ebm_av", Executable: "planner_ebm", Namespace: "/", Source: "a.xml:4"},
			{Package: "ebm_av", Executable: "planner_ebm", Name: "planner_ebm", Namespace: "/", Source: "a.xml:5"}}},
			"a.xml:5: node /planner_ebm is already launched at a.xml:4"},
		{"unsupported executable", launchfile.Description{Executables: []launchfile.Executable{{Cmd: []string{"rviz2", "-d", "x.rviz"}, Source: "a.xml:6"}}},
			`a.xml:6: <executable cmd="rviz2 -d x.rviz"> is not supported`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := composeLaunch(&tc.desc)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestBagPlayInput(t *testing.T) {
	tests := []struct {
		cmd  []string
		want string
	}{
		{[]string{"ros2", "bag", "play", "in.mcap", "--clock"}, "in.mcap"},
		{[]string{"ros2", "bag", "play", "--rate", "2.0", "--clock", "bags/a"}, "bags/a"},
		{[]string{"ros2", "bag", "play", "-r", "0.5", "b"}, "b"},
	}
	for _, tc := range tests {
		got, err := bagPlayInput(tc.cmd)
		require.NoError(t, err, tc.cmd)
		assert.Equal(t, tc.want, got)
	}
	_, err := bagPlayInput([]string{"ros2", "bag", "play", "--clock"})
	assert.ErrorContains(t, err, "names no bag")
}

func TestParseLaunchArgsRejectsMalformed(t *testing.T) {
	_, err := parseLaunchArgs([]string{"bag=in.mcap"})
	assert.ErrorContains(t, err, `invalid launch argument "bag=in.mcap": write NAME:=VALUE`)
}
