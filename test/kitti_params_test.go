package test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/fusionnode"
	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/node/diag"
	"github.com/ebm-av/ebm_av/replay"
)

// replayFusionFile replays input through fusion_monitor with the parameter
// files given and returns the output bag. It checks that the bag reader
// replayed every message of input, which the parameter file in the bag
// directory must not disturb.
func replayFusionFile(t *testing.T, input, output string, paramFiles ...string) string {
	t.Helper()
	// As in replayFusion, a generous budget keeps a loaded machine from
	// turning OK into WARN.
	args := node.Args{ParamFiles: paramFiles, Params: []node.ParamEntry{{Name: "cycle_budget", Value: 60.0, Source: "test"}}}
	sum, err := replay.Run(context.Background(), replay.Options{
		Inputs: []string{input}, Output: output,
		Nodes: []replay.NodeSpec{{Name: fusionnode.NodeName, Start: fusionnode.Start, Args: args}},
	})
	require.NoError(t, err)
	meta, err := bag.ReadMetadata(input)
	require.NoError(t, err)
	assert.Equal(t, int(meta.MessageCount), sum.InputMessages, "messages replayed from %s", input)
	assert.Empty(t, sum.Rejected)
	return output
}

// fusionParams returns the fusion_monitor parameters of a parameter file
// by name.
func fusionParams(t *testing.T, file string) map[string]any {
	t.Helper()
	entries, err := node.LoadParamFile(file, "/"+fusionnode.NodeName)
	require.NoError(t, err)
	out := map[string]any{}
	for _, e := range entries {
		out[e.Name] = e.Value
	}
	return out
}

// overrides returns the parameters of a "-p NAME:=VALUE ..." string as
// fusion_monitor would receive them after --ros-args.
func overrides(t *testing.T, paramArgs string) map[string]any {
	t.Helper()
	args, rest, err := node.ParseArgs(append([]string{"--ros-args"}, strings.Fields(paramArgs)...))
	require.NoError(t, err)
	require.Empty(t, rest)
	out := map[string]any{}
	for _, e := range args.Params {
		out[e.Name] = e.Value
	}
	return out
}

func TestKITTIParamsFileSetsThreshold(t *testing.T) {
	dir := t.TempDir()
	src := shareddata.Path(t, "kitti/object/training")
	input := filepath.Join(dir, "k1")
	imp, err := importer.ImportKITTI(src, input, importer.KITTIOptions{Frames: []string{"000001"}})
	require.NoError(t, err)
	defaultThreshold := fusionnode.DefaultConfig().OOD.Threshold
	require.NotEqual(t, defaultThreshold, imp.OODThreshold, "a fit on frame 000001 alone differs from the default")

	assert.Equal(t, filepath.Join(input, importer.FusionParamsFile), imp.ParamsFile)
	want := map[string]any{"ood.temperature": 1.0, "ood.threshold": imp.OODThreshold}
	assert.Equal(t, want, fusionParams(t, imp.ParamsFile))
	assert.Equal(t, want, overrides(t, imp.ParamArgs))

	fitted := replayFusionFile(t, input, filepath.Join(dir, "fitted"), imp.ParamsFile)
	defaulted := replayFusionFile(t, input, filepath.Join(dir, "default"))
	withFile := readTopic[ebm_av.FusionDiagnostics](t, fitted, fusionTopic)
	without := readTopic[ebm_av.FusionDiagnostics](t, defaulted, fusionTopic)
	require.Len(t, withFile, 1, "one result for the one frame")
	require.Len(t, without, 1)
	assert.Equal(t, imp.OODThreshold, withFile[0].OodThreshold)
	assert.Equal(t, 1.0, withFile[0].OodTemperature)
	assert.Equal(t, defaultThreshold, without[0].OodThreshold)

	// The threshold decides the abstentions. Trained on frame 000001
	// alone, the stand-in detector gives the Cyclist a lower energy than
	// the Car and the Truck, so no threshold abstains on it alone. The
	// fitted threshold keeps every object, and the two-frame default
	// abstains on the Car.
	t.Logf("energies %v, fitted threshold %.3f, default %.3f", withFile[0].ObjectEnergies, imp.OODThreshold, defaultThreshold)
	assert.Equal(t, map[string]bool{"000001/0": false, "000001/1": false, "000001/2": false}, abstentions(withFile[0]),
		"fitted threshold: 000001/0 is a Truck, 000001/1 a Car, 000001/2 the Cyclist")
	assert.Equal(t, map[string]bool{"000001/0": false, "000001/1": true, "000001/2": false}, abstentions(without[0]),
		"default threshold")
}

