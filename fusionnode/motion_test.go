package fusionnode

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/node/diag"
)

const energyTolerance = 1e-5

func (h *harness) sendOdometry(motion fusion.EgoMotion, stamp int64) {
	odom := msgconv.OdometryMsg(motion, stamp, "odom", "base_link")
	h.send(TopicOdometry, &odom)
}

// libraryEnergy returns the monitor's default total energy of frame in at
// its published extrinsic, with the scan de-skewed for motion. The node
// receives the extrinsic as a quaternion, so its energy agrees to about
// 1e-5 only.
func libraryEnergy(t *testing.T, in kittiInputs, motion fusion.EgoMotion) float64 {
	t.Helper()
	img, points, cam := decodeInputs(t, in)
	scene, err := fusion.NewScene(img, points, cam, fusion.DefaultSceneConfig())
	require.NoError(t, err)
	require.NoError(t, scene.SetEgoMotion(motion))
	ev, err := fusion.NewEvaluator(scene, &fusion.ImageEvidenceTerm{W: 1}, fusion.NewLidarEvidenceTerm(0.1))
	require.NoError(t, err)
	e, err := ev.Energy(in.extrinsic)
	require.NoError(t, err)
	return e
}

// decodeInputs decodes the image, the point cloud and the camera of in as
// the node does.
func decodeInputs(t *testing.T, in kittiInputs) (fusion.Image, []float32, fusion.Camera) {
	t.Helper()
	img, err := msgconv.Luminance(&in.image)
	require.NoError(t, err)
	cloud, err := msgconv.PointCloud(&in.cloud)
	require.NoError(t, err)
	cam, err := msgconv.Camera(&in.info)
	require.NoError(t, err)
	return img, cloud.Points, cam
}

func TestOdometryDeskewsScan(t *testing.T) {
	h := newHarness(t)
	in := loadKITTI(t, "000001", stamp0)
	h.sendExtrinsic(in.extrinsic)
	motion := fusion.EgoMotion{Velocity: [2]float64{10, 0.2}, YawRate: 0.05}
	// Odometry 20 ms from the image is within max_age.
	h.sendOdometry(motion, stamp0-20_000_000)
	h.sendFrame(in)
	require.Len(t, h.fusion, 1)
	out := h.fusion[0]
	assert.True(t, out.Deskewed)
	assert.Equal(t, [2]float64{10, 0.2}, out.EgoVelocity)
	assert.Equal(t, 0.05, out.EgoYawRate)

	want := libraryEnergy(t, in, motion)
	assert.InDelta(t, want, out.TotalEnergy, energyTolerance, "energy of the scan de-skewed as the library does")
	measured := libraryEnergy(t, in, fusion.EgoMotion{})
	assert.Greater(t, math.Abs(out.TotalEnergy-measured), 1e-3, "de-skewing changes the energy")

	st, ok := h.lastStatus(checkCalibration)
	require.True(t, ok)
	values := map[string]string{}
	for _, kv := range st.Values {
		values[kv.Key] = kv.Value
	}
	assert.Equal(t, "true", values["deskewed"])
	assert.Equal(t, "10.00", values["ego_speed"])
}

func TestFrameWithoutOdometryScoredAsMeasured(t *testing.T) {
	h := newHarness(t)
	in := loadKITTI(t, "000001", stamp0)
	h.sendExtrinsic(in.extrinsic)
	h.sendFrame(in)
	require.Len(t, h.fusion, 1)
	out := h.fusion[0]
	assert.False(t, out.Deskewed)
	assert.Equal(t, [2]float64{}, out.EgoVelocity)
	assert.InDelta(t, libraryEnergy(t, in, fusion.EgoMotion{}), out.TotalEnergy, energyTolerance)
	assert.NotContains(t, out.Message, "de-skewed", "no warning before any odometry arrived")
	assert.Equal(t, byte(diag.OK), out.Level, out.Message)
}

func TestStaleOdometryWarns(t *testing.T) {
	h := newHarness(t)
	in := loadKITTI(t, "000001", stamp0)
	h.sendExtrinsic(in.extrinsic)
	h.sendOdometry(fusion.EgoMotion{Velocity: [2]float64{10, 0}}, stamp0-500_000_000)
	h.sendFrame(in)
	require.Len(t, h.fusion, 1)
	out := h.fusion[0]
	assert.False(t, out.Deskewed)
	assert.Equal(t, byte(diag.Warn), out.Level)
	assert.Contains(t, out.Message, "scan not de-skewed: odometry on /localization/kinematic_state is 0.500 s from the image, more than ego_motion.max_age 0.050 s")
}

func TestDeskewOffIgnoresOdometry(t *testing.T) {
	h := newHarness(t, "-p", "ego_motion.deskew:=false")
	in := loadKITTI(t, "000001", stamp0)
	h.sendExtrinsic(in.extrinsic)
	h.sendOdometry(fusion.EgoMotion{Velocity: [2]float64{10, 0}}, stamp0)
	h.sendFrame(in)
	require.Len(t, h.fusion, 1)
	assert.False(t, h.fusion[0].Deskewed)
	assert.InDelta(t, libraryEnergy(t, in, fusion.EgoMotion{}), h.fusion[0].TotalEnergy, energyTolerance)
}

