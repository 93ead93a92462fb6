package fusion_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/fusion/internal/kittiscene"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const deg = math.Pi / 180

func allTerms(t testing.TB, f *kittiscene.Frame) []fusion.Term {
	ref, err := fusion.MeasureGeometry(f.Scene, f.Extrinsic)
	require.NoError(t, err)
	return []fusion.Term{&fusion.ImageEvidenceTerm{W: 1}, fusion.NewLidarEvidenceTerm(1), &fusion.GeometryTerm{W: 1, Reference: &ref}}
}

func TestProjectionPointsInImage(t *testing.T) {
	f := kittiscene.Load(t, "000001")
	g, err := fusion.MeasureGeometry(f.Scene, f.Extrinsic)
	require.NoError(t, err)
	stride := fusion.DefaultSceneConfig().GeometryStride
	inside := g.InImage * float64(g.Points*stride)
	// About 20,000 points with positive depth land inside the image.
	assert.InDelta(t, 20000, inside, 2500)
	assert.InDelta(t, 0.5, g.Front, 0.05, "about half the scan is in front of the camera")
	var sum float64
	for _, d := range g.Density {
		sum += d
	}
	assert.InDelta(t, 1, sum, 1e-9)
}

func TestSceneStatsReal(t *testing.T) {
	for _, id := range []string{"000000", "000001"} {
		f := kittiscene.Load(t, id)
		st := f.Scene.Stats()
		assert.Equal(t, f.Frame.Scan.Len(), st.Points)
		assert.Equal(t, 65, st.Rings, "64 lasers plus the partial ring where the scan starts")
		assert.Greater(t, st.Discontinuities, 5000)
		assert.InDelta(t, 0.02*float64(f.Camera.Width*f.Camera.Height), st.EdgePixels, 500)
	}
}

func TestTermsPreferPublishedCalibration(t *testing.T) {
	for _, id := range []string{"000000", "000001"} {
		f := kittiscene.Load(t, id)
		terms := allTerms(t, f)
		ev, err := fusion.NewEvaluator(f.Scene, terms...)
		require.NoError(t, err)
		at, err := ev.Breakdown(f.Extrinsic, nil)
		require.NoError(t, err)
		require.Len(t, at, 3)
		assert.Equal(t, []string{"image_evidence", "lidar_evidence", "geometry"}, []string{at[0].Name, at[1].Name, at[2].Name})
		assert.InDelta(t, 0, at[2].Energy, 1e-12, "geometry term at its own reference")
		for _, d := range []fusion.Delta{{fusion.Yaw: 2 * deg}, {fusion.Pitch: -2 * deg}, {fusion.Y: 0.2}} {
			off, err := ev.Breakdown(f.Extrinsic.Perturb(d), nil)
			require.NoError(t, err)
			assert.Less(t, at[0].Energy, off[0].Energy, "%s image evidence at %v", id, d)
		}
	}
}

func TestEnergyIsTermWeightedSum(t *testing.T) {
	f := kittiscene.Load(t, "000000")
	ref, err := fusion.MeasureGeometry(f.Scene, f.Extrinsic)
	require.NoError(t, err)
	ev, err := fusion.NewEvaluator(f.Scene, &fusion.ImageEvidenceTerm{W: 2}, fusion.NewLidarEvidenceTerm(0.5), &fusion.GeometryTerm{W: 3, Reference: &ref})
	require.NoError(t, err)
	ext := f.Extrinsic.Perturb(fusion.Delta{fusion.Roll: deg})
	b, err := ev.Breakdown(ext, nil)
	require.NoError(t, err)
	e, err := ev.Energy(ext)
	require.NoError(t, err)
	assert.InDelta(t, 2*b[0].Energy+0.5*b[1].Energy+3*b[2].Energy, e, 1e-12)
	assert.Greater(t, b[2].Energy, 0.0, "geometry moves away from its reference")
}

func TestFlippedExtrinsicHasNoOverlap(t *testing.T) {
	f := kittiscene.Load(t, "000001")
	ev, err := fusion.NewEvaluator(f.Scene, &fusion.ImageEvidenceTerm{W: 1})
	require.NoError(t, err)
	// Turning the LiDAR by 180° about its z axis and lifting it 100 m puts
	// every discontinuity behind the camera or far outside the image.
	_, err = ev.Energy(f.Extrinsic.Perturb(fusion.Delta{fusion.Yaw: math.Pi, fusion.Z: 100}))
	assert.ErrorIs(t, err, fusion.ErrNoOverlap)
}

