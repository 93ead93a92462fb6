package test

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/tf2_msgs"
	"github.com/ebm-av/ebm_av/node/diag"
)

// importFrame1 imports KITTI frame 000001 into out with the perturbation
// spec as ebm import kitti --perturb takes it, empty for none.
func importFrame1(t *testing.T, out, spec string) importer.KITTISummary {
	t.Helper()
	opts := importer.KITTIOptions{Frames: []string{"000001"}}
	if spec != "" {
		var err error
		opts.Perturb, err = importer.ParseDelta(spec)
		require.NoError(t, err)
	}
	sum, err := importer.ImportKITTI(shareddata.Path(t, "kitti/object/training"), out, opts)
	require.NoError(t, err)
	return sum
}

// staticExtrinsic returns the only LiDAR-to-camera extrinsic on /tf_static
// of the bag at path.
func staticExtrinsic(t *testing.T, path string) fusion.Rigid {
	t.Helper()
	msgs := readTopic[tf2_msgs.TFMessage](t, path, importer.TopicTFStatic)
	require.Len(t, msgs, 1)
	ts, ok := msgconv.FindTransform(msgs[0], importer.FrameCamera, importer.FrameLidar)
	require.True(t, ok)
	ext, err := msgconv.Extrinsic(ts.Transform)
	require.NoError(t, err)
	return ext
}

func TestKITTIImportPerturbYawFlagged(t *testing.T) {
	dir := t.TempDir()
	plain := importFrame1(t, filepath.Join(dir, "plain"), "")
	drifted := importFrame1(t, filepath.Join(dir, "yaw"), "yaw=1deg")
	require.NotNil(t, drifted.Perturbation)
	assert.InDeltaSlice(t, []float64{0, 0, 1}, drifted.Perturbation.Rotation[:], 1e-12, "degrees")
	assert.Equal(t, [3]float64{}, drifted.Perturbation.Translation)
	require.Len(t, drifted.Extrinsics, 1)
	assert.Equal(t, plain.Extrinsics[0].Published, drifted.Extrinsics[0].Published, "the published calibration stays the truth")

	// The importer's drift is the one the Go tests inject by rewriting
	// /tf_static of an unperturbed bag. That rewrite perturbs the
	// extrinsic read back from the quaternion, which is orthonormal, while
	// the importer perturbs the 7-digit published matrix, so the two
	// agree to about 1e-10.
	rewritten := filepath.Join(dir, "rewritten")
	perturbExtrinsic(t, plain.Output, rewritten, fusion.Delta{fusion.Yaw: math.Pi / 180})
	want, got := staticExtrinsic(t, rewritten), staticExtrinsic(t, drifted.Output)
	assert.InDeltaSlice(t, want.R[:], got.R[:], 1e-9)
	assert.Equal(t, want.T, got.T)

	// The unperturbed frame passes, with no correction estimated.
	out := readTopic[ebm_av.FusionDiagnostics](t, replayFusionFile(t, plain.Output, filepath.Join(dir, "plain_fusion"), plain.ParamsFile), fusionTopic)
	require.Len(t, out, 1)
	assert.Equal(t, byte(diag.OK), out[0].DriftLevel, out[0].Message)
	assert.LessOrEqual(t, out[0].DriftScore, out[0].DriftThreshold)
	assert.False(t, out[0].CorrectionEstimated)

	// The drifted frame is flagged, and the estimated correction turns
	// the yaw back by about 1°, within the 0.5° that the fusionnode test
	// of the same frame allows.
	output := replayFusionFile(t, drifted.Output, filepath.Join(dir, "yaw_fusion"), drifted.ParamsFile)
	out = readTopic[ebm_av.FusionDiagnostics](t, output, fusionTopic)
	require.Len(t, out, 1)
	f := out[0]
	assert.Equal(t, byte(diag.Error), f.DriftLevel, f.Message)
	assert.Greater(t, f.DriftScore, f.DriftThreshold)
	require.True(t, f.CorrectionEstimated)
	assert.InDelta(t, -drifted.Perturbation.Rotation[2], f.CorrectionRotation[2], 0.5, "yaw correction, degrees")
	t.Logf("score %.2f > %.2f, correction roll, pitch, yaw %.3f° and x, y, z %.2f cm",
		f.DriftScore, f.DriftThreshold, f.CorrectionRotation, f.CorrectionTranslation)
	calibration := statuses(t, output, "calibration")
	require.NotEmpty(t, calibration)
	assert.Equal(t, byte(diag.Error), calibration[len(calibration)-1].Level)
	assert.Contains(t, calibration[len(calibration)-1].Message, "extrinsic drifted")
}
