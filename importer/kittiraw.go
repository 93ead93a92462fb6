package importer

import (
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/kitti"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/sensor_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/tf2_msgs"
)

// KITTIRawOptions configures ImportKITTIRaw.
type KITTIRawOptions struct {
	// Camera is the camera whose trigger times and calibration are
	// written, 0–3; the default 2 is the left colour camera.
	Camera *int
	// Shift is added to every camera stamp, s, to inject a time-sync
	// fault; 0 keeps the recorded stamps. fusion_monitor learns its
	// nominal offset over its first time_sync.warm_up pairs, so it takes a
	// constant shift for the nominal offset unless warm_up is 0 and
	// nominal_offset is the offset of the recorded stamps. With a non-zero
	// Shift, ImportKITTIRaw writes those two values to FusionParamsFile.
	Shift  float64
	Writer bag.WriterOptions
	Logger *slog.Logger
}

// KITTIRawSummary reports one raw-drive import with the measured
// camera − LiDAR stamp offset.
type KITTIRawSummary struct {
	Output string `json:"output"`
	Frames int    `json:"frames"`
	Camera int    `json:"camera"`
	// OffsetMean and OffsetStd are the mean and standard deviation of the
	// camera − LiDAR stamp difference over all frames, s, after Shift.
	OffsetMean float64 `json:"offset_mean"`
	OffsetStd  float64 `json:"offset_std"`
	// NominalOffset is the mean camera − LiDAR stamp difference of the
	// recorded stamps, before Shift, s.
	NominalOffset float64 `json:"nominal_offset"`
	// ParamsFile is the fusion_monitor parameter file in the bag directory
	// that sets time_sync.warm_up to 0 and time_sync.nominal_offset to
	// NominalOffset, and ParamArgs the same values as -p overrides. Both
	// are empty when Shift is 0.
	ParamsFile string `json:"params_file,omitempty"`
	ParamArgs  string `json:"param_args,omitempty"`
}

