package kitti

import (
	"fmt"
	"path/filepath"
)

// Frame is one object-benchmark frame: calibration, left colour image as
// luminance, Velodyne scan and labels.
type Frame struct {
	ID     string
	Calib  *Calib
	Image  *Gray
	Scan   *Scan
	Labels []Object
}

// ReadFrame reads frame id (for example "000001") from an object-benchmark
// split directory holding calib/, image_2/, velodyne/ and label_2/. A missing
// label file is an error because the training split always has one.
func ReadFrame(dir, id string) (*Frame, error) {
	f := &Frame{ID: id}
	var err error
	if f.Calib, err = ReadCalib(filepath.Join(dir, "calib", id+".txt")); err != nil {
		return nil, err
	}
	if f.Image, err = ReadImage(filepath.Join(dir, "image_2", id+".png")); err != nil {
		return nil, err
	}
	if f.Scan, err = ReadScan(filepath.Join(dir, "velodyne", id+".bin")); err != nil {
		return nil, err
	}
	if f.Labels, err = ReadLabels(filepath.Join(dir, "label_2", id+".txt")); err != nil {
		return nil, err
	}
	if f.Scan.Len() == 0 {
		return nil, fmt.Errorf("kitti: frame %s: empty Velodyne scan", id)
	}
	return f, nil
}
