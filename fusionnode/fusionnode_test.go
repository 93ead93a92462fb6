package fusionnode

import (
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/kitti"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/diagnostic_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/geometry_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/sensor_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/tf2_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/visualization_msgs"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/node/diag"
	"github.com/ebm-av/ebm_av/node/inproc"
)

const (
	stamp0      = int64(1_700_000_000_000_000_000)
	cameraFrame = "camera_color_left"
	lidarFrame  = "velo_link"
)

func startWithArgs(t *testing.T, bus *inproc.Bus, argv ...string) (*Monitor, error) {
	t.Helper()
	args, _, err := node.ParseArgs(append([]string{"--ros-args"}, argv...))
	require.NoError(t, err)
	return New(node.Options{Transport: bus, Args: args})
}

func TestConfigFileMatchesDefaults(t *testing.T) {
	m, err := startWithArgs(t, inproc.New(func() int64 { return 0 }), "--params-file", "../config/fusion_monitor.yaml")
	require.NoError(t, err, "every key of the shipped parameter file must be a declared parameter")
	assert.Equal(t, DefaultConfig(), m.cfg, "the shipped file documents the defaults")
}

func TestInvalidParametersNamed(t *testing.T) {
	tests := []struct {
		arg, want string
	}{
		{"drift.threshold:=0.0", "drift.threshold"},
		{"drift.axes:=[roll,spin]", `drift.axes entry "spin"`},
		{"drift.window_frames:=0", "drift.window_frames 0"},
		{"drift.window_frames:=1000", "drift.window_frames 1000: must be from 1 (each frame alone) to 16"},
		{"time_sync.source:=gps", "time_sync.source"},
		{"ood.temperature:=0.0", "ood.temperature"},
		{"terms.geometry:=-1.0", "terms.geometry"},
		{"input_timeout.image:=0.0", "input_timeout.image"},
		{"ego_motion.sweep_period:=0.0", "ego_motion.sweep_period 0 s: must be > 0"},
		{"ego_motion.max_age:=-1.0", "ego_motion.max_age -1 s"},
		{"ego_motion.max_age:=1e12", "ego_motion.max_age 1e+12 s: must be from 0 to 1 s"},
		{"no_such_parameter:=1", `unknown parameter "no_such_parameter"`},
	}
	for _, tc := range tests {
		t.Run(tc.arg, func(t *testing.T) {
			_, err := startWithArgs(t, inproc.New(func() int64 { return 0 }), "-p", tc.arg)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// kittiInputs are the messages of one KITTI object-benchmark frame.
type kittiInputs struct {
	image     sensor_msgs.Image
	info      sensor_msgs.CameraInfo
	cloud     sensor_msgs.PointCloud2
	extrinsic fusion.Rigid
}

func loadKITTI(t testing.TB, id string, stamp int64) kittiInputs {
	t.Helper()
	dir := shareddata.Path(t, "kitti/object/training")
	fr, err := kitti.ReadFrame(dir, id)
	require.NoError(t, err)
	f, err := os.Open(filepath.Join(dir, "image_2", id+".png"))
	require.NoError(t, err)
	defer f.Close()
	rgb, err := png.Decode(f)
	require.NoError(t, err)
	ext, err := fusion.RigidFromMat34(fr.Calib.TrVeloToCam)
	require.NoError(t, err)
	cam := fusion.Camera{Width: fr.Image.Width, Height: fr.Image.Height, R: fr.Calib.R0Rect, P: fr.Calib.P[2]}
	return kittiInputs{
		image:     msgconv.RGBImageMsg(rgb, stamp, cameraFrame),
		info:      msgconv.CameraInfoMsg(cam, [9]float64{}, stamp, cameraFrame),
		cloud:     msgconv.PointCloudMsg(fr.Scan.Points, stamp, lidarFrame),
		extrinsic: ext,
	}
}

// harness runs a monitor on an in-process bus and collects its outputs.
type harness struct {
	t      testing.TB
	bus    *inproc.Bus
	clock  *node.SimClock
	mon    *Monitor
	fusion []*ebm_av.FusionDiagnostics
	diags  []*diagnostic_msgs.DiagnosticArray
}

func newHarness(t testing.TB, argv ...string) *harness {
	h := &harness{t: t, bus: inproc.New(func() int64 { return stamp0 }), clock: &node.SimClock{}}
	h.clock.Set(stamp0)
	args, _, err := node.ParseArgs(append([]string{"--ros-args"}, argv...))
	require.NoError(t, err)
	h.mon, err = New(node.Options{Transport: h.bus, Args: args, Clock: h.clock})
	require.NoError(t, err)
	sub, err := node.New(node.Options{Name: "listener", Transport: h.bus, Clock: h.clock})
	require.NoError(t, err)
	require.NoError(t, sub.Configure())
	_, err = node.Subscribe(sub, "/fusion_monitor/fusion_diagnostics", node.QoSDefault, func(m *ebm_av.FusionDiagnostics, _ node.Sample) {
		h.fusion = append(h.fusion, m)
	})
	require.NoError(t, err)
	_, err = node.Subscribe(sub, TopicDiagnostics, node.QoSDefault, func(m *diagnostic_msgs.DiagnosticArray, _ node.Sample) {
		h.diags = append(h.diags, m)
	})
	require.NoError(t, err)
	return h
}

func (h *harness) send(topic string, m cdr.Message) {
	data, err := cdr.Marshal(m)
	require.NoError(h.t, err)
	require.NoError(h.t, h.bus.Inject(node.Sample{Topic: topic, Type: m.ROSTypeName(), Data: data}))
}

func (h *harness) sendExtrinsic(ext fusion.Rigid) {
	h.send(TopicTFStatic, &tf2_msgs.TFMessage{Transforms: []geometry_msgs.TransformStamped{{
		Header: msgconv.Header(stamp0, cameraFrame), ChildFrameID: lidarFrame, Transform: msgconv.TransformMsg(ext),
	}}})
}

func (h *harness) sendFrame(in kittiInputs) {
	h.send(TopicCameraInfo, &in.info)
	h.send(TopicImage, &in.image)
	h.send(TopicPointCloud, &in.cloud)
}

// lastStatus returns the latest status named "fusion_monitor: check".
func (h *harness) lastStatus(check string) (diagnostic_msgs.DiagnosticStatus, bool) {
	for i := len(h.diags) - 1; i >= 0; i-- {
		for _, s := range h.diags[i].Status {
			if s.Name == NodeName+": "+check {
				return s, true
			}
		}
	}
	return diagnostic_msgs.DiagnosticStatus{}, false
}

func TestKITTIFrameCalibratedThenDrifted(t *testing.T) {
	h := newHarness(t, "-p", "drift.max_evaluations:=200")
	in := loadKITTI(t, "000001", stamp0)
	h.sendExtrinsic(in.extrinsic)
	h.sendFrame(in)
	require.Len(t, h.fusion, 1)
	ok := h.fusion[0]
	assert.Equal(t, byte(diag.OK), ok.DriftLevel, ok.Message)
	assert.Equal(t, []string{"image_evidence", "lidar_evidence", "geometry"}, ok.TermNames)
	assert.Negative(t, ok.TermEnergies[0], "projected discontinuities land on image edges")
	assert.Zero(t, ok.TermEnergies[2], "the first frame is the geometry reference")
	assert.False(t, ok.CorrectionEstimated)
	assert.Equal(t, cameraFrame, ok.Header.FrameID)

	// The same frame under a 1° yaw drift: flagged, with a correction
	// that turns back towards the published extrinsic.
	yaw := fusion.Delta{fusion.Yaw: math.Pi / 180}
	h.sendExtrinsic(in.extrinsic.Perturb(yaw))
	next := loadKITTI(t, "000001", stamp0+100_000_000)
	h.sendFrame(next)
	require.Len(t, h.fusion, 2)
	drifted := h.fusion[1]
	assert.Equal(t, byte(diag.Error), drifted.DriftLevel, drifted.Message)
	assert.Equal(t, byte(diag.Error), drifted.Level)
	assert.Greater(t, drifted.DriftScore, drifted.DriftThreshold)
	require.True(t, drifted.CorrectionEstimated)
	assert.InDelta(t, -1, drifted.CorrectionRotation[2], 0.5, "yaw correction, degrees")
	st, found := h.lastStatus(checkCalibration)
	require.True(t, found)
	assert.Equal(t, byte(diag.Error), st.Level)
	assert.Contains(t, st.Message, "extrinsic drifted")
}

func TestBadInputsReportedAndSurvived(t *testing.T) {
	h := newHarness(t)
	good := loadKITTI(t, "000000", stamp0)
	h.sendExtrinsic(good.extrinsic)
	nan := float32(math.NaN())

	emptyCloud := msgconv.PointCloudMsg(nil, stamp0, lidarFrame)
	noZ := good.cloud
	noZ.Fields = noZ.Fields[:2]
	denseNaN := msgconv.PointCloudMsg([]float32{nan, 1, 2, 0, 3, 4, 5, 0}, stamp0, lidarFrame)
	denseNaN.IsDense = true
	rgbLabel := good.image
	rgbLabel.Step = rgbLabel.Width
	rgbLabel.Data = rgbLabel.Data[:rgbLabel.Width*rgbLabel.Height]
	zeroP := good.info
	zeroP.P = [12]float64{}
	singularP := good.info
	singularP.P = [12]float64{700, 0, 600, 0, 700, 0, 600, 0, 0, 0, 0, 1}
	badQuaternion := tf2_msgs.TFMessage{Transforms: []geometry_msgs.TransformStamped{{
		Header: msgconv.Header(stamp0, cameraFrame), ChildFrameID: lidarFrame,
	}}}

	cases := []struct {
		name  string
		topic string
		msg   cdr.Message
		want  string
	}{
		{"empty cloud", TopicPointCloud, &emptyCloud, "point cloud has no points"},
		{"missing z", TopicPointCloud, &noZ, `no field "z"`},
		{"NaN in dense cloud", TopicPointCloud, &denseNaN, "is_dense is true"},
		{"rgb8 label on mono data", TopicImage, &rgbLabel, "the encoding does not match the data"},
		{"zero P", TopicCameraInfo, &zeroP, "camera P is zero"},
		{"singular P", TopicCameraInfo, &singularP, "singular"},
		{"zero quaternion", TopicTFStatic, &badQuaternion, "has norm 0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := len(h.fusion)
			h.send(c.topic, c.msg)
			require.Len(t, h.fusion, before+1, "a rejected input is reported at once")
			out := h.fusion[before]
			assert.Equal(t, byte(diag.Error), out.Level)
			assert.Contains(t, out.Message, "invalid message on "+c.topic)
			assert.Contains(t, out.Message, c.want)
			st, ok := h.lastStatus(checkCalibration)
			require.True(t, ok)
			assert.Equal(t, byte(diag.Error), st.Level)
		})
	}
	assert.Equal(t, 3, h.mon.Node().DecodeErrors()[TopicPointCloud])

	// An image whose size disagrees with the camera info is an ERROR too.
	small := good.image
	small.Width, small.Step = 8, 24
	small.Height = uint32(len(small.Data) / 24)
	h.send(TopicCameraInfo, &good.info)
	h.send(TopicImage, &small)
	h.send(TopicPointCloud, &good.cloud)
	last := h.fusion[len(h.fusion)-1]
	assert.Equal(t, byte(diag.Error), last.DriftLevel)
	assert.Contains(t, last.Message, "but the camera info describes 1224x370")

	// The node keeps running: a good frame afterwards is assessed.
	next := loadKITTI(t, "000000", stamp0+100_000_000)
	h.sendFrame(next)
	last = h.fusion[len(h.fusion)-1]
	assert.Equal(t, byte(diag.OK), last.DriftLevel, last.Message)
	assert.Equal(t, next.image.Header.Stamp, last.Header.Stamp)
}

func TestCycleOverBudgetWarns(t *testing.T) {
	h := newHarness(t, "-p", "cycle_budget:=0.000001")
	in := loadKITTI(t, "000000", stamp0)
	h.sendExtrinsic(in.extrinsic)
	h.sendFrame(in)
	require.Len(t, h.fusion, 1)
	assert.Equal(t, byte(diag.OK), h.fusion[0].DriftLevel)
	assert.Equal(t, byte(diag.Warn), h.fusion[0].Level)
	assert.Contains(t, h.fusion[0].Message, "over budget 0.001 ms")
}

func TestMissingExtrinsicIsStale(t *testing.T) {
	h := newHarness(t)
	h.sendFrame(loadKITTI(t, "000000", stamp0))
	require.Len(t, h.fusion, 1)
	assert.Equal(t, byte(diag.Stale), h.fusion[0].Level)
	assert.Contains(t, h.fusion[0].Message, `no extrinsic from "velo_link" to "camera_color_left"`)
}

func TestDetectionsEnergyAndAbstention(t *testing.T) {
	h := newHarness(t, "-p", "ood.threshold:=-1.0")
	in := loadKITTI(t, "000001", stamp0)
	h.sendExtrinsic(in.extrinsic)
	det := ebm_av.DetectedObjects{Header: msgconv.Header(stamp0, lidarFrame), ClassNames: []string{"Car", "Cyclist"},
		Objects: []ebm_av.DetectedObject{{ID: "confident", Logits: []float64{5, 0}}, {ID: "unsure", Logits: []float64{-2, -2}}}}
	h.send(TopicDetections, &det)
	h.sendFrame(in)
	require.Len(t, h.fusion, 1)
	out := h.fusion[0]
	assert.Equal(t, []string{"confident", "unsure"}, out.ObjectIDs)
	// E = −logsumexp(logits) at T = 1.
	assert.InDelta(t, -(5 + math.Log1p(math.Exp(-5))), out.ObjectEnergies[0], 1e-12)
	assert.InDelta(t, 2-math.Log(2), out.ObjectEnergies[1], 1e-12)
	assert.Equal(t, []bool{false, true}, out.ObjectAbstain)
	assert.Equal(t, byte(diag.Warn), out.OodLevel)
	st, ok := h.lastStatus(checkDetections)
	require.True(t, ok)
	assert.Equal(t, "abstained on 1 of 2 objects: energy above -1.000", st.Message)
}

func TestTimeSyncStatusTopic(t *testing.T) {
	h := newHarness(t, "-p", "time_sync.warm_up:=0", "-p", "time_sync.nominal_offset:=0.0105")
	send := func(k int, offset int64) {
		lidar := stamp0 + int64(k)*100_000_000
		h.send(TopicTimeSync, &ebm_av.TimeSyncStatus{Header: msgconv.Header(lidar+offset, cameraFrame),
			CameraStamp: msgconv.Stamp(lidar + offset), LidarStamp: msgconv.Stamp(lidar)})
	}
	for k := range 5 {
		send(k, 10_500_000)
	}
	st, ok := h.lastStatus(checkTimeSync)
	require.True(t, ok)
	assert.Equal(t, byte(diag.OK), st.Level, st.Message)
	for k := 5; k < 10; k++ {
		send(k, 60_500_000) // 50 ms late
	}
	st, _ = h.lastStatus(checkTimeSync)
	assert.Equal(t, byte(diag.Error), st.Level, st.Message)
	assert.Contains(t, valueOf(st, "deviation_ms"), "50.000")
	assert.Equal(t, "10", valueOf(st, "pairs"), "one stamp pair per TimeSyncStatus message")
	assert.Equal(t, "false", valueOf(st, "learning"))
}

func TestExtrinsicFromInverseTransformStamped(t *testing.T) {
	h := newHarness(t)
	in := loadKITTI(t, "000000", stamp0)
	// LiDAR ← camera on the TransformStamped topic: the node inverts it.
	h.send(TopicExtrinsic, &geometry_msgs.TransformStamped{
		Header: msgconv.Header(stamp0, lidarFrame), ChildFrameID: cameraFrame,
		Transform: msgconv.TransformMsg(in.extrinsic.Inverse()),
	})
	h.sendFrame(in)
	require.Len(t, h.fusion, 1)
	assert.Equal(t, byte(diag.OK), h.fusion[0].DriftLevel, h.fusion[0].Message)
	assert.InDelta(t, in.extrinsic.T[2], h.fusion[0].CorrectedExtrinsic.Translation.Z, 1e-6, "no correction: the input extrinsic")
}

// tinyFrame returns a 4×4 mono image, its camera info and a cloud of two
// points, stamped separately: too small to assess, but enough for time sync.
func tinyFrame(cameraStamp, lidarStamp int64) (sensor_msgs.Image, sensor_msgs.CameraInfo, sensor_msgs.PointCloud2) {
	img := sensor_msgs.Image{Header: msgconv.Header(cameraStamp, cameraFrame), Width: 4, Height: 4,
		Encoding: msgconv.EncodingMono8, Step: 4, Data: make([]byte, 16)}
	cam := fusion.Camera{Width: 4, Height: 4, R: [9]float64{1, 0, 0, 0, 1, 0, 0, 0, 1},
		P: [12]float64{2, 0, 2, 0, 0, 2, 2, 0, 0, 0, 1, 0}}
	info := msgconv.CameraInfoMsg(cam, [9]float64{}, cameraStamp, cameraFrame)
	cloud := msgconv.PointCloudMsg([]float32{10, 0, 0, 0, 10, 1, 0, 0}, lidarStamp, lidarFrame)
	return img, info, cloud
}

func TestTimeSyncFromHeaderStamps(t *testing.T) {
	h := newHarness(t, "-p", "time_sync.warm_up:=0", "-p", "time_sync.nominal_offset:=0.0105")
	h.sendExtrinsic(fusion.Rigid{R: [9]float64{0, -1, 0, 0, 0, -1, 1, 0, 0}})
	// The LiDAR stamps first and the camera 10.5 ms later, then 30 ms late.
	// Pairing by stamp needs the offset within sync_tolerance (50 ms).
	for k, delay := range []int64{10_500_000, 10_500_000, 10_500_000, 40_500_000, 40_500_000, 40_500_000} {
		lidar := stamp0 + int64(k)*100_000_000
		img, info, cloud := tinyFrame(lidar+delay, lidar)
		h.send(TopicPointCloud, &cloud)
		h.send(TopicCameraInfo, &info)
		h.send(TopicImage, &img)
	}
	require.Len(t, h.fusion, 6, "each image pairs with the cloud before it")
	assert.Equal(t, byte(diag.OK), h.fusion[2].TimeSyncLevel)
	assert.InDelta(t, 0.0105, h.fusion[2].TimeOffset, 1e-9)
	last := h.fusion[5]
	assert.Equal(t, byte(diag.Error), last.TimeSyncLevel)
	assert.InDelta(t, 0.0405, last.TimeOffset, 1e-9)
}

func TestMarkersWhenSubscribed(t *testing.T) {
	h := newHarness(t)
	var markers []*visualization_msgs.MarkerArray
	sub, err := node.New(node.Options{Name: "rviz", Transport: h.bus, Clock: h.clock})
	require.NoError(t, err)
	require.NoError(t, sub.Configure())
	_, err = node.Subscribe(sub, "/fusion_monitor/markers", node.QoSDefault, func(m *visualization_msgs.MarkerArray, _ node.Sample) {
		markers = append(markers, m)
	})
	require.NoError(t, err)
	in := loadKITTI(t, "000001", stamp0)
	h.sendExtrinsic(in.extrinsic)
	h.sendFrame(in)
	require.Len(t, markers, 1)
	require.Len(t, markers[0].Markers, 2)
	pts := markers[0].Markers[1]
	assert.Equal(t, lidarFrame, pts.Header.FrameID)
	// About 20,000 points project into the image; every 4th is drawn.
	assert.InDelta(t, 5000, len(pts.Points), 1500)
	assert.Len(t, pts.Colors, len(pts.Points))
	red := 0
	for _, c := range pts.Colors {
		if c.R > 0.5 {
			red++
		}
	}
	assert.Positive(t, red, "some depth discontinuities land on flat image")
	assert.Less(t, red, len(pts.Points)/4, "most points have a small residual")
}

func valueOf(st diagnostic_msgs.DiagnosticStatus, key string) string {
	for _, kv := range st.Values {
		if kv.Key == key {
			return kv.Value
		}
	}
	return ""
}