// ImportKITTIRaw writes the trigger times of a KITTI raw drive to a new bag
// at out, without images or scans. Each frame gets a CameraInfo of the
// chosen camera at its stamp (image_0N/timestamps.txt) and a
// TimeSyncStatus that pairs it with the Velodyne stamp of the same frame
// (velodyne_points/timestamps.txt). The LiDAR-to-camera extrinsic goes on
// /tf_static. drive is the drive directory, for example
// 2011_09_26/2011_09_26_drive_0001_sync, and the calibration files
// calib_cam_to_cam.txt and calib_velo_to_cam.txt are read from its parent.
func ImportKITTIRaw(drive, out string, opts KITTIRawOptions) (sum KITTIRawSummary, err error) {
	camera := 2
	if opts.Camera != nil {
		camera = *opts.Camera
	}
	if camera < 0 || camera > 3 {
		return sum, fmt.Errorf("importer: invalid camera %d: KITTI has cameras 0 to 3", camera)
	}
	if opts.Writer == (bag.WriterOptions{}) {
		opts.Writer = bag.WriterOptions{Chunked: true, Compression: bag.CompressionZstd}
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	sum = KITTIRawSummary{Output: out, Camera: camera}
	calibDir := filepath.Dir(filepath.Clean(drive))
	if _, err := os.Stat(filepath.Join(calibDir, "calib_cam_to_cam.txt")); err != nil {
		return sum, fmt.Errorf("importer: %s: no calib_cam_to_cam.txt beside the drive directory %s: give a drive directory inside its date directory", calibDir, drive)
	}
	camCalib, err := kitti.ReadRawCamToCam(filepath.Join(calibDir, "calib_cam_to_cam.txt"))
	if err != nil {
		return sum, fmt.Errorf("importer: %w", err)
	}
	veloCalib, err := kitti.ReadRawRigid(filepath.Join(calibDir, "calib_velo_to_cam.txt"))
	if err != nil {
		return sum, fmt.Errorf("importer: %w", err)
	}
	ext, err := fusion.RigidFromMat34(veloCalib.Mat34())
	if err != nil {
		return sum, fmt.Errorf("importer: calib_velo_to_cam.txt: %w", err)
	}
	camStamps, err := kitti.ReadTimestamps(filepath.Join(drive, fmt.Sprintf("image_%02d", camera), "timestamps.txt"))
	if err != nil {
		return sum, fmt.Errorf("importer: %w", err)
	}
	lidarStamps, err := kitti.ReadTimestamps(filepath.Join(drive, "velodyne_points", "timestamps.txt"))
	if err != nil {
		return sum, fmt.Errorf("importer: %w", err)
	}
	if len(camStamps) != len(lidarStamps) || len(camStamps) == 0 {
		return sum, fmt.Errorf("importer: %s: %d camera and %d Velodyne stamps, expected the same positive number in a synchronised drive",
			drive, len(camStamps), len(lidarStamps))
	}

	// The projection of the rectified camera N uses the rectifying
	// rotation of camera 0, as the KITTI development kit does.
	c := camCalib.Cameras[camera]
	cam := fusion.Camera{Width: int(c.RectSize[0]), Height: int(c.RectSize[1]), R: camCalib.Cameras[0].RRect, P: c.PRect}
	if err := cam.Validate(); err != nil {
		return sum, fmt.Errorf("importer: calib_cam_to_cam.txt camera %d: %w", camera, err)
	}

	w, err := bag.Create(out, opts.Writer)
	if err != nil {
		return sum, err
	}
	defer func() {
		if cerr := w.Close(); cerr != nil && err == nil {
			err = cerr
		}
		if err == nil && opts.Shift != 0 {
			err = sum.writeParams(out, opts.Shift)
		}
	}()
	sw := &cycleWriter{w: w}
	if err := addTopics(w, []bagTopic{
		{TopicTFStatic, &tf2_msgs.TFMessage{}, true},
		{TopicCameraInfo, &sensor_msgs.CameraInfo{}, false},
		{TopicTimeSync, &ebm_av.TimeSyncStatus{}, false},
	}); err != nil {
		return sum, err
	}
	shift := time.Duration(math.Round(opts.Shift * 1e9))
	first := min(camStamps[0].Add(shift).UnixNano(), lidarStamps[0].UnixNano())
	tf := StaticTransform(ext, first)
	if err := sw.put(TopicTFStatic, first, &tf); err != nil {
		return sum, err
	}
	var sumOffset, sumSquares, sumRecorded float64
	for k := range camStamps {
		sumRecorded += float64(camStamps[k].UnixNano()-lidarStamps[k].UnixNano()) * 1e-9
		camNs := camStamps[k].Add(shift).UnixNano()
		lidarNs := lidarStamps[k].UnixNano()
		info := msgconv.CameraInfoMsg(cam, intrinsics(c.PRect), camNs, FrameCamera)
		if err := sw.put(TopicCameraInfo, camNs, &info); err != nil {
			return sum, err
		}
		matched := max(camNs, lidarNs)
		status := ebm_av.TimeSyncStatus{
			Header: msgconv.Header(matched, FrameCamera), CameraFrameID: FrameCamera, LidarFrameID: FrameLidar,
			CameraStamp: msgconv.Stamp(camNs), LidarStamp: msgconv.Stamp(lidarNs),
		}
		if err := sw.put(TopicTimeSync, matched, &status); err != nil {
			return sum, err
		}
		offset := float64(camNs-lidarNs) * 1e-9
		sumOffset += offset
		sumSquares += offset * offset
	}
	n := float64(len(camStamps))
	sum.Frames = len(camStamps)
	sum.OffsetMean = sumOffset / n
	sum.OffsetStd = math.Sqrt(max(0, sumSquares/n-sum.OffsetMean*sum.OffsetMean))
	sum.NominalOffset = sumRecorded / n
	log.Info("imported KITTI raw trigger times", "drive", drive, "out", out, "frames", sum.Frames,
		"camera", camera, "offset_mean_s", sum.OffsetMean, "offset_std_s", sum.OffsetStd)
	return sum, nil
}

// writeParams writes the time-sync parameters under which fusion_monitor
// judges the shifted stamps against the recorded offset to
// out/FusionParamsFile, and records the file and the equivalent -p
// overrides in sum.
func (sum *KITTIRawSummary) writeParams(out string, shift float64) error {
	params := []fusionParam{
		{Name: "time_sync.nominal_offset", Value: sum.NominalOffset,
			Comment: fmt.Sprintf("s camera %02d - LiDAR, mean of the recorded stamps before the shift", sum.Camera)},
		{Name: "time_sync.warm_up", Value: 0, Integer: true, Comment: "use nominal_offset instead of learning it from the shifted stamps"},
	}
	header := fmt.Sprintf("fusion_monitor parameters for this bag, written by ebm import kitti --shift %g.\n", shift) +
		"They make fusion_monitor compare the shifted camera stamps with the recorded offset.\n" +
		fusionParamsUsage
	path, err := writeFusionParams(out, header, params)
	if err != nil {
		return err
	}
	sum.ParamsFile, sum.ParamArgs = path, fusionParamArgs(params)
	return nil
}
