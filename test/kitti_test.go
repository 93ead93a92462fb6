package test

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/fusionnode"
	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/diagnostic_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/tf2_msgs"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/node/diag"
	"github.com/ebm-av/ebm_av/replay"
	"github.com/ebm-av/ebm_av/test/mcapcheck"
)

const fusionTopic = "/fusion_monitor/fusion_diagnostics"

// importKITTI imports the two KITTI object-benchmark frames into dir/input.
func importKITTI(t *testing.T, dir string) (string, importer.KITTISummary) {
	t.Helper()
	src := shareddata.Path(t, "kitti/object/training")
	input := filepath.Join(dir, "input")
	sum, err := importer.ImportKITTI(src, input, importer.KITTIOptions{})
	require.NoError(t, err)
	return input, sum
}

// replayFusion replays input through fusion_monitor with the given
// parameters and returns the output bag.
func replayFusion(t *testing.T, input, output string, params ...node.ParamEntry) replay.Summary {
	t.Helper()
	// A loaded test machine may exceed the per-frame budget, which would
	// turn OK into WARN; fusionnode's own tests cover the budget.
	params = append([]node.ParamEntry{{Name: "cycle_budget", Value: 60.0, Source: "test"}}, params...)
	sum, err := replay.Run(context.Background(), replay.Options{
		Inputs: []string{input}, Output: output,
		Nodes: []replay.NodeSpec{{Name: fusionnode.NodeName, Start: fusionnode.Start, Args: node.Args{Params: params}}},
	})
	require.NoError(t, err, "bad input must not stop the replay")
	return sum
}

// readTopic decodes every message on topic in the bag at path.
func readTopic[M any, P interface {
	*M
	cdr.Message
}](t *testing.T, path, topic string) []P {
	t.Helper()
	r, err := bag.Open(path, bag.ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	var out []P
	for m, err := range r.Messages(bag.Filter{Topics: []string{topic}}) {
		require.NoError(t, err)
		var msg P = new(M)
		require.NoError(t, cdr.Unmarshal(m.Data, msg))
		out = append(out, msg)
	}
	return out
}

// statuses returns the /diagnostics statuses named "fusion_monitor: check".
func statuses(t *testing.T, path, check string) []diagnostic_msgs.DiagnosticStatus {
	var out []diagnostic_msgs.DiagnosticStatus
	for _, arr := range readTopic[diagnostic_msgs.DiagnosticArray](t, path, "/diagnostics") {
		for _, s := range arr.Status {
			if s.Name == fusionnode.NodeName+": "+check {
				out = append(out, s)
			}
		}
	}
	return out
}

// perturbExtrinsic copies the bag at in to out with every /tf_static
// transform perturbed by d, as a drifted calibration would be published.
func perturbExtrinsic(t *testing.T, in, out string, d fusion.Delta) {
	t.Helper()
	r, err := bag.Open(in, bag.ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	w, err := bag.Create(out, bag.WriterOptions{Chunked: true})
	require.NoError(t, err)
	for _, topic := range r.Topics() {
		require.NoError(t, w.AddTopic(topic))
	}
	for m, err := range r.Messages(bag.Filter{}) {
		require.NoError(t, err)
		data := m.Data
		if m.Topic.Name == importer.TopicTFStatic {
			var tf tf2_msgs.TFMessage
			require.NoError(t, cdr.Unmarshal(data, &tf))
			for i := range tf.Transforms {
				ext, err := msgconv.Extrinsic(tf.Transforms[i].Transform)
				require.NoError(t, err)
				tf.Transforms[i].Transform = msgconv.TransformMsg(ext.Perturb(d))
			}
			data, err = cdr.Marshal(&tf)
			require.NoError(t, err)
		}
		require.NoError(t, w.Write(m.Topic.Name, m.LogTime, data))
	}
	require.NoError(t, w.Close())
}

func TestKITTIReplayCalibratedFramesOK(t *testing.T) {
	dir := t.TempDir()
	input, imp := importKITTI(t, dir)
	assert.Equal(t, []string{"Car", "Pedestrian", "Truck"}, imp.Classes)
	assert.Equal(t, "Cyclist", imp.UnknownClass)
	assert.Equal(t, 4, imp.Objects, "one Pedestrian in 000000; a Car, a Truck and a Cyclist in 000001")
	output := filepath.Join(dir, "replay")
	sum := replayFusion(t, input, output, node.ParamEntry{Name: "ood.threshold", Value: imp.OODThreshold, Source: "test"})
	assert.Empty(t, sum.Rejected, "no input of an imported bag may be rejected")
	assert.Empty(t, sum.UnknownTypes)

	out := readTopic[ebm_av.FusionDiagnostics](t, output, fusionTopic)
	require.Len(t, out, 2, "one result per frame")
	for i, f := range out {
		assert.Equal(t, byte(diag.OK), f.DriftLevel, "frame %d: %s", i, f.Message)
		assert.Equal(t, byte(diag.OK), f.Level, "frame %d: %s", i, f.Message)
		assert.LessOrEqual(t, f.DriftScore, f.DriftThreshold, "frame %d", i)
		assert.Equal(t, importer.FrameCamera, f.Header.FrameID)
		assert.Equal(t, []string{"image_evidence", "lidar_evidence", "geometry"}, f.TermNames)
	}
	for _, s := range statuses(t, output, "calibration") {
		assert.Equal(t, byte(diag.OK), s.Level, s.Message)
	}

	// The stand-in detector never saw a Cyclist: the monitor abstains on
	// it and on no known object.
	abstain := map[string]bool{}
	energy := map[string]float64{}
	for _, f := range out {
		for i, id := range f.ObjectIDs {
			abstain[id], energy[id] = f.ObjectAbstain[i], f.ObjectEnergies[i]
		}
	}
	t.Logf("OOD energies %v, threshold %.3f", energy, imp.OODThreshold)
	assert.Equal(t, map[string]bool{"000000/0": false, "000001/0": false, "000001/1": false, "000001/2": true}, abstain,
		"000000/0 is the Pedestrian, 000001/0 a Truck, 000001/1 a Car, 000001/2 the Cyclist")
	assert.Equal(t, byte(diag.Warn), out[1].OodLevel)

	mcapcheck.Run(t, filepath.Join(input, "input_0.mcap"))
	mcapcheck.Run(t, filepath.Join(output, "replay_0.mcap"))
}

func TestKITTIReplayDriftFlagged(t *testing.T) {
	dir := t.TempDir()
	input, _ := importKITTI(t, dir)
	deg := math.Pi / 180
	drifts := []struct {
		name  string
		delta fusion.Delta
	}{
		{"yaw +1°", fusion.Delta{fusion.Yaw: deg}},
		{"pitch -1°", fusion.Delta{fusion.Pitch: -deg}},
		{"roll +1°", fusion.Delta{fusion.Roll: deg}},
		{"z +10 cm", fusion.Delta{fusion.Z: 0.1}},
		{"y -10 cm", fusion.Delta{fusion.Y: -0.1}},
	}
	if testing.Short() {
		drifts = []struct {
			name  string
			delta fusion.Delta
		}{drifts[0], drifts[3]}
	}
	for i, d := range drifts {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			drifted := filepath.Join(dir, fmt.Sprintf("drifted%d", i))
			perturbExtrinsic(t, input, drifted, d.delta)
			output := filepath.Join(dir, fmt.Sprintf("replay%d", i))
			replayFusion(t, drifted, output)
			out := readTopic[ebm_av.FusionDiagnostics](t, output, fusionTopic)
			require.Len(t, out, 2)
			for k, f := range out {
				assert.Equal(t, byte(diag.Error), f.DriftLevel, "frame %d: %s", k, f.Message)
				assert.Greater(t, f.DriftScore, f.DriftThreshold, "frame %d", k)
				require.True(t, f.CorrectionEstimated, "frame %d", k)
				t.Logf("frame %d: score %.2f, correction %.2f° (roll, pitch, yaw %.2f) %.1f cm (x, y, z %.1f)",
					k, f.DriftScore, f.CorrectionAngle, f.CorrectionRotation, f.CorrectionDistance, f.CorrectionTranslation)
			}
			calibration := statuses(t, output, "calibration")
			require.NotEmpty(t, calibration)
			assert.Equal(t, byte(diag.Error), calibration[len(calibration)-1].Level)
		})
	}
}