func TestNewSceneRejectsBadInput(t *testing.T) {
	f := kittiscene.Load(t, "000000")
	img := fusion.Image(*f.Frame.Image)
	pts := f.Frame.Scan.Points
	cfg := fusion.DefaultSceneConfig()

	nanCloud := make([]float32, 400)
	for i := range nanCloud {
		nanCloud[i] = float32(math.NaN())
	}
	small := fusion.Image{Width: 10, Height: 10, Pix: make([]float32, 100)}
	short := fusion.Image{Width: img.Width, Height: img.Height, Pix: img.Pix[:10]}

	zeroP := f.Camera
	zeroP.P = [12]float64{}
	singular := f.Camera
	singular.P[0], singular.P[1], singular.P[2] = 0, 0, 0
	nanP := f.Camera
	nanP.P[5] = math.NaN()
	badR := f.Camera
	badR.R = [9]float64{1, 0, 0, 0, 1, 0, 0, 0, -1}
	noSize := f.Camera
	noSize.Width = 0

	cases := []struct {
		name   string
		img    fusion.Image
		points []float32
		cam    fusion.Camera
		is     error
		msg    string
	}{
		{"empty cloud", img, nil, f.Camera, fusion.ErrEmptyCloud, "0 points"},
		{"all NaN", img, nanCloud, f.Camera, fusion.ErrEmptyCloud, "100 points"},
		{"ragged buffer", img, pts[:7], f.Camera, nil, "not a multiple of 4"},
		{"image size", small, pts, f.Camera, fusion.ErrImageMismatch, "image 10×10, camera 1224×370"},
		{"pixel count", short, pts, f.Camera, fusion.ErrImageMismatch, "10 pixels"},
		{"zero P", img, pts, zeroP, nil, "camera P is zero"},
		{"singular P", img, pts, singular, nil, "singular left 3×3"},
		{"NaN P", img, pts, nanP, nil, "P element 5 is NaN"},
		{"reflection R", img, pts, badR, nil, "determinant -1"},
		{"no size", img, pts, noSize, nil, "camera size 0×370"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := fusion.NewScene(c.img, c.points, c.cam, cfg)
			require.Error(t, err)
			assert.ErrorContains(t, err, c.msg)
			if c.is != nil {
				assert.True(t, errors.Is(err, c.is), "error %v is not %v", err, c.is)
			}
		})
	}
}

func TestNewSceneRejectsEdgeOffset(t *testing.T) {
	f := kittiscene.Load(t, "000000")
	for _, offset := range []float64{-0.1, 1.5, math.NaN()} {
		cfg := fusion.DefaultSceneConfig()
		cfg.EdgeOffset = offset
		_, err := fusion.NewScene(fusion.Image(*f.Frame.Image), f.Frame.Scan.Points, f.Camera, cfg)
		assert.ErrorContains(t, err, fmt.Sprintf("EdgeOffset %v outside [0, 1]", offset))
	}
}

func TestNaNPointsDropped(t *testing.T) {
	f := kittiscene.Load(t, "000000")
	pts := append([]float32(nil), f.Frame.Scan.Points...)
	minRange := fusion.DefaultSceneConfig().MinRange
	dropped := 0
	for i := 0; i < len(pts); i += 400 {
		if math.Sqrt(float64(pts[i]*pts[i]+pts[i+1]*pts[i+1]+pts[i+2]*pts[i+2])) >= minRange {
			dropped++
		}
		pts[i+1] = float32(math.NaN())
	}
	sc, err := fusion.NewScene(fusion.Image(*f.Frame.Image), pts, f.Camera, fusion.DefaultSceneConfig())
	require.NoError(t, err)
	assert.Equal(t, f.Scene.Stats().Usable-dropped, sc.Stats().Usable)
	ev, err := fusion.NewEvaluator(sc, &fusion.ImageEvidenceTerm{W: 1})
	require.NoError(t, err)
	e, err := ev.Energy(f.Extrinsic)
	require.NoError(t, err)
	assert.False(t, math.IsNaN(e))
}

func TestEvaluatorRejectsBadTerms(t *testing.T) {
	f := kittiscene.Load(t, "000000")
	_, err := fusion.NewEvaluator(f.Scene)
	assert.ErrorContains(t, err, "no energy terms")
	_, err = fusion.NewEvaluator(f.Scene, &fusion.ImageEvidenceTerm{W: 1}, &fusion.ImageEvidenceTerm{W: 2})
	assert.ErrorContains(t, err, `duplicate energy term "image_evidence"`)
	_, err = fusion.NewEvaluator(f.Scene, &fusion.ImageEvidenceTerm{W: math.NaN()})
	assert.ErrorContains(t, err, "weight NaN")

	ev, err := fusion.NewEvaluator(f.Scene, &fusion.GeometryTerm{W: 1})
	require.NoError(t, err)
	_, err = ev.Energy(f.Extrinsic)
	assert.ErrorContains(t, err, "needs a reference")

	bad := f.Extrinsic
	bad.R[0] = 2
	_, err = ev.Energy(bad)
	assert.ErrorContains(t, err, "not orthonormal")
}

func TestRigidAlgebra(t *testing.T) {
	d := fusion.Delta{0.01, -0.02, 0.03, 0.1, -0.2, 0.3}
	r := d.Rigid()
	require.NoError(t, r.Validate())
	id := r.Compose(r.Inverse())
	for i, v := range fusion.Identity().R {
		assert.InDelta(t, v, id.R[i], 1e-12)
	}
	assert.InDelta(t, 0, id.TranslationNorm(), 1e-12)
	assert.InDelta(t, math.Sqrt(0.1*0.1+0.2*0.2+0.3*0.3), r.TranslationNorm(), 1e-12)

	yaw := fusion.Delta{fusion.Yaw: 1.5 * deg}.Rigid()
	assert.InDelta(t, 1.5*deg, yaw.RotationAngle(), 1e-12)
	_, err := fusion.RigidFromMat34([12]float64{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1, 0})
	assert.ErrorContains(t, err, "determinant")
}

