package kitti

import (
	"fmt"
	"io"
	"os"
)

// Mat34 is a 3×4 matrix in row-major order, as KITTI stores projection
// matrices and rigid transforms [R | t] (t in metres).
type Mat34 [12]float64

// Mat33 is a 3×3 matrix in row-major order.
type Mat33 [9]float64

// Calib is the calibration of one object-benchmark frame.
type Calib struct {
	// P holds the rectified projection matrices P0–P3 of cameras 0–3 in
	// pixels. P2 belongs to the left colour camera (image_2).
	P [4]Mat34
	// R0Rect rotates camera-0 coordinates into the rectified camera frame.
	R0Rect Mat33
	// TrVeloToCam maps Velodyne points (metres) into the unrectified
	// camera-0 frame (metres).
	TrVeloToCam Mat34
	// TrImuToVelo maps GPS/IMU points into the Velodyne frame.
	TrImuToVelo Mat34
}

// ReadCalib reads an object-benchmark calibration file (calib/NNNNNN.txt).
func ReadCalib(path string) (*Calib, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("kitti: %w", err)
	}
	defer f.Close()
	return ParseCalib(f, path)
}

// ParseCalib parses an object-benchmark calibration from r. name is the
// file name used in errors.
func ParseCalib(r io.Reader, name string) (*Calib, error) {
	kv, err := readKeyValues(r, name)
	if err != nil {
		return nil, err
	}
	var c Calib
	for i := range c.P {
		if err := kv.floats(fmt.Sprintf("P%d", i), c.P[i][:]); err != nil {
			return nil, err
		}
	}
	if err := kv.floats("R0_rect", c.R0Rect[:]); err != nil {
		return nil, err
	}
	if err := kv.floats("Tr_velo_to_cam", c.TrVeloToCam[:]); err != nil {
		return nil, err
	}
	if err := kv.floats("Tr_imu_to_velo", c.TrImuToVelo[:]); err != nil {
		return nil, err
	}
	return &c, nil
}

// VeloToImage returns the 3×4 matrix P_cam · R0_rect · Tr_velo_to_cam that
// maps homogeneous Velodyne points to homogeneous pixel coordinates of camera
// cam (0–3). It panics when cam is out of range.
func (c *Calib) VeloToImage(cam int) Mat34 {
	// rt = R0_rect · Tr_velo_to_cam, a 3×4 matrix.
	var rt Mat34
	for i := 0; i < 3; i++ {
		for j := 0; j < 4; j++ {
			var s float64
			for k := 0; k < 3; k++ {
				s += c.R0Rect[3*i+k] * c.TrVeloToCam[4*k+j]
			}
			rt[4*i+j] = s
		}
	}
	// The result is P · [rt; 0 0 0 1].
	p := &c.P[cam]
	var m Mat34
	for i := 0; i < 3; i++ {
		for j := 0; j < 4; j++ {
			var s float64
			for k := 0; k < 3; k++ {
				s += p[4*i+k] * rt[4*k+j]
			}
			if j == 3 {
				s += p[4*i+3]
			}
			m[4*i+j] = s
		}
	}
	return m
}