// abstentions returns whether the monitor abstained on each object, by id.
func abstentions(f *ebm_av.FusionDiagnostics) map[string]bool {
	out := map[string]bool{}
	for i, id := range f.ObjectIDs {
		out[id] = f.ObjectAbstain[i]
	}
	return out
}

func TestKITTIDefaultThresholdIsTwoFrameFit(t *testing.T) {
	src := shareddata.Path(t, "kitti/object/training")
	imp, err := importer.ImportKITTI(src, filepath.Join(t.TempDir(), "both"), importer.KITTIOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"000000", "000001"}, imp.Frames)
	assert.Equal(t, fusionnode.DefaultConfig().OOD.Threshold, imp.OODThreshold, "fusionnode default")
	config := fusionParams(t, filepath.Join("..", "config", "fusion_monitor.yaml"))
	assert.Equal(t, imp.OODThreshold, config["ood.threshold"], "config/fusion_monitor.yaml")
}

func TestKITTIRawShiftParamsFile(t *testing.T) {
	dir := t.TempDir()
	drive := shareddata.Path(t, "kitti/raw/2011_09_26/2011_09_26_drive_0001_sync")

	recorded, err := importer.ImportKITTIRaw(drive, filepath.Join(dir, "recorded"), importer.KITTIRawOptions{})
	require.NoError(t, err)
	assert.Empty(t, recorded.ParamsFile, "no parameter file without a shift")
	assert.NoFileExists(t, filepath.Join(dir, "recorded", importer.FusionParamsFile))

	input := filepath.Join(dir, "shifted")
	imp, err := importer.ImportKITTIRaw(drive, input, importer.KITTIRawOptions{Shift: 0.03})
	require.NoError(t, err)
	assert.Equal(t, recorded.OffsetMean, imp.NominalOffset, "nominal offset of the shifted import")
	assert.InDelta(t, 0.0105, imp.NominalOffset, 0.0002, "camera 02 triggers about 10.5 ms after the Velodyne stamp")
	assert.InDelta(t, imp.NominalOffset+0.03, imp.OffsetMean, 1e-9)
	require.FileExists(t, imp.ParamsFile)
	// YAML integers decode as int from a file and as int64 from -p.
	assert.Equal(t, map[string]any{"time_sync.warm_up": 0, "time_sync.nominal_offset": imp.NominalOffset},
		fusionParams(t, imp.ParamsFile))
	assert.Equal(t, map[string]any{"time_sync.warm_up": int64(0), "time_sync.nominal_offset": imp.NominalOffset},
		overrides(t, imp.ParamArgs))
	data, err := os.ReadFile(imp.ParamsFile)
	require.NoError(t, err)
	t.Logf("%s:\n%s", importer.FusionParamsFile, data)

	// With the default warm-up the 30 ms shift becomes the nominal offset
	// and every pair is in sync. With the file the shift exceeds the 20 ms
	// error offset.
	learned := statuses(t, replayFusionFile(t, input, filepath.Join(dir, "learned")), "time sync")
	require.Len(t, learned, 108, "one time-sync status per TimeSyncStatus message")
	for _, s := range learned {
		assert.Equal(t, byte(diag.OK), s.Level, s.Message)
	}
	judged := statuses(t, replayFusionFile(t, input, filepath.Join(dir, "judged"), imp.ParamsFile), "time sync")
	require.Len(t, judged, 108)
	assert.Equal(t, byte(diag.Error), judged[len(judged)-1].Level, judged[len(judged)-1].Message)
}