func TestSumsEnergyWeights(t *testing.T) {
	s := fusion.Sums{Units: fusion.ImageTiles, Scale: -2, Num: []float64{1, 3}, Den: []float64{2, 2}}
	assert.InDelta(t, -2.0, s.Energy(nil), 1e-12)
	assert.InDelta(t, -3.0, s.Energy([]float64{0, 1}), 1e-12)
	assert.InDelta(t, 0.0, s.Energy([]float64{0, 0}), 1e-12, "all units dropped")
}

func TestEvaluatorResetMatchesFresh(t *testing.T) {
	f0 := kittiscene.Load(t, "000000")
	f1 := kittiscene.Load(t, "000001")
	ev, err := fusion.NewEvaluator(f0.Scene, &fusion.ImageEvidenceTerm{W: 1}, fusion.NewLidarEvidenceTerm(1))
	require.NoError(t, err)
	_, err = ev.Energy(f0.Extrinsic)
	require.NoError(t, err)
	require.NoError(t, ev.Reset(f1.Scene))
	got, err := ev.Energy(f1.Extrinsic)
	require.NoError(t, err)

	fresh, err := fusion.NewEvaluator(f1.Scene, &fusion.ImageEvidenceTerm{W: 1}, fusion.NewLidarEvidenceTerm(1))
	require.NoError(t, err)
	want, err := fresh.Energy(f1.Extrinsic)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.Error(t, ev.Reset(nil))
}

func TestSceneResetMatchesNewScene(t *testing.T) {
	f0 := kittiscene.Load(t, "000000")
	f1 := kittiscene.Load(t, "000001")
	sc, err := fusion.NewScene(fusion.Image(*f0.Frame.Image), f0.Frame.Scan.Points, f0.Camera, fusion.DefaultSceneConfig())
	require.NoError(t, err)
	ev, err := fusion.NewEvaluator(sc, &fusion.ImageEvidenceTerm{W: 1}, fusion.NewLidarEvidenceTerm(1))
	require.NoError(t, err)

	require.NoError(t, sc.Reset(fusion.Image(*f1.Frame.Image), f1.Frame.Scan.Points, f1.Camera))
	got, err := ev.Energy(f1.Extrinsic)
	require.NoError(t, err)
	fresh, err := fusion.NewEvaluator(f1.Scene, &fusion.ImageEvidenceTerm{W: 1}, fusion.NewLidarEvidenceTerm(1))
	require.NoError(t, err)
	want, err := fresh.Energy(f1.Extrinsic)
	require.NoError(t, err)
	assert.Equal(t, want, got, "a reused scene scores like a new one")
	assert.Equal(t, f1.Scene.Stats(), sc.Stats())

	// A failed Reset leaves the scene unusable rather than stale.
	require.Error(t, sc.Reset(fusion.Image(*f1.Frame.Image), nil, f1.Camera))
	_, err = ev.Energy(f1.Extrinsic)
	assert.ErrorContains(t, err, "scene is not built")
}

func TestSceneEgoMotionRestored(t *testing.T) {
	f := kittiscene.Load(t, "000001")
	img := fusion.Image(*f.Frame.Image)
	sc, err := fusion.NewScene(img, f.Frame.Scan.Points, f.Camera, fusion.DefaultSceneConfig())
	require.NoError(t, err)
	ev, err := fusion.NewEvaluator(sc, &fusion.ImageEvidenceTerm{W: 1}, fusion.NewLidarEvidenceTerm(1))
	require.NoError(t, err)
	measured, err := ev.Energy(f.Extrinsic)
	require.NoError(t, err)

	motion := fusion.EgoMotion{Velocity: [2]float64{10, 0}, YawRate: 0.1}
	require.NoError(t, sc.SetEgoMotion(motion))
	assert.Equal(t, motion, sc.EgoMotion())
	moved, err := ev.Energy(f.Extrinsic)
	require.NoError(t, err)
	assert.NotEqual(t, measured, moved)

	// The zero motion restores the measured points exactly.
	require.NoError(t, sc.SetEgoMotion(fusion.EgoMotion{}))
	restored, err := ev.Energy(f.Extrinsic)
	require.NoError(t, err)
	assert.Equal(t, measured, restored)

	// So does Reset, which also clears the motion.
	require.NoError(t, sc.SetEgoMotion(motion))
	require.NoError(t, sc.Reset(img, f.Frame.Scan.Points, f.Camera))
	assert.Equal(t, fusion.EgoMotion{}, sc.EgoMotion())
	reset, err := ev.Energy(f.Extrinsic)
	require.NoError(t, err)
	assert.Equal(t, measured, reset)

	// After a failed Reset the scene rejects a motion.
	require.Error(t, sc.Reset(img, nil, f.Camera))
	assert.ErrorContains(t, sc.SetEgoMotion(motion), "scene not built")
}
