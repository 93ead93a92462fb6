package importer

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/kitti"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/sensor_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/tf2_msgs"
)

// bagMessages returns the messages of the bag at path per topic, in order.
func bagMessages(t *testing.T, path string) (map[string][]bag.Message, map[string]*bag.Topic) {
	r, err := bag.Open(path, bag.ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	msgs := map[string][]bag.Message{}
	topics := map[string]*bag.Topic{}
	for m, err := range r.Messages(bag.Filter{}) {
		require.NoError(t, err)
		msgs[m.Topic.Name] = append(msgs[m.Topic.Name], m)
		topics[m.Topic.Name] = m.Topic
	}
	return msgs, topics
}

func TestImportKITTIObjectFrames(t *testing.T) {
	dir := shareddata.Path(t, "kitti/object/training")
	out := filepath.Join(t.TempDir(), "kitti")
	sum, err := ImportKITTI(dir, out, KITTIOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"000000", "000001"}, sum.Frames)
	assert.Equal(t, []string{"Car", "Pedestrian", "Truck"}, sum.Classes)
	assert.Equal(t, 4, sum.Objects)
	assert.Less(t, sum.OODThreshold, 0.0, "known validation samples have negative free energy")

	msgs, topics := bagMessages(t, out)
	assert.Len(t, msgs[TopicTFStatic], 2, "the frames come from drives with different calibrations")
	assert.Contains(t, topics[TopicTFStatic].OfferedQoSProfiles, "durability: 1", "transient local")
	for _, topic := range []string{TopicCameraInfo, TopicImage, TopicDetections, TopicPointCloud} {
		assert.Len(t, msgs[topic], 2, topic)
	}

	// Frame 000001 round-trips: the scan, the image size and the camera.
	fr, err := kitti.ReadFrame(dir, "000001")
	require.NoError(t, err)
	var cloud sensor_msgs.PointCloud2
	require.NoError(t, cdr.Unmarshal(msgs[TopicPointCloud][1].Data, &cloud))
	assert.Equal(t, FrameLidar, cloud.Header.FrameID)
	got, err := msgconv.PointCloud(&cloud)
	require.NoError(t, err)
	assert.Equal(t, fr.Scan.Points, got.Points)
	assert.Equal(t, 120268, len(got.Points)/4)

	var img sensor_msgs.Image
	require.NoError(t, cdr.Unmarshal(msgs[TopicImage][1].Data, &img))
	lum, err := msgconv.Luminance(&img)
	require.NoError(t, err)
	assert.Equal(t, fusion.Image(*fr.Image), lum, "same luminance as the kitti package decodes")

	var info sensor_msgs.CameraInfo
	require.NoError(t, cdr.Unmarshal(msgs[TopicCameraInfo][1].Data, &info))
	cam, err := msgconv.Camera(&info)
	require.NoError(t, err)
	assert.Equal(t, fusion.Camera{Width: 1242, Height: 375, R: fr.Calib.R0Rect, P: fr.Calib.P[2]}, cam)

	var tf tf2_msgs.TFMessage
	require.NoError(t, cdr.Unmarshal(msgs[TopicTFStatic][1].Data, &tf))
	ts, ok := msgconv.FindTransform(&tf, FrameCamera, FrameLidar)
	require.True(t, ok)
	ext, err := msgconv.Extrinsic(ts.Transform)
	require.NoError(t, err)
	want, err := fusion.RigidFromMat34(fr.Calib.TrVeloToCam)
	require.NoError(t, err)
	assert.InDeltaSlice(t, want.R[:], ext.R[:], 1e-6)
	assert.Equal(t, want.T, ext.T)

	// Detections: boxes in the LiDAR frame with one logit per class.
	var det ebm_av.DetectedObjects
	require.NoError(t, cdr.Unmarshal(msgs[TopicDetections][1].Data, &det))
	require.Len(t, det.Objects, 3)
	assert.Equal(t, FrameLidar, det.Header.FrameID)
	require.NoError(t, msgconv.ValidateDetections(&det))
	car := det.Objects[1] // Car at camera (-16.53, 2.39, 58.49), 1.67 m high
	assert.Equal(t, "000001/1", car.ID)
	assert.InDelta(t, 58.8, car.Pose.Position.X, 0.5, "about 58.5 m ahead plus the LiDAR offset")
	assert.InDelta(t, 16.5, car.Pose.Position.Y, 0.5, "camera x right is LiDAR y left")
	assert.InDelta(t, -0.9, car.Pose.Position.Z, 0.3, "box centre about 0.8 m above the road, LiDAR 1.73 m up")
	assert.Equal(t, 3.69, car.Dimensions.X)
}

