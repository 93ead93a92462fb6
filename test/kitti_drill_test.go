package test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/fusion/drift"
	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/tf2_msgs"
	"github.com/ebm-av/ebm_av/node/diag"
)

// drillTrial is one frame replayed under one injected drift.
type drillTrial struct {
	frame     int
	axis      int
	magnitude float64 // degrees or centimetres, signed
	delta     fusion.Delta
}

// drillBag writes every trial as its own frame: a /tf_static with the
// frame's extrinsic perturbed by the trial's drift, then the frame's
// messages restamped 0.1 s after the previous trial.
func drillBag(t *testing.T, in, out string, trials []drillTrial) []int64 {
	r, err := bag.Open(in, bag.ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	w, err := bag.Create(out, bag.WriterOptions{Chunked: true})
	require.NoError(t, err)
	for _, topic := range r.Topics() {
		require.NoError(t, w.AddTopic(topic))
	}
	// Per frame: the extrinsic and the other messages in bag order.
	type recorded struct {
		topic string
		data  []byte
	}
	var extrinsics []fusion.Rigid
	var frames [][]recorded
	for m, err := range r.Messages(bag.Filter{}) {
		require.NoError(t, err)
		if m.Topic.Name == importer.TopicTFStatic {
			var tf tf2_msgs.TFMessage
			require.NoError(t, cdr.Unmarshal(m.Data, &tf))
			ext, err := msgconv.Extrinsic(tf.Transforms[0].Transform)
			require.NoError(t, err)
			extrinsics = append(extrinsics, ext)
			continue
		}
		if m.Topic.Name == importer.TopicCameraInfo {
			frames = append(frames, nil)
		}
		frames[len(frames)-1] = append(frames[len(frames)-1], recorded{m.Topic.Name, m.Data})
	}
	require.Len(t, frames, len(extrinsics), "one extrinsic per frame")

	stamps := make([]int64, len(trials))
	stamp := int64(1_800_000_000_000_000_000)
	for i, tr := range trials {
		stamp += 100_000_000
		stamps[i] = stamp
		tf := importer.StaticTransform(extrinsics[tr.frame].Perturb(tr.delta), stamp)
		data, err := cdr.Marshal(&tf)
		require.NoError(t, err)
		require.NoError(t, w.Write(importer.TopicTFStatic, stamp, data))
		for _, rec := range frames[tr.frame] {
			data := restamp(t, rec.topic, rec.data, stamp)
			require.NoError(t, w.Write(rec.topic, stamp, data))
		}
	}
	require.NoError(t, w.Close())
	return stamps
}

// restamp sets the header stamp of a serialized message. Every message of
// an imported frame starts with std_msgs/Header, whose stamp is the first
// eight bytes after the encapsulation header.
func restamp(t *testing.T, topic string, data []byte, stamp int64) []byte {
	out := append([]byte(nil), data...)
	s := msgconv.Stamp(stamp)
	require.Greater(t, len(out), 12, topic)
	le := func(b []byte, v uint32) { b[0], b[1], b[2], b[3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24) }
	le(out[4:], uint32(s.Sec))
	le(out[8:], s.Nanosec)
	return out
}

// TestKITTIDrillThroughNode injects every drift of drift.FullDrill into both
// KITTI frames, replays them through fusion_monitor with its default
// parameters and prints detection and correction per axis and size. It
// takes minutes, so it runs only with EBM_AV_FULL_DRILL=1.
func TestKITTIDrillThroughNode(t *testing.T) {
	if os.Getenv("EBM_AV_FULL_DRILL") == "" {
		t.Skip("set EBM_AV_FULL_DRILL=1 to run the full drift drill through fusion_monitor (minutes)")
	}
	dir := t.TempDir()
	input, _ := importKITTI(t, dir)
	full := drift.FullDrill()
	var trials []drillTrial
	for frame := range 2 {
		trials = append(trials, drillTrial{frame: frame, axis: -1})
		for axis := range 6 {
			sizes, unit := full.Translations, 0.01
			if axis < fusion.X {
				sizes, unit = full.Rotations, math.Pi/180
			}
			for _, size := range sizes {
				for _, sign := range []float64{-1, 1} {
					var d fusion.Delta
					d[axis] = sign * size * unit
					trials = append(trials, drillTrial{frame: frame, axis: axis, magnitude: sign * size, delta: d})
				}
			}
		}
	}
	bagDir := filepath.Join(dir, "drill")
	stamps := drillBag(t, input, bagDir, trials)
	output := filepath.Join(dir, "replay")
	replayFusion(t, bagDir, output)
	byStamp := map[int64]*ebm_av.FusionDiagnostics{}
	for _, f := range readTopic[ebm_av.FusionDiagnostics](t, output, fusionTopic) {
		byStamp[msgconv.Nanos(f.Header.Stamp)] = f
	}

	type row struct {
		detected, n int
		errors      []float64 // |remaining error on the drifted axis| after the correction
	}
	rows := map[[2]float64]*row{}
	for i, tr := range trials {
		f := byStamp[stamps[i]]
		require.NotNil(t, f, "trial %d", i)
		if tr.axis < 0 {
			assert.Equal(t, byte(diag.OK), f.DriftLevel, "frame %d unperturbed: %s", tr.frame, f.Message)
			t.Logf("frame %d unperturbed: score %.2f", tr.frame, f.DriftScore)
			continue
		}
		key := [2]float64{float64(tr.axis), math.Abs(tr.magnitude)}
		if rows[key] == nil {
			rows[key] = &row{}
		}
		r := rows[key]
		r.n++
		if f.DriftLevel == byte(diag.Error) {
			r.detected++
		}
		if f.CorrectionEstimated {
			var corr float64
			if tr.axis < fusion.X {
				corr = f.CorrectionRotation[tr.axis]
			} else {
				corr = f.CorrectionTranslation[tr.axis-fusion.X]
			}
			r.errors = append(r.errors, math.Abs(tr.magnitude+corr))
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "%-6s %6s %9s %16s\n", "axis", "size", "detected", "median residual")
	for axis := range 6 {
		unit := "cm"
		sizes := full.Translations
		if axis < fusion.X {
			unit, sizes = "deg", full.Rotations
		}
		for _, size := range sizes {
			r := rows[[2]float64{float64(axis), size}]
			residual := "-"
			if len(r.errors) > 0 {
				slices.Sort(r.errors)
				residual = fmt.Sprintf("%.2f %s", r.errors[len(r.errors)/2], unit)
			}
			fmt.Fprintf(&sb, "%-6s %4g%-3s %5d/%-3d %16s\n", drift.AxisNames[axis], size, unit, r.detected, r.n, residual)
		}
	}
	t.Logf("drift drill through fusion_monitor (2 frames × 2 signs, default threshold; residual: median over the\n"+
		"detected trials of the error left on the drifted axis after the correction):\n%s", sb.String())
}
