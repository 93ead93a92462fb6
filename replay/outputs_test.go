package replay

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/fusionnode"
	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/node"
)

// TestRunReplayOfReplayOutput replays an input through a node, replays that
// output through the same node again and checks that the second output
// contains only the new node outputs, and that KeepOutputs mixes in the old
// ones.
func TestRunReplayOfReplayOutput(t *testing.T) {
	cases := []struct {
		name  string
		input func(t *testing.T, dir string) string
		nodes []NodeSpec
		topic string // a node output with one message per input frame
		want  int    // messages on topic per replay
	}{
		{
			name: "planner demo scene",
			input: func(t *testing.T, dir string) string {
				return demoBag(t, dir, importer.CommonRoadOptions{MaxCycles: 4})
			},
			nodes: plannerSpec(),
			topic: "/planner_ebm/energies",
			want:  4,
		},
		{
			name: "fusion KITTI frames",
			input: func(t *testing.T, dir string) string {
				src := shareddata.Path(t, "kitti/object/training")
				in := filepath.Join(dir, "in")
				sum, err := importer.ImportKITTI(src, in, importer.KITTIOptions{})
				require.NoError(t, err)
				require.Len(t, sum.Frames, 2)
				return in
			},
			// A loaded test machine may exceed the per-frame budget, which
			// adds WARN records to /rosout. fusionnode's tests cover the budget.
			nodes: []NodeSpec{{Name: fusionnode.NodeName, Start: fusionnode.Start,
				Args: node.Args{Params: []node.ParamEntry{{Name: "cycle_budget", Value: 60.0, Source: "test"}}}}},
			topic: "/fusion_monitor/fusion_diagnostics",
			want:  2,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			in := tc.input(t, dir)
			first := filepath.Join(dir, "first")
			sum1, err := Run(context.Background(), Options{Inputs: []string{in}, Output: first, Nodes: tc.nodes})
			require.NoError(t, err)
			require.Equal(t, tc.want, sum1.Outputs[tc.topic])
			assert.Empty(t, sum1.DroppedOutputs, "the imported input carries no node output")
			assert.Equal(t, tc.want, countTopics(t, first)[tc.topic])

			second := filepath.Join(dir, "second")
			sum2, err := Run(context.Background(), Options{Inputs: []string{first}, Output: second, Nodes: tc.nodes})
			require.NoError(t, err)
			assert.Equal(t, sum1.Outputs, sum2.Outputs, "the nodes publish what they published on the input")
			wantDropped := map[string]int{}
			for topic, n := range sum1.Outputs {
				if !multiPublisherTopics[topic] {
					wantDropped[topic] = n
				}
			}
			assert.Equal(t, wantDropped, sum2.DroppedOutputs, "every earlier output except /tf is dropped")
			assert.Equal(t, sum1.InputMessages+sum1.Outputs["/tf"], sum2.InputMessages, "inputs and the earlier /tf are played")

			counts := countTopics(t, second)
			assert.Equal(t, tc.want, counts[tc.topic], "one %s per frame", tc.topic)
			for topic, n := range wantDropped {
				assert.Equal(t, n, counts[topic], "%s holds only the new outputs", topic)
			}
			want := countTopics(t, first)
			if n, ok := want["/tf"]; ok {
				want["/tf"] = 2 * n // the earlier /tf is played and recorded
			}
			assert.Equal(t, want, counts, "the second output has the first's messages")

			mixed := filepath.Join(dir, "mixed")
			sum3, err := Run(context.Background(), Options{Inputs: []string{first}, Output: mixed, Nodes: tc.nodes, KeepOutputs: true})
			require.NoError(t, err)
			assert.Empty(t, sum3.DroppedOutputs)
			assert.Equal(t, 2*tc.want, countTopics(t, mixed)[tc.topic], "old and new outputs together")
		})
	}
}

// countTopics returns the number of messages per topic in the bag at path.
func countTopics(t *testing.T, path string) map[string]int {
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
