package test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/eval"
	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/nav_msgs"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/node/diag"
)

// windowArgs returns the window parameters of fusion/BENCHMARKS.md: both
// frames pooled, all six axes, and threshold as drift.threshold.
func windowArgs(t *testing.T, threshold string) []node.ParamEntry {
	t.Helper()
	args, _, err := node.ParseArgs([]string{"--ros-args",
		"-p", "drift.window_frames:=2", "-p", "drift.axes:=[roll,pitch,yaw,x,y,z]", "-p", "drift.threshold:=" + threshold})
	require.NoError(t, err)
	return args.Params
}

// TestKITTIEgoSpeedFlagsXDrift imports both KITTI frames with a 10 cm drift
// forward along x, once with ego speeds (frame 000001 at 10 m/s, the speed
// that best fits its published calibration, and frame 000000 at rest) and
// once without. Replayed through fusion_monitor with a window of both
// frames, the de-skewed pair is flagged at its threshold of 1.12, and the
// pair scored as measured is not flagged at its threshold of 1.56.
func TestKITTIEgoSpeedFlagsXDrift(t *testing.T) {
	dir := t.TempDir()
	src := shareddata.Path(t, "kitti/object/training")
	drift, err := importer.ParseDelta("x=10cm")
	require.NoError(t, err)
	speeds, err := importer.ParseEgoSpeeds("000000=0m/s,000001=36km/h")
	require.NoError(t, err)

	moving, err := importer.ImportKITTI(src, filepath.Join(dir, "moving"),
		importer.KITTIOptions{Frames: []string{"000000", "000001"}, Perturb: drift, EgoSpeeds: speeds})
	require.NoError(t, err)
	assert.Equal(t, map[string]float64{"000000": 0, "000001": 10}, moving.EgoSpeeds)
	odometry := readTopic[nav_msgs.Odometry](t, moving.Output, importer.TopicOdometry)
	require.Len(t, odometry, 2)
	assert.Equal(t, 10.0, odometry[1].Twist.Twist.Linear.X)

	measured, err := importer.ImportKITTI(src, filepath.Join(dir, "measured"),
		importer.KITTIOptions{Frames: []string{"000000", "000001"}, Perturb: drift})
	require.NoError(t, err)
	assert.Nil(t, measured.EgoSpeeds)

	out := filepath.Join(dir, "moving_fusion")
	replayFusion(t, moving.Output, out, windowArgs(t, "1.12")...)
	deskewed := readTopic[ebm_av.FusionDiagnostics](t, out, fusionTopic)
	require.Len(t, deskewed, 2)
	for _, m := range deskewed {
		assert.True(t, m.Deskewed, m.Message)
	}
	assert.Equal(t, [2]float64{10, 0}, deskewed[1].EgoVelocity)
	assert.Equal(t, byte(diag.Error), deskewed[1].DriftLevel, deskewed[1].Message)
	// De-skewing itself raises the window's score above even the
	// threshold of the scans as measured, to the library's 2.13.
	assert.InDelta(t, 2.13, deskewed[1].DriftScore, 0.05)
	assert.Contains(t, deskewed[1].Message, "window of 2 of 2 frames")

	run := eval.SummarizeFusion("moving", derefAll(deskewed), nil)
	assert.Equal(t, 2, run.Drift.Deskewed)
	assert.Equal(t, 10.0, run.PerFrame[1].EgoSpeed)

	out = filepath.Join(dir, "measured_fusion")
	replayFusion(t, measured.Output, out, windowArgs(t, "1.56")...)
	plain := readTopic[ebm_av.FusionDiagnostics](t, out, fusionTopic)
	require.Len(t, plain, 2)
	assert.False(t, plain[1].Deskewed)
	assert.Equal(t, byte(diag.OK), plain[1].DriftLevel, plain[1].Message)
	assert.InDelta(t, 1.30, plain[1].DriftScore, 0.05)
	t.Logf("window scores for x +10 cm: %.2f de-skewed (threshold 1.12), %.2f as measured (threshold 1.56)",
		deskewed[1].DriftScore, plain[1].DriftScore)
}

func derefAll(msgs []*ebm_av.FusionDiagnostics) []ebm_av.FusionDiagnostics {
	out := make([]ebm_av.FusionDiagnostics, len(msgs))
	for i, m := range msgs {
		out[i] = *m
	}
	return out
}

func TestKITTIEgoSpeedForUnknownFrameRejected(t *testing.T) {
	src := shareddata.Path(t, "kitti/object/training")
	_, err := importer.ImportKITTI(src, filepath.Join(t.TempDir(), "bag"),
		importer.KITTIOptions{Frames: []string{"000001"}, EgoSpeeds: map[string]float64{"000002": 5}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `ego speed given for frame "000002", which is not imported: use one of [000001]`)
}