func TestImportKITTIRawTriggerTimes(t *testing.T) {
	drive := shareddata.Path(t, "kitti/raw/2011_09_26/2011_09_26_drive_0001_sync")
	out := filepath.Join(t.TempDir(), "raw")
	sum, err := ImportKITTIRaw(drive, out, KITTIRawOptions{})
	require.NoError(t, err)
	assert.Equal(t, 108, sum.Frames)
	assert.InDelta(t, 0.0105, sum.OffsetMean, 0.0002)
	assert.InDelta(t, 0.00004, sum.OffsetStd, 0.00002)

	msgs, _ := bagMessages(t, out)
	require.Len(t, msgs[TopicTimeSync], 108)
	require.Len(t, msgs[TopicCameraInfo], 108)
	var first ebm_av.TimeSyncStatus
	require.NoError(t, cdr.Unmarshal(msgs[TopicTimeSync][0].Data, &first))
	// 2011-09-26 13:02:25.961661696 and 13:02:25.951199337, read as UTC.
	assert.Equal(t, int64(1317042145961661696), msgconv.Nanos(first.CameraStamp))
	assert.Equal(t, int64(1317042145951199337), msgconv.Nanos(first.LidarStamp))

	var info sensor_msgs.CameraInfo
	require.NoError(t, cdr.Unmarshal(msgs[TopicCameraInfo][0].Data, &info))
	assert.Equal(t, msgconv.Stamp(1317042145961661696), info.Header.Stamp, "camera info at the camera trigger time")
	_, err = msgconv.Camera(&info)
	require.NoError(t, err)
	assert.Equal(t, uint32(1242), info.Width)
}

func TestImportKITTIRepeatedFrame(t *testing.T) {
	dir := shareddata.Path(t, "kitti/object/training")
	once, err := ImportKITTI(dir, filepath.Join(t.TempDir(), "once"), KITTIOptions{Frames: []string{"000000", "000001"}})
	require.NoError(t, err)
	out := filepath.Join(t.TempDir(), "repeated")
	repeated, err := ImportKITTI(dir, out, KITTIOptions{Frames: []string{"000000", "000001", "000001"}})
	require.NoError(t, err)

	// The repeat is played but does not train the stand-in detector again.
	assert.Equal(t, once.OODThreshold, repeated.OODThreshold)
	assert.Equal(t, []string{"000000", "000001", "000001"}, repeated.Frames)
	msgs, _ := bagMessages(t, out)
	assert.Len(t, msgs[TopicImage], 3)
}

func TestImportKITTIRejectsBadDirectories(t *testing.T) {
	_, err := ImportKITTI(t.TempDir(), filepath.Join(t.TempDir(), "out"), KITTIOptions{})
	assert.ErrorContains(t, err, "no calib/*.txt")
	_, err = ImportKITTIRaw(filepath.Join(t.TempDir(), "drive"), filepath.Join(t.TempDir(), "out"), KITTIRawOptions{})
	assert.ErrorContains(t, err, "no calib_cam_to_cam.txt")
	camera := 5
	_, err = ImportKITTIRaw(t.TempDir(), filepath.Join(t.TempDir(), "out"), KITTIRawOptions{Camera: &camera})
	assert.ErrorContains(t, err, "invalid camera 5")
}
