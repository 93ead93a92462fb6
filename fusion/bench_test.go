package fusion_test

import (
	"testing"

	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/fusion/internal/kittiscene"
)

// BenchmarkFrame measures one full frame (000001: 120,268 points, 1242×375
// image): scene preprocessing into a reused Scene and one evaluation of all
// three terms, the steady state of a node.
func BenchmarkFrame(b *testing.B) {
	f := kittiscene.Load(b, "000001")
	ref, err := fusion.MeasureGeometry(f.Scene, f.Extrinsic)
	if err != nil {
		b.Fatal(err)
	}
	img := fusion.Image(*f.Frame.Image)
	lidar := fusion.NewLidarEvidenceTerm(1)
	sc, err := fusion.NewScene(img, f.Frame.Scan.Points, f.Camera, fusion.DefaultSceneConfig())
	if err != nil {
		b.Fatal(err)
	}
	ev, err := fusion.NewEvaluator(sc, &fusion.ImageEvidenceTerm{W: 1}, lidar, &fusion.GeometryTerm{W: 1, Reference: &ref})
	if err != nil {
		b.Fatal(err)
	}
	var out []fusion.TermEnergy
	b.ReportAllocs()
	for b.Loop() {
		if err := sc.Reset(img, f.Frame.Scan.Points, f.Camera); err != nil {
			b.Fatal(err)
		}
		if out, err = ev.Breakdown(f.Extrinsic, out[:0]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFrameEnergy measures one evaluation of all three terms on a
// preprocessed scene, the unit cost of drift assessment and search.
func BenchmarkFrameEnergy(b *testing.B) {
	f := kittiscene.Load(b, "000001")
	ref, err := fusion.MeasureGeometry(f.Scene, f.Extrinsic)
	if err != nil {
		b.Fatal(err)
	}
	ev, err := fusion.NewEvaluator(f.Scene, &fusion.ImageEvidenceTerm{W: 1}, fusion.NewLidarEvidenceTerm(1), &fusion.GeometryTerm{W: 1, Reference: &ref})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ev.Energy(f.Extrinsic); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSetEgoMotion measures de-skewing the depth discontinuities and
// geometry points of frame 000001 for a vehicle at 10 m/s turning at
// 0.1 rad/s, the extra cost per frame when odometry arrives.
func BenchmarkSetEgoMotion(b *testing.B) {
	f := kittiscene.Load(b, "000001")
	sc, err := fusion.NewScene(fusion.Image(*f.Frame.Image), f.Frame.Scan.Points, f.Camera, fusion.DefaultSceneConfig())
	if err != nil {
		b.Fatal(err)
	}
	motion := fusion.EgoMotion{Velocity: [2]float64{10, 0}, YawRate: 0.1}
	b.ReportAllocs()
	for b.Loop() {
		if err := sc.SetEgoMotion(motion); err != nil {
			b.Fatal(err)
		}
	}
}
