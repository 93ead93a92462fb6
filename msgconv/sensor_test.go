package msgconv

import (
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/msgs/go/geometry_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/sensor_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/tf2_msgs"
)

func TestPointCloudRoundTrip(t *testing.T) {
	in := []float32{1, 2, 3, 0.5, -4, 5.5, -0.25, 1}
	m := PointCloudMsg(in, 1_500_000_000, "velo_link")
	assert.True(t, m.IsDense)
	assert.Equal(t, uint32(2), m.Width)
	got, err := PointCloud(&m)
	require.NoError(t, err)
	assert.Equal(t, in, got.Points)
	assert.Zero(t, got.NonFinite)
}

// TestPointCloudFieldsByName reads a big-endian cloud whose fields come in
// another order, with float64 coordinates, a uint16 intensity and padding.
func TestPointCloudFieldsByName(t *testing.T) {
	m := sensor_msgs.PointCloud2{
		Height: 1, Width: 2, PointStep: 32, RowStep: 64, IsBigendian: true, IsDense: true,
		Fields: []sensor_msgs.PointField{
			{Name: "intensity", Offset: 0, Datatype: sensor_msgs.PointFieldUint16, Count: 1},
			{Name: "z", Offset: 8, Datatype: sensor_msgs.PointFieldFloat64, Count: 1},
			{Name: "x", Offset: 16, Datatype: sensor_msgs.PointFieldFloat64, Count: 1},
			{Name: "y", Offset: 24, Datatype: sensor_msgs.PointFieldFloat64, Count: 1},
		},
		Data: make([]byte, 64),
	}
	for i, p := range [][4]float64{{1, 2, 3, 100}, {-1, -2, -3, 7}} {
		b := m.Data[32*i:]
		binary.BigEndian.PutUint16(b[0:], uint16(p[3]))
		binary.BigEndian.PutUint64(b[8:], math.Float64bits(p[2]))
		binary.BigEndian.PutUint64(b[16:], math.Float64bits(p[0]))
		binary.BigEndian.PutUint64(b[24:], math.Float64bits(p[1]))
	}
	got, err := PointCloud(&m)
	require.NoError(t, err)
	assert.Equal(t, []float32{1, 2, 3, 100, -1, -2, -3, 7}, got.Points)
}

func TestPointCloudDropsNaNPoints(t *testing.T) {
	nan := float32(math.NaN())
	m := PointCloudMsg([]float32{1, 2, 3, 0, nan, 0, 1, 0, 4, 5, 6, 0}, 0, "velo_link")
	assert.False(t, m.IsDense, "a NaN coordinate makes the cloud not dense")
	got, err := PointCloud(&m)
	require.NoError(t, err)
	assert.Equal(t, []float32{1, 2, 3, 0, 4, 5, 6, 0}, got.Points)
	assert.Equal(t, 1, got.NonFinite)
}

func TestPointCloudRejectsBadClouds(t *testing.T) {
	nan := float32(math.NaN())
	good := func() sensor_msgs.PointCloud2 {
		return PointCloudMsg([]float32{1, 2, 3, 0, 4, 5, 6, 0}, 0, "velo_link")
	}
	cases := []struct {
		name  string
		edit  func(m *sensor_msgs.PointCloud2)
		want  string
		empty bool
	}{
		{"empty", func(m *sensor_msgs.PointCloud2) { *m = PointCloudMsg(nil, 0, "velo_link") }, "no points", true},
		{"missing z", func(m *sensor_msgs.PointCloud2) { m.Fields = m.Fields[:2] }, `no field "z" among "x", "y"`, false},
		{"no fields", func(m *sensor_msgs.PointCloud2) { m.Fields = nil }, `no field "x" among no fields`, false},
		{"integer x", func(m *sensor_msgs.PointCloud2) { m.Fields[0].Datatype = sensor_msgs.PointFieldInt32 }, `field "x" has datatype 5`, false},
		{"unknown datatype", func(m *sensor_msgs.PointCloud2) { m.Fields[3].Datatype = 42 }, "unknown datatype 42", false},
		{"field beyond point", func(m *sensor_msgs.PointCloud2) { m.Fields[2].Offset = 14 }, "does not fit point_step 16", false},
		{"short data", func(m *sensor_msgs.PointCloud2) { m.Data = m.Data[:20] }, "data has 20 bytes but row_step × height = 32 × 1 = 32", false},
		{"short row step", func(m *sensor_msgs.PointCloud2) { m.RowStep = 16 }, "row_step 16 is less than", false},
		{"NaN in dense cloud", func(m *sensor_msgs.PointCloud2) {
			*m = PointCloudMsg([]float32{nan, 0, 0, 0, 1, 1, 1, 0}, 0, "velo_link")
			m.IsDense = true
		}, "point 0 (row 0, column 0) is (NaN, 0, 0) but is_dense is true", false},
		{"all NaN", func(m *sensor_msgs.PointCloud2) {
			*m = PointCloudMsg([]float32{nan, 0, 0, 0, 0, nan, 0, 0}, 0, "velo_link")
		}, "all 2 points have a NaN", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := good()
			c.edit(&m)
			_, err := PointCloud(&m)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.Equal(t, c.empty, errors.Is(err, ErrEmptyCloud))
		})
	}
}

