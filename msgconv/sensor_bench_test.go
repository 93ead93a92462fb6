package msgconv

import (
	"image"
	"testing"
)

// BenchmarkPointCloud decodes a cloud the size of a KITTI HDL-64 sweep
// (120,000 points, float32 x, y, z, intensity).
func BenchmarkPointCloud(b *testing.B) {
	pts := make([]float32, 4*120_000)
	for i := range pts {
		pts[i] = float32(i%997) * 0.01
	}
	m := PointCloudMsg(pts, 0, "velo_link")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PointCloud(&m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLuminance decodes a 1242×375 rgb8 image, the size of a KITTI
// colour frame.
func BenchmarkLuminance(b *testing.B) {
	m := RGBImageMsg(image.NewRGBA(image.Rect(0, 0, 1242, 375)), 0, "camera_color_left")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Luminance(&m); err != nil {
			b.Fatal(err)
		}
	}
}
