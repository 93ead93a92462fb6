package test

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/sensor_msgs"
	"github.com/ebm-av/ebm_av/node/diag"
)

// badSensorBag copies the imported KITTI bag and appends, after its two
// frames, one bad message per case at 0.1 s steps, then frame 000001 again
// with good messages. Returns the stamp of that last frame.
func badSensorBag(t *testing.T, in, out string) int64 {
	r, err := bag.Open(in, bag.ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	w, err := bag.Create(out, bag.WriterOptions{Chunked: true})
	require.NoError(t, err)
	for _, topic := range r.Topics() {
		require.NoError(t, w.AddTopic(topic))
	}
	var image sensor_msgs.Image
	var info sensor_msgs.CameraInfo
	var cloud sensor_msgs.PointCloud2
	var last int64
	for m, err := range r.Messages(bag.Filter{}) {
		require.NoError(t, err)
		require.NoError(t, w.Write(m.Topic.Name, m.LogTime, m.Data))
		switch m.Topic.Name {
		case importer.TopicImage:
			require.NoError(t, cdr.Unmarshal(m.Data, &image))
		case importer.TopicCameraInfo:
			require.NoError(t, cdr.Unmarshal(m.Data, &info))
		case importer.TopicPointCloud:
			require.NoError(t, cdr.Unmarshal(m.Data, &cloud))
		}
		last = m.LogTime
	}
	put := func(topic string, stamp int64, msg cdr.Message) {
		data, err := cdr.Marshal(msg)
		require.NoError(t, err)
		require.NoError(t, w.Write(topic, stamp, data))
	}
	nan := float32(math.NaN())
	step := int64(100_000_000)

	// Each bad message comes with good partners at its stamp, so only the
	// bad one can stop the frame.
	frame := func(stamp int64, img *sensor_msgs.Image, ci *sensor_msgs.CameraInfo, pc *sensor_msgs.PointCloud2) {
		hdr := msgconv.Header(stamp, "")
		i, c, p := *img, *ci, *pc
		i.Header.Stamp, c.Header.Stamp, p.Header.Stamp = hdr.Stamp, hdr.Stamp, hdr.Stamp
		put(importer.TopicCameraInfo, stamp, &c)
		put(importer.TopicImage, stamp, &i)
		put(importer.TopicPointCloud, stamp, &p)
	}
	empty := msgconv.PointCloudMsg(nil, 0, importer.FrameLidar)
	noZ := cloud
	noZ.Fields = []sensor_msgs.PointField{cloud.Fields[0], cloud.Fields[1], cloud.Fields[3]}
	allNaN := msgconv.PointCloudMsg([]float32{nan, 0, 0, 0, 0, nan, 0, 0}, 0, importer.FrameLidar)
	monoData := image
	monoData.Step = image.Width
	monoData.Data = image.Data[:image.Width*image.Height]
	zeroP := info
	zeroP.P = [12]float64{}
	singularP := info
	singularP.P = [12]float64{700, 0, 600, 0, 700, 0, 600, 0, 0, 0, 0, 1}

	stamp := last
	for _, c := range []struct {
		img   *sensor_msgs.Image
		info  *sensor_msgs.CameraInfo
		cloud *sensor_msgs.PointCloud2
	}{
		{&image, &info, &empty}, {&image, &info, &noZ}, {&image, &info, &allNaN},
		{&monoData, &info, &cloud}, {&image, &zeroP, &cloud}, {&image, &singularP, &cloud},
	} {
		stamp += step
		frame(stamp, c.img, c.info, c.cloud)
	}
	stamp += step
	frame(stamp, &image, &info, &cloud)
	require.NoError(t, w.Close())
	return stamp
}

func TestKITTIBadInputReportedAndSurvived(t *testing.T) {
	dir := t.TempDir()
	input, _ := importKITTI(t, dir)
	bad := filepath.Join(dir, "bad")
	lastStamp := badSensorBag(t, input, bad)
	output := filepath.Join(dir, "replay")
	sum := replayFusion(t, bad, output)
	assert.Equal(t, 3, sum.Rejected[importer.TopicPointCloud], "empty, no z field, all NaN")
	assert.Equal(t, 1, sum.Rejected[importer.TopicImage], "rgb8 label on mono data")
	assert.Equal(t, 2, sum.Rejected[importer.TopicCameraInfo], "zero and singular P")

	out := readTopic[ebm_av.FusionDiagnostics](t, output, fusionTopic)
	// A rejected message is reported at ERROR or worse: the level shown is
	// debounced, so a STALE before it can still show.
	var errors, stale []string
	for _, f := range out {
		if f.Level >= byte(diag.Error) {
			errors = append(errors, f.Message)
		}
		if f.DriftLevel == byte(diag.Stale) {
			stale = append(stale, f.Message)
		}
	}
	for _, want := range []string{
		"invalid message on " + importer.TopicPointCloud + ": point cloud: height × width = 1 × 0: point cloud has no points",
		`invalid message on ` + importer.TopicPointCloud + `: point cloud: no field "z" among "x", "y", "intensity"`,
		"invalid message on " + importer.TopicPointCloud + ": point cloud: all 2 points have a NaN or infinite coordinate",
		"invalid message on " + importer.TopicImage + ": image: step 1242 bytes is less than width × 3 bytes per rgb8 pixel",
		"invalid message on " + importer.TopicCameraInfo + ": camera info: fusion: camera P is zero",
		"invalid message on " + importer.TopicCameraInfo + ": camera info: fusion: camera P has a singular left 3×3 block",
	} {
		found := false
		for _, e := range errors {
			found = found || len(e) >= len(want) && e[:len(want)] == want
		}
		assert.True(t, found, "no ERROR starting with %q among %q", want, errors)
	}

	// A frame whose only camera info was rejected is not assessed: STALE.
	assert.Contains(t, stale, "camera info stale by 0.100 s; calibration not assessed")

	// The node kept running: the good frame after the bad ones is
	// assessed, and its drift check is OK.
	final := out[len(out)-1]
	assert.Equal(t, msgconv.Stamp(lastStamp), final.Header.Stamp)
	assert.Equal(t, byte(diag.OK), final.DriftLevel, final.Message)
	assert.Equal(t, "extrinsic consistent", final.Message[:len("extrinsic consistent")])
}