func TestLuminanceEncodings(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 2, 1))
	img.Set(0, 0, color.RGBA{R: 255, A: 255})
	img.Set(1, 0, color.RGBA{R: 10, G: 200, B: 30, A: 255})
	rgb := RGBImageMsg(img, 0, "camera_color_left")
	assert.Equal(t, []byte{255, 0, 0, 10, 200, 30}, rgb.Data)
	want := []float32{0.299, (0.299*10 + 0.587*200 + 0.114*30) / 255}

	bgra := rgb
	bgra.Encoding, bgra.Step = EncodingBGRA8, 8
	bgra.Data = []byte{0, 0, 255, 255, 30, 200, 10, 255}
	mono := rgb
	mono.Encoding, mono.Step, mono.Data = EncodingMono8, 2, []byte{0, 255}
	for _, c := range []struct {
		m    sensor_msgs.Image
		want []float32
	}{{rgb, want}, {bgra, want}, {mono, []float32{0, 1}}} {
		got, err := Luminance(&c.m)
		require.NoError(t, err, c.m.Encoding)
		assert.Equal(t, 2, got.Width)
		assert.InDeltaSlice(t, c.want, got.Pix, 1e-6, c.m.Encoding)
	}
}

func TestLuminanceRejectsMismatchedEncoding(t *testing.T) {
	img := RGBImageMsg(image.NewRGBA(image.Rect(0, 0, 4, 2)), 0, "camera_color_left")
	cases := []struct {
		name string
		edit func(m *sensor_msgs.Image)
		want string
	}{
		{"unsupported", func(m *sensor_msgs.Image) { m.Encoding = "yuv422" }, `unsupported encoding "yuv422"`},
		{"rgb8 with mono step", func(m *sensor_msgs.Image) { m.Step = 4; m.Data = m.Data[:8] }, "step 4 bytes is less than width × 3 bytes per rgb8 pixel = 12"},
		{"mono8 label on rgb data", func(m *sensor_msgs.Image) { m.Encoding = EncodingMono8; m.Step = 4 }, "data has 24 bytes but step × height = 4 × 2 = 8"},
		{"empty", func(m *sensor_msgs.Image) { m.Width = 0 }, "size 0×2 pixels"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := img
			c.edit(&m)
			_, err := Luminance(&m)
			assert.ErrorContains(t, err, c.want)
		})
	}
}

func TestCameraRejectsBadProjection(t *testing.T) {
	cam := fusion.Camera{Width: 1242, Height: 375, R: [9]float64{1, 0, 0, 0, 1, 0, 0, 0, 1},
		P: [12]float64{721.5, 0, 609.6, 44.9, 0, 721.5, 172.9, 0.2, 0, 0, 1, 0.003}}
	k := [9]float64{721.5, 0, 609.6, 0, 721.5, 172.9, 0, 0, 1}
	good := CameraInfoMsg(cam, k, 0, "camera_color_left")
	got, err := Camera(&good)
	require.NoError(t, err)
	assert.Equal(t, cam, got)

	zero := good
	zero.P = [12]float64{}
	_, err = Camera(&zero)
	assert.ErrorContains(t, err, "camera info: fusion: camera P is zero")

	singular := good
	singular.P = [12]float64{721.5, 0, 609.6, 0, 721.5, 0, 609.6, 0, 0, 0, 0, 1}
	_, err = Camera(&singular)
	assert.ErrorContains(t, err, "singular")

	binned := good
	binned.BinningX = 2
	_, err = Camera(&binned)
	assert.ErrorContains(t, err, "binning 2×0")
}

func TestExtrinsicRoundTrip(t *testing.T) {
	want := fusion.Identity().Perturb(fusion.Delta{0.1, -0.2, 3.0, 0.5, -0.3, 0.2})
	tf := tf2_msgs.TFMessage{Transforms: []geometry_msgs.TransformStamped{
		{Header: Header(0, "other"), ChildFrameID: "velo_link"},
		{Header: Header(0, "camera_color_left"), ChildFrameID: "velo_link", Transform: TransformMsg(want)},
	}}
	ts, ok := FindTransform(&tf, "camera_color_left", "velo_link")
	require.True(t, ok)
	got, err := Extrinsic(ts.Transform)
	require.NoError(t, err)
	assert.InDeltaSlice(t, want.R[:], got.R[:], 1e-12)
	assert.Equal(t, want.T, got.T)
	_, ok = FindTransform(&tf, "camera_color_left", "base_link")
	assert.False(t, ok)

	_, err = Extrinsic(geometry_msgs.Transform{})
	assert.ErrorContains(t, err, "has norm 0, expected 1")
	_, err = Extrinsic(geometry_msgs.Transform{Rotation: geometry_msgs.Quaternion{W: 1}, Translation: geometry_msgs.Vector3{X: math.NaN()}})
	assert.ErrorContains(t, err, "NaN or Inf")
}
