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
	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/internal/shareddata"
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

	// Both frames fall into the default warm-up of 10 pairs, during which
	// the node reports OK without measuring a deviation.
	assert.Equal(t, 2, r.TimeSync.WarmUp)
	assert.Equal(t, eval.LevelCounts{}, r.TimeSync.Levels)
	assert.Equal(t, 0, r.TimeSync.Frames)
	assert.Equal(t, uint32(0), r.TimeSync.DroppedFrames)
	require.Len(t, rep.TimeSync, 1, "the time-sync statuses on /diagnostics")
	assert.Equal(t, 2, rep.TimeSync[0].Statuses)
	assert.Equal(t, 2, rep.TimeSync[0].WarmUp)
	assert.Equal(t, 0, rep.TimeSync[0].Measured)

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
	assert.Contains(t, md, "| kitti | 2 | 0 | — |", "two frames in warm-up, none with time sync")
	assert.Contains(t, md, "| kitti | 2 | 2 | 0 | 0 | 0 | 0 |\n", "two time-sync statuses in warm-up")
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

// importRawDrive imports the trigger times of KITTI raw drive 0001 into
// dir/input with the camera stamps shifted by shift seconds.
func importRawDrive(t *testing.T, dir string, shift float64) (string, importer.KITTIRawSummary) {
	t.Helper()
	drive := shareddata.Path(t, "kitti/raw/2011_09_26/2011_09_26_drive_0001_sync")
	input := filepath.Join(dir, "input")
	imp, err := importer.ImportKITTIRaw(drive, input, importer.KITTIRawOptions{Shift: shift})
	require.NoError(t, err)
	require.Equal(t, 108, imp.Frames)
	return input, imp
}

func TestFusionEvalRawDriveShifted(t *testing.T) {
	dir := t.TempDir()
	input, imp := importRawDrive(t, dir, 0.03)
	require.NotEmpty(t, imp.ParamsFile, "a shift writes time_sync.warm_up 0 and the recorded nominal offset")
	output := replayFusionFile(t, input, filepath.Join(dir, "shifted"), imp.ParamsFile)

	rep, md := evalFusion(t, output, filepath.Join(dir, "report"))
	assert.Empty(t, rep.Runs, "a raw drive has no images or point clouds, so no FusionDiagnostics")
	require.Len(t, rep.TimeSync, 1)
	s := rep.TimeSync[0]
	assert.Equal(t, "shifted", s.Run)
	assert.Equal(t, 108, s.Statuses, "one per TimeSyncStatus pair")
	assert.Equal(t, 0, s.WarmUp, "the parameter file sets warm_up 0")
	// The hysteresis raises the level after two frames above the limit, so
	// the first pair is still OK.
	assert.Equal(t, eval.LevelCounts{OK: 1, Error: 107}, s.Levels)
	assert.Equal(t, 108, s.Measured)

	// Each deviation is the 30 ms shift plus the recorded offset's
	// departure from its mean, whose standard deviation is about 0.04 ms,
	// and the node rounds to 1 µs. So the median lies within 0.01 ms of
	// 30 ms, about twice its standard error, and every deviation within
	// 0.2 ms, about five standard deviations.
	assert.InDelta(t, 30.0, s.DeviationMs.Median, 0.01)
	assert.InDelta(t, 30.0, s.DeviationMs.Min, 0.2)
	assert.InDelta(t, 30.0, s.DeviationMs.Max, 0.2)
	assert.InDelta(t, 1e3*imp.NominalOffset, s.NominalOffsetMs.Median, 0.0005, "the nominal offset of the parameter file, rounded to 1 µs")
	assert.InDelta(t, 1e3*imp.OffsetMean, s.OffsetMs.Median, 0.01)
	assert.Less(t, s.JitterMs.Max, 0.1, "the shift moves every offset alike")
	assert.Equal(t, uint32(0), s.DroppedFrames)
	assert.Equal(t, uint32(0), s.BackwardsStamps)

	assert.Contains(t, md, "| shifted | 108 | 0 | 1 | 0 | 107 | 0 |\n")
	assert.NotContains(t, md, "#### Extrinsic drift")
}

func TestFusionEvalRawDriveWarmUp(t *testing.T) {
	dir := t.TempDir()
	input, imp := importRawDrive(t, dir, 0)
	require.Empty(t, imp.ParamsFile)
	output := replayFusionFile(t, input, filepath.Join(dir, "recorded"))

	rep, md := evalFusion(t, output, filepath.Join(dir, "report"))
	require.Len(t, rep.TimeSync, 1)
	s := rep.TimeSync[0]
	assert.Equal(t, 108, s.Statuses)
	// Every pair of the default warm-up of 10 goes into the nominal offset
	// and is marked learning, the 10th included.
	assert.Equal(t, 10, s.WarmUp)
	assert.Equal(t, eval.LevelCounts{OK: 98}, s.Levels, "warm-up pairs are not counted as OK")
	assert.Equal(t, 98, s.Measured)
	assert.Less(t, s.MaxAbsDeviation, 0.2, "the recorded stamps are in sync")
	assert.InDelta(t, 1e3*imp.NominalOffset, s.NominalOffsetMs.Median, 0.01, "learned over the first 10 pairs")
	assert.Contains(t, md, "| recorded | 108 | 10 | 98 | 0 | 0 | 0 |\n")
}
