// Package kitti reads the KITTI vision benchmark formats: object-benchmark
// frames (calibration, left colour image, Velodyne scan, 3D box labels) and
// the raw-recording calibration and timestamp files.
//
// Coordinate frames follow the KITTI development kit. The Velodyne frame has
// x forward, y left and z up, in metres. The camera frame has x right, y down
// and z forward. Labels give object locations in the rectified camera frame
// of camera 0. A Velodyne point X projects into the image of camera 2 as
// P2 · R0_rect · Tr_velo_to_cam · X in homogeneous coordinates.
//
// Every parse error names the file and, where one applies, the line.
package kitti
