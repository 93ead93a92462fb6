package fusionnode

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/node/diag"
)

// windowArgs pools two frames over all six axes, at the threshold the
// two-frame window drill of package drift fits on single-frame null
// replicates.
var windowArgs = []string{
	"-p", "drift.window_frames:=2", "-p", "drift.axes:=[roll, pitch, yaw, x, y, z]",
	"-p", "drift.threshold:=1.56", "-p", "drift.max_evaluations:=100",
}

func TestWindowPoolsTwoKITTIFrames(t *testing.T) {
	first, second := loadKITTI(t, "000000", stamp0), loadKITTI(t, "000001", stamp0+100_000_000)
	cases := []struct {
		name    string
		drift   fusion.Delta
		flagged bool
	}{
		{"calibrated", fusion.Delta{}, false},
		{"x -10 cm", fusion.Delta{fusion.X: -0.10}, true},
		{"x +20 cm", fusion.Delta{fusion.X: 0.20}, true},
		{"y +10 cm", fusion.Delta{fusion.Y: 0.10}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, windowArgs...)
			h.sendExtrinsic(first.extrinsic.Perturb(c.drift))
			h.sendFrame(first)
			h.sendExtrinsic(second.extrinsic.Perturb(c.drift))
			h.sendFrame(second)
			require.Len(t, h.fusion, 2)
			assert.Contains(t, h.fusion[0].Message, "window of 1 of 2 frames")
			pooled := h.fusion[1]
			assert.Contains(t, pooled.Message, "window of 2 of 2 frames")
			st, ok := h.lastStatus(checkCalibration)
			require.True(t, ok)
			assert.Equal(t, "2", valueOf(st, "window_frames"))
			want := byte(diag.OK)
			if c.flagged {
				want = byte(diag.Error)
			}
			assert.Equal(t, want, pooled.DriftLevel, "score %.2f: %s", pooled.DriftScore, pooled.Message)
		})
	}
}

func TestWindowSurvivesBadFrame(t *testing.T) {
	h := newHarness(t, windowArgs...)
	stamp := stamp0
	next := func() kittiInputs {
		in := loadKITTI(t, "000000", stamp)
		stamp += 100_000_000
		return in
	}
	in := next()
	h.sendExtrinsic(in.extrinsic)
	h.sendFrame(in)
	h.sendFrame(next())
	require.Len(t, h.mon.window, 2)

	// A cloud whose points all lie within the minimum range decodes but
	// fails its scene. The oldest slot it was rebuilding leaves the window.
	near := make([]float32, 0, 4*1000)
	for i := range 1000 {
		near = append(near, 0.5, float32(i)*1e-4, 0, 0)
	}
	badStamp := stamp
	bad := next()
	bad.cloud = msgconv.PointCloudMsg(near, badStamp, lidarFrame)
	h.sendFrame(bad)
	assert.Len(t, h.mon.window, 1, "the failed slot left the window")

	h.sendFrame(next())
	h.sendFrame(next())
	require.Len(t, h.fusion, 5)
	assert.Equal(t, byte(diag.Error), h.fusion[2].Level, h.fusion[2].Message)
	for _, i := range []int{0, 1, 3, 4} {
		assert.Equal(t, byte(diag.OK), h.fusion[i].DriftLevel, "frame %d: %s", i, h.fusion[i].Message)
	}
	assert.Len(t, h.mon.window, 2)
}

// TestWindowSkipsUnscoredFrame checks that a frame whose energy fails at
// its extrinsic stays out of the next pooled assessments, so a corrected
// extrinsic is assessed at once.
func TestWindowSkipsUnscoredFrame(t *testing.T) {
	h := newHarness(t, windowArgs...)
	stamp := stamp0
	next := func() kittiInputs {
		in := loadKITTI(t, "000000", stamp)
		stamp += 100_000_000
		return in
	}
	good := next()
	h.sendExtrinsic(good.extrinsic)
	h.sendFrame(good)

	// Moved 500 m back, no LiDAR point projects into the image.
	h.sendExtrinsic(good.extrinsic.Perturb(fusion.Delta{fusion.X: -500}))
	h.sendFrame(next())
	h.sendExtrinsic(good.extrinsic)
	h.sendFrame(next())

	require.Len(t, h.fusion, 3)
	assert.Equal(t, byte(diag.Error), h.fusion[1].Level, h.fusion[1].Message)
	assert.NotEmpty(t, h.fusion[2].TermNames, "the corrected frame is assessed: %s", h.fusion[2].Message)
	assert.Equal(t, byte(diag.OK), h.fusion[2].DriftLevel, h.fusion[2].Message)
	// The check shows the earlier ERROR until three better frames follow,
	// and its message explains the held level.
	assert.Equal(t, byte(diag.Error), h.fusion[2].Level)
	assert.Contains(t, h.fusion[2].Message, "level held at ERROR from an earlier frame until 3 consecutive frames are better")
}
