package kitti

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// RawCameraCalib is the calibration of one camera in a raw-recording
// calib_cam_to_cam.txt file.
type RawCameraCalib struct {
	// Size is the unrectified image size in pixels (width, height).
	Size [2]float64
	// K is the intrinsic matrix, D the distortion coefficients
	// (k1, k2, p1, p2, k3).
	K Mat33
	D [5]float64
	// R and T give the pose of the camera relative to camera 0 (T in metres).
	R Mat33
	T [3]float64
	// RectSize, RRect and PRect describe the rectified camera: image size,
	// rectifying rotation and projection matrix.
	RectSize [2]float64
	RRect    Mat33
	PRect    Mat34
}

// RawCamToCam is a calib_cam_to_cam.txt file.
type RawCamToCam struct {
	CalibTime  string
	CornerDist float64
	Cameras    [4]RawCameraCalib
}

// RawRigid is a calib_velo_to_cam.txt or calib_imu_to_velo.txt file: a
// rotation R and a translation T in metres.
type RawRigid struct {
	CalibTime string
	R         Mat33
	T         [3]float64
}

// Mat34 returns [R | T].
func (r *RawRigid) Mat34() Mat34 {
	var m Mat34
	for i := 0; i < 3; i++ {
		copy(m[4*i:4*i+3], r.R[3*i:3*i+3])
		m[4*i+3] = r.T[i]
	}
	return m
}

// ReadRawCamToCam reads a raw-recording calib_cam_to_cam.txt file.
func ReadRawCamToCam(path string) (*RawCamToCam, error) {
	kv, err := readKeyValuesFile(path)
	if err != nil {
		return nil, err
	}
	var c RawCamToCam
	c.CalibTime = kv.fields["calib_time"]
	var cd [1]float64
	if err := kv.floats("corner_dist", cd[:]); err != nil {
		return nil, err
	}
	c.CornerDist = cd[0]
	for i := range c.Cameras {
		cam := &c.Cameras[i]
		fields := []struct {
			key string
			dst []float64
		}{
			{"S", cam.Size[:]}, {"K", cam.K[:]}, {"D", cam.D[:]}, {"R", cam.R[:]}, {"T", cam.T[:]},
			{"S_rect", cam.RectSize[:]}, {"R_rect", cam.RRect[:]}, {"P_rect", cam.PRect[:]},
		}
		for _, f := range fields {
			if err := kv.floats(fmt.Sprintf("%s_%02d", f.key, i), f.dst); err != nil {
				return nil, err
			}
		}
	}
	return &c, nil
}

// ReadRawRigid reads a raw-recording calib_velo_to_cam.txt or
// calib_imu_to_velo.txt file. Extra keys such as delta_f and delta_c are
// ignored.
func ReadRawRigid(path string) (*RawRigid, error) {
	kv, err := readKeyValuesFile(path)
	if err != nil {
		return nil, err
	}
	r := RawRigid{CalibTime: kv.fields["calib_time"]}
	if err := kv.floats("R", r.R[:]); err != nil {
		return nil, err
	}
	if err := kv.floats("T", r.T[:]); err != nil {
		return nil, err
	}
	return &r, nil
}

func readKeyValuesFile(path string) (*keyValues, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("kitti: %w", err)
	}
	defer f.Close()
	return readKeyValues(f, path)
}

// TimestampLayout is the layout of raw-recording timestamp lines, for
// example "2011-09-26 13:02:25.951199337". The clock is the recording
// computer's local time and carries no zone, so the times parse as UTC.
const TimestampLayout = "2006-01-02 15:04:05.999999999"

// ReadTimestamps reads a raw-recording timestamps.txt file, one stamp per
// frame.
func ReadTimestamps(path string) ([]time.Time, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("kitti: %w", err)
	}
	defer f.Close()
	return ParseTimestamps(f, path)
}

// ParseTimestamps parses timestamp lines from r. name is the file name used
// in errors. Blank lines are rejected because they would shift the frame
// index of every later stamp.
func ParseTimestamps(r io.Reader, name string) ([]time.Time, error) {
	var ts []time.Time
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			return nil, fmt.Errorf("kitti: %s:%d: blank line, expected a timestamp like %q", name, n, "2011-09-26 13:02:25.951199337")
		}
		t, err := time.Parse(TimestampLayout, line)
		if err != nil {
			return nil, fmt.Errorf("kitti: %s:%d: invalid timestamp %q: expected the layout %q", name, n, clip(line), "YYYY-MM-DD HH:MM:SS.fffffffff")
		}
		ts = append(ts, t)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("kitti: %s: %w", name, err)
	}
	return ts, nil
}
