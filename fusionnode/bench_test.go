package fusionnode

import (
	"testing"

	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/msgconv"
)

// BenchmarkNodeFrame measures one KITTI frame 000001 (120,268 points,
// 1242×375 image) through the node on the calibrated extrinsic: message
// decoding, scene preprocessing, all energy terms and the drift
// assessment, without the correction search that only drifted frames run.
func BenchmarkNodeFrame(b *testing.B) { benchmarkNodeFrame(b, false) }

// BenchmarkNodeFrameDeskewed is BenchmarkNodeFrame with odometry at 10 m/s
// beside each frame, so the scan is de-skewed before it is scored.
func BenchmarkNodeFrameDeskewed(b *testing.B) { benchmarkNodeFrame(b, true) }

func benchmarkNodeFrame(b *testing.B, odometry bool) {
	in := loadKITTI(b, "000001", stamp0)
	h := newHarness(b, "-p", "publish_markers:=false")
	h.sendExtrinsic(in.extrinsic)
	stamp := stamp0
	b.ReportAllocs()
	for b.Loop() {
		stamp += 100_000_000
		hdr := msgconv.Header(stamp, "")
		in.image.Header.Stamp, in.info.Header.Stamp, in.cloud.Header.Stamp = hdr.Stamp, hdr.Stamp, hdr.Stamp
		if odometry {
			h.sendOdometry(fusion.EgoMotion{Velocity: [2]float64{10, 0}}, stamp)
		}
		h.sendFrame(in)
	}
	b.StopTimer()
	if len(h.fusion) == 0 {
		b.Fatal("no frame was assessed")
	}
	last := h.fusion[len(h.fusion)-1]
	if last.DriftLevel != 0 {
		b.Fatal("the calibrated frame was not assessed as OK")
	}
	if last.Deskewed != odometry {
		b.Fatalf("frame de-skewed: %v, expected %v", last.Deskewed, odometry)
	}
}