func TestInvalidOdometryRejected(t *testing.T) {
	h := newHarness(t)
	in := loadKITTI(t, "000001", stamp0)
	h.sendExtrinsic(in.extrinsic)
	h.sendOdometry(fusion.EgoMotion{Velocity: [2]float64{math.NaN(), 0}}, stamp0)
	assert.Equal(t, 1, h.mon.Node().DecodeErrors()[TopicOdometry])

	// The node keeps running and scores the next frame as measured.
	h.sendFrame(in)
	require.Len(t, h.fusion, 1)
	assert.False(t, h.fusion[0].Deskewed)
	st, ok := h.lastStatus(checkCalibration)
	require.True(t, ok)
	found := false
	for _, kv := range st.Values {
		if kv.Key == "rejected_messages "+TopicOdometry {
			found = true
			assert.Equal(t, "1", kv.Value)
		}
	}
	assert.True(t, found, "the rejected odometry shows on /diagnostics")
}

func TestMarkersOfDeskewedFrame(t *testing.T) {
	in := loadKITTI(t, "000001", stamp0)
	img, points, cam := decodeInputs(t, in)
	res := frameResult{
		image:     imageFrame{stamp: stamp0, frame: cameraFrame, img: img},
		cloud:     cloudFrame{stamp: stamp0, frame: lidarFrame, points: points},
		camera:    cam,
		extrinsic: in.extrinsic,
	}
	sweep := fusion.DefaultSweep()
	measured := markersMsg(&res, 4, sweep).Markers[1]
	res.motion, res.deskewed = fusion.EgoMotion{Velocity: [2]float64{10, 0}}, true
	moved := markersMsg(&res, 4, sweep).Markers[1]

	// De-skewing moves where points project, so some fall in or out of the
	// image and colours change, but every point is drawn where it was
	// measured.
	require.NotEmpty(t, moved.Points)
	assert.NotEqual(t, measured.Colors, moved.Colors)
	scan := map[[3]float64]bool{}
	for i := 0; i+3 < len(points); i += 4 {
		scan[[3]float64{float64(points[i]), float64(points[i+1]), float64(points[i+2])}] = true
	}
	for _, p := range moved.Points {
		require.True(t, scan[[3]float64{p.X, p.Y, p.Z}], "point (%g, %g, %g) is not a measured point", p.X, p.Y, p.Z)
	}
}

func TestOdometryAt100HzKeepsNearestSample(t *testing.T) {
	h := newHarness(t)
	in := loadKITTI(t, "000001", stamp0)
	h.sendExtrinsic(in.extrinsic)
	// 0.5 s of odometry at 100 Hz around the image, the speed rising by
	// 0.1 m/s per sample, so the speed used identifies the sample.
	for i := -10; i < 40; i++ {
		h.sendOdometry(fusion.EgoMotion{Velocity: [2]float64{10 + 0.1*float64(i), 0}}, stamp0+int64(i)*10_000_000)
	}
	h.sendFrame(in)
	require.Len(t, h.fusion, 1)
	assert.True(t, h.fusion[0].Deskewed)
	assert.Equal(t, 10.0, h.fusion[0].EgoVelocity[0], "the sample at the image stamp")
}

func TestNeighbourFrameOdometryNotReused(t *testing.T) {
	h := newHarness(t)
	first := loadKITTI(t, "000001", stamp0)
	h.sendExtrinsic(first.extrinsic)
	h.sendOdometry(fusion.EgoMotion{Velocity: [2]float64{10, 0}}, stamp0)
	h.sendFrame(first)
	// The next frame, 0.1 s later, has no odometry of its own: the
	// previous frame's sample is older than max_age.
	h.sendFrame(loadKITTI(t, "000001", stamp0+100_000_000))
	require.Len(t, h.fusion, 2)
	assert.True(t, h.fusion[0].Deskewed)
	assert.False(t, h.fusion[1].Deskewed)
	assert.Equal(t, byte(diag.Warn), h.fusion[1].Level)
	assert.Contains(t, h.fusion[1].Message, "scan not de-skewed")
}

func TestRebuiltSceneDeskewed(t *testing.T) {
	h := newHarness(t)
	in := loadKITTI(t, "000001", stamp0)
	h.sendExtrinsic(in.extrinsic)
	h.sendFrame(in)
	// The second frame rebuilds the window's only scene in place, then
	// de-skews it.
	next := loadKITTI(t, "000001", stamp0+100_000_000)
	motion := fusion.EgoMotion{Velocity: [2]float64{10, 0}}
	h.sendOdometry(motion, stamp0+100_000_000)
	h.sendFrame(next)
	require.Len(t, h.fusion, 2)
	assert.False(t, h.fusion[0].Deskewed)
	assert.True(t, h.fusion[1].Deskewed)
	assert.InDelta(t, libraryEnergy(t, next, motion), h.fusion[1].TotalEnergy, energyTolerance)
}
