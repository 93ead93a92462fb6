package test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/eval"
	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/fusionnode"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/node"
)

// configDriftThreshold returns drift.threshold of config/fusion_monitor.yaml.
func configDriftThreshold(t *testing.T) float64 {
	t.Helper()
	entries, err := node.LoadParamFile(filepath.Join("..", "config", "fusion_monitor.yaml"), "/"+fusionnode.NodeName)
	require.NoError(t, err)
	for _, e := range entries {
		if e.Name == "drift.threshold" {
			v, ok := e.Value.(float64)
			require.True(t, ok, "drift.threshold is %T, expected a float", e.Value)
			return v
		}
	}
	require.FailNow(t, "config/fusion_monitor.yaml sets no drift.threshold")
	return 0
}

// evalFusion evaluates the replay output bag at path, writes the report
// into dir and returns the report read back from fusion_report.json and
// the text of fusion_report.md.
func evalFusion(t *testing.T, path, dir string) (eval.FusionReport, string) {
	t.Helper()
	rep, err := eval.EvaluateFusionBags([]string{path}, eval.DefaultFusionTopics)
	require.NoError(t, err)
	require.NoError(t, rep.WriteFiles(dir))
	js, err := os.ReadFile(filepath.Join(dir, "fusion_report.json"))
	require.NoError(t, err)
	var back eval.FusionReport
	require.NoError(t, json.Unmarshal(js, &back))
	md, err := os.ReadFile(filepath.Join(dir, "fusion_report.md"))
	require.NoError(t, err)
	return back, string(md)
}

func TestFusionEvalCalibratedFrames(t *testing.T) {
	dir := t.TempDir()
	input, imp := importKITTI(t, dir)
	output := filepath.Join(dir, "kitti")
	replayFusion(t, input, output, node.ParamEntry{Name: "ood.threshold", Value: imp.OODThreshold, Source: "test"})

	rep, md := evalFusion(t, output, filepath.Join(dir, "report"))
	require.Len(t, rep.Runs, 1)
	r := rep.Runs[0]
	assert.Equal(t, "kitti", r.Run, "a run is named after its replay directory")
	assert.Equal(t, 2, r.Frames, "frames 000000 and 000001")
	assert.Equal(t, eval.LevelCounts{OK: 2}, r.Levels)
	assert.Equal(t, 2, r.Drift.Assessed)
	assert.Equal(t, 0, r.Drift.Flagged, "the published calibration is not drifted")
	assert.Equal(t, []float64{configDriftThreshold(t)}, r.Drift.Thresholds)
	assert.Less(t, r.Drift.Score.Max, r.Drift.Thresholds[0])
	assert.Equal(t, 0, r.Drift.Corrections, "no search runs without a flag")

	// The importer gives the image and the scan of a frame the same stamp,
	// so every offset is 0.
	assert.Equal(t, 2, r.TimeSync.Frames)
	assert.Equal(t, eval.Spread{}, r.TimeSync.OffsetMs)
	assert.Equal(t, uint32(0), r.TimeSync.DroppedFrames)

	assert.Equal(t, 4, r.OOD.Objects, "one Pedestrian in 000000; a Car, a Truck and a Cyclist in 000001")
	assert.Equal(t, 1, r.OOD.Abstentions, "the stand-in detector never saw the Cyclist")
	assert.Equal(t, []float64{imp.OODThreshold}, r.OOD.Thresholds)

	require.Len(t, r.PerFrame, 2)
	for i, f := range r.PerFrame {
		assert.True(t, f.Assessed, "frame %d", i)
		assert.False(t, f.Flagged, "frame %d", i)
	}
	assert.Equal(t, r.Frames, rep.Total.Frames)
	assert.Equal(t, "all", rep.Total.Run)

	assert.Contains(t, md, "| kitti | 2 | 2 | 0 | 0 | 0 |\n")
	assert.Contains(t, md, "| kitti | 4 | 1 |")
	require.Contains(t, md, "#### Frames of kitti")
	frames := md[strings.Index(md, "#### Frames of kitti"):]
	assert.Equal(t, 2, strings.Count(frames, " | OK | "), "one row per frame")
	assert.Equal(t, 2, strings.Count(frames, " | no | "), "neither frame flagged")
}

func TestFusionEvalYawDriftFlagged(t *testing.T) {
	dir := t.TempDir()
	input, _ := importKITTI(t, dir)
	drifted := filepath.Join(dir, "drifted")
	perturbExtrinsic(t, input, drifted, fusion.Delta{fusion.Yaw: math.Pi / 180})
	output := filepath.Join(dir, "yaw")
	replayFusion(t, drifted, output)

	rep, md := evalFusion(t, output, filepath.Join(dir, "report"))
	require.Len(t, rep.Runs, 1)
	r := rep.Runs[0]
	assert.Equal(t, 2, r.Frames)
	assert.Equal(t, 2, r.Drift.Assessed)
	assert.Equal(t, 2, r.Drift.Flagged, "a 1° yaw drift is flagged on both frames")
	assert.Greater(t, r.Drift.Score.Min, r.Drift.Thresholds[0])
	assert.Equal(t, 2, r.Drift.Corrections, "drift.estimate is on by default")

	// The report's medians are those of the node's messages.
	msgs := readTopic[ebm_av.FusionDiagnostics](t, output, fusionTopic)
	require.Len(t, msgs, 2)
	for i, m := range msgs {
		require.True(t, m.CorrectionEstimated, "frame %d", i)
		assert.Equal(t, m.CorrectionAngle, r.PerFrame[i].CorrectionAngle, "frame %d", i)
		assert.Equal(t, m.CorrectionDistance, r.PerFrame[i].CorrectionDistance, "frame %d", i)
	}
	assert.InDelta(t, (msgs[0].CorrectionAngle+msgs[1].CorrectionAngle)/2, r.Drift.MedianCorrectionAngle, 1e-12)
	assert.InDelta(t, (msgs[0].CorrectionDistance+msgs[1].CorrectionDistance)/2, r.Drift.MedianCorrectionDistance, 1e-12)
	t.Logf("median correction %.3f°, %.2f cm", r.Drift.MedianCorrectionAngle, r.Drift.MedianCorrectionDistance)

	require.Contains(t, md, "#### Frames of yaw")
	frames := md[strings.Index(md, "#### Frames of yaw"):]
	assert.Equal(t, 2, strings.Count(frames, " | yes | "), "both frames flagged")
}