// importRaw imports the trigger times of KITTI raw drive 0001 into out
// with camera stamps shifted by shift seconds.
func importRaw(t *testing.T, out string, shift float64) (string, importer.KITTIRawSummary) {
	t.Helper()
	drive := shareddata.Path(t, "kitti/raw/2011_09_26/2011_09_26_drive_0001_sync")
	sum, err := importer.ImportKITTIRaw(drive, out, importer.KITTIRawOptions{Shift: shift})
	require.NoError(t, err)
	return out, sum
}

func TestKITTIRawTimeSync(t *testing.T) {
	dir := t.TempDir()
	input, imp := importRaw(t, filepath.Join(dir, "raw"), 0)
	assert.Equal(t, 108, imp.Frames)
	assert.InDelta(t, 0.0105, imp.OffsetMean, 0.0002, "camera 02 triggers about 10.5 ms after the Velodyne stamp")
	assert.Less(t, imp.OffsetStd, 0.0001)
	mcapcheck.Run(t, filepath.Join(input, "raw_0.mcap"))

	// With the nominal offset learned over the warm-up, the recorded
	// stamps are in sync throughout.
	output := filepath.Join(dir, "learned")
	replayFusion(t, input, output)
	sync := statuses(t, output, "time sync")
	require.Len(t, sync, 108, "one time-sync status per TimeSyncStatus message")
	for _, s := range sync {
		assert.Equal(t, byte(diag.OK), s.Level, s.Message)
	}
	last := sync[len(sync)-1]
	t.Logf("measured: %v", last.Values)

	// No image or scan arrives, so the calibration check is STALE.
	calibration := statuses(t, output, "calibration")
	require.NotEmpty(t, calibration)
	assert.Equal(t, byte(diag.Stale), calibration[len(calibration)-1].Level)
	assert.Contains(t, calibration[len(calibration)-1].Message, "no image received")

	// With the nominal offset as a parameter, camera stamps 10 ms and
	// 50 ms late are flagged as WARN and ERROR.
	nominal := []node.ParamEntry{
		{Name: "time_sync.warm_up", Value: int64(0), Source: "test"},
		{Name: "time_sync.nominal_offset", Value: imp.OffsetMean, Source: "test"},
	}
	for _, c := range []struct {
		shift float64
		want  diag.Level
	}{{0, diag.OK}, {0.010, diag.Warn}, {0.050, diag.Error}} {
		shifted, _ := importRaw(t, filepath.Join(dir, fmt.Sprintf("shifted%+.3f", c.shift)), c.shift)
		output := filepath.Join(dir, fmt.Sprintf("nominal%+.3f", c.shift))
		replayFusion(t, shifted, output, nominal...)
		sync := statuses(t, output, "time sync")
		require.Len(t, sync, 108)
		assert.Equal(t, byte(c.want), sync[len(sync)-1].Level, "shift %.0f ms: %s", c.shift*1e3, sync[len(sync)-1].Message)
		worst := byte(0)
		for _, s := range sync {
			worst = max(worst, s.Level)
		}
		assert.Equal(t, byte(c.want), worst, "shift %.0f ms", c.shift*1e3)
	}
}
