package kitti

import (
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadFrameReal(t *testing.T) {
	dir := shareddata.Path(t, "kitti/object/training")
	cases := []struct {
		id            string
		width, height int
		points        int
		labels        int
		fx, p2tx, tz  float64
	}{
		{"000000", 1224, 370, 115384, 1, 7.070493e2, 4.575831e1, -3.321029e-1},
		{"000001", 1242, 375, 120268, 7, 7.215377e2, 4.485728e1, -2.717806e-1},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			f, err := ReadFrame(dir, c.id)
			require.NoError(t, err)
			assert.Equal(t, c.width, f.Image.Width)
			assert.Equal(t, c.height, f.Image.Height)
			assert.Equal(t, c.points, f.Scan.Len())
			assert.Len(t, f.Labels, c.labels)
			assert.InDelta(t, c.fx, f.Calib.P[2][0], 1e-9)
			assert.InDelta(t, c.p2tx, f.Calib.P[2][3], 1e-9)
			assert.InDelta(t, c.tz, f.Calib.TrVeloToCam[11], 1e-12)
			for _, p := range f.Image.Pix {
				require.True(t, p >= 0 && p <= 1, "intensity %v outside [0, 1]", p)
			}
		})
	}
}

func TestLabelsReal(t *testing.T) {
	objs, err := ReadLabels(shareddata.Path(t, "kitti/object/training/label_2/000000.txt"))
	require.NoError(t, err)
	require.Len(t, objs, 1)
	want := Object{
		Type: "Pedestrian", Truncated: 0, Occluded: 0, Alpha: -0.20,
		BBox:   [4]float64{712.40, 143.00, 810.73, 307.92},
		Height: 1.89, Width: 0.48, Length: 1.20,
		Location: [3]float64{1.84, 1.47, 8.41}, RotationY: 0.01,
	}
	assert.Equal(t, want, objs[0])
	assert.False(t, objs[0].DontCare())
}

func TestVeloToImageProjectsIntoImage(t *testing.T) {
	dir := shareddata.Path(t, "kitti/object/training")
	f, err := ReadFrame(dir, "000001")
	require.NoError(t, err)
	m := f.Calib.VeloToImage(2)
	inside := 0
	p := f.Scan.Points
	for i := 0; i+3 < len(p); i += 4 {
		x, y, z := float64(p[i]), float64(p[i+1]), float64(p[i+2])
		w := m[8]*x + m[9]*y + m[10]*z + m[11]
		if w <= 0 {
			continue
		}
		u := (m[0]*x + m[1]*y + m[2]*z + m[3]) / w
		v := (m[4]*x + m[5]*y + m[6]*z + m[7]) / w
		if u >= 0 && u < float64(f.Image.Width) && v >= 0 && v < float64(f.Image.Height) {
			inside++
		}
	}
	// About 20,000 points with positive depth land inside the image.
	assert.InDelta(t, 20000, inside, 3000)
}

func TestRawCalibReal(t *testing.T) {
	dir := shareddata.Path(t, "kitti/raw/2011_09_26")
	c2c, err := ReadRawCamToCam(filepath.Join(dir, "calib_cam_to_cam.txt"))
	require.NoError(t, err)
	assert.Equal(t, [2]float64{1242, 375}, c2c.Cameras[2].RectSize)
	assert.InDelta(t, 4.485728e1, c2c.Cameras[2].PRect[3], 1e-12)
	assert.InDelta(t, 9.950000e-02, c2c.CornerDist, 1e-12)

	v2c, err := ReadRawRigid(filepath.Join(dir, "calib_velo_to_cam.txt"))
	require.NoError(t, err)
	m := v2c.Mat34()
	assert.InDelta(t, -2.717806e-01, m[11], 1e-12)
	assert.InDelta(t, 7.533745e-03, m[0], 1e-12)
	assert.Equal(t, "15-Mar-2012 11:37:16", v2c.CalibTime)
}

func TestTimestampsReal(t *testing.T) {
	ts, err := ReadTimestamps(shareddata.Path(t, "kitti/raw/2011_09_26/2011_09_26_drive_0001_sync/velodyne_points/timestamps.txt"))
	require.NoError(t, err)
	require.Len(t, ts, 108)
	want := time.Date(2011, 9, 26, 13, 2, 25, 951199337, time.UTC)
	assert.True(t, ts[0].Equal(want), "first stamp %v, want %v", ts[0], want)
	assert.Equal(t, 103082324*time.Nanosecond, ts[1].Sub(ts[0]))
}

func TestParseErrorsNameFileAndLine(t *testing.T) {
	cases := []struct {
		name  string
		parse func() error
		want  string
	}{
		{"timestamp", func() error {
			_, err := ParseTimestamps(strings.NewReader("2011-09-26 13:02:25.1\n2011-09-26 xx\n"), "ts.txt")
			return err
		}, "ts.txt:2: invalid timestamp"},
		{"blank timestamp", func() error {
			_, err := ParseTimestamps(strings.NewReader("2011-09-26 13:02:25.1\n\n"), "ts.txt")
			return err
		}, "ts.txt:2: blank line"},
		{"label fields", func() error {
			_, err := ParseLabels(strings.NewReader("Car 0 0 0 1 2 3\n"), "l.txt")
			return err
		}, "l.txt:1: 7 fields"},
		{"label number", func() error {
			_, err := ParseLabels(strings.NewReader("Car 0 0 0 1 2 3 4 1 1 1 0 0 x 0\n"), "l.txt")
			return err
		}, `l.txt:1: label value 13: invalid number "x"`},
		{"calib count", func() error {
			_, err := ParseCalib(strings.NewReader("P0: 1 2 3\n"), "c.txt")
			return err
		}, "c.txt:1: P0 has 3 values, expected 12"},
		{"calib missing", func() error {
			_, err := ParseCalib(strings.NewReader(""), "c.txt")
			return err
		}, `c.txt: missing key "P0"`},
		{"calib nan", func() error {
			_, err := ParseCalib(strings.NewReader("\nP0: 1 2 3 4 5 6 7 8 9 10 11 NaN\n"), "c.txt")
			return err
		}, "c.txt:2: P0 value 12 is NaN"},
		{"scan size", func() error {
			_, err := ParseScan(strings.NewReader("0123456789"), 10, "s.bin")
			return err
		}, "s.bin: size 10 bytes is not a multiple of 16"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.parse()
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func TestParseScanValues(t *testing.T) {
	// 1.0, -2.0, 0.5, 0.25 as little-endian float32.
	raw := "\x00\x00\x80\x3f\x00\x00\x00\xc0\x00\x00\x00\x3f\x00\x00\x80\x3e"
	s, err := ParseScan(strings.NewReader(raw), int64(len(raw)), "s.bin")
	require.NoError(t, err)
	assert.Equal(t, []float32{1, -2, 0.5, 0.25}, s.Points)
	assert.False(t, math.IsNaN(float64(s.Points[0])))
}
