package importer

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/demo"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
)

func TestImportDemoScene(t *testing.T) {
	dir := t.TempDir()
	sc, sol, err := demo.Write(dir)
	require.NoError(t, err)
	out := filepath.Join(dir, "bag")
	sum, err := ImportCommonRoad(sc, out, CommonRoadOptions{Solution: sol})
	require.NoError(t, err)
	assert.False(t, sum.TimeStepMismatch)
	assert.Equal(t, 15, sum.Cycles, "cycles at 0, 1, …, 14 s over a 15 s track while 1 s of human future remains")
	assert.GreaterOrEqual(t, sum.Candidates, 200)

	r, err := bag.Open(out, bag.ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	counts := map[string]int{}
	var first *ebm_av.CandidateTrajectories
	for m, err := range r.Messages(bag.Filter{}) {
		require.NoError(t, err)
		counts[m.Topic.Name]++
		if m.Topic.Name == TopicCandidates && first == nil {
			first = new(ebm_av.CandidateTrajectories)
			require.NoError(t, cdr.Unmarshal(m.Data, first))
		}
	}
	for _, topic := range []string{TopicEgoState, TopicCandidates, TopicBEVFeatures, TopicLaneMap, TopicPredictedObstacle, TopicHumanFuture, TopicRecordedObstacles} {
		assert.Equal(t, 15, counts[topic], topic)
	}
	require.NotNil(t, first)
	cands, err := msgconv.Candidates(first)
	require.NoError(t, err)
	assert.InDelta(t, 8.0, cands[0].Duration(), 1e-9)
}

func TestImportBadInputNamesTheProblem(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	tests := []struct {
		name, file, want string
		opts             CommonRoadOptions
	}{
		{"malformed XML", write("bad.xml", "<commonRoad timeStepSize=\"0.1\" commonRoadVersion=\"2020a\"><lanelet id=\"1\">"), "bad.xml", CommonRoadOptions{}},
		{"no planning problem", write("nopp.xml", `<commonRoad timeStepSize="0.1" commonRoadVersion="2020a" benchmarkID="ZAM_X-1_1_T-1"></commonRoad>`), "no <planningProblem> element", CommonRoadOptions{}},
		{"unknown ego id", write("ego.xml", demo.ScenarioXML()), "no obstacle with id 999", CommonRoadOptions{EgoID: 999}},
		{"solution and ego", write("both.xml", demo.ScenarioXML()), "exclusive", CommonRoadOptions{EgoID: 101, Solution: "x"}},
		{"unknown obstacle type", write("type.xml", strings.Replace(demo.ScenarioXML(), "<type>truck</type>", "<type>hovercraft</type>", 1)), "hovercraft", CommonRoadOptions{}},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ImportCommonRoad(tc.file, filepath.Join(dir, fmt.Sprint("out", i)), tc.opts)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestImportRecordedVehicleAsEgo(t *testing.T) {
	dir := t.TempDir()
	sc, _, err := demo.Write(dir)
	require.NoError(t, err)
	sum, err := ImportCommonRoad(sc, filepath.Join(dir, "bag"), CommonRoadOptions{EgoID: 103, MaxCycles: 3})
	require.NoError(t, err)
	assert.Equal(t, 3, sum.Cycles)
	assert.Equal(t, 5, sum.Obstacles, "the ego vehicle is not its own obstacle")
}
