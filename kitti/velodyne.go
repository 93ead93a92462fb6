package kitti

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
)

// Scan is one Velodyne sweep stored as consecutive (x, y, z, reflectance)
// float32 quadruples: x, y, z in metres in the Velodyne frame and
// reflectance in [0, 1]. Points keep the file order, which follows the
// laser firing sequence.
type Scan struct {
	Points []float32
}

// Len returns the number of points.
func (s *Scan) Len() int { return len(s.Points) / 4 }

// ReadScan reads a velodyne/NNNNNN.bin file of little-endian float32
// quadruples.
func ReadScan(path string) (*Scan, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("kitti: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("kitti: %w", err)
	}
	return ParseScan(f, st.Size(), path)
}

// ParseScan reads size bytes of little-endian float32 quadruples from r.
// name is the file name used in errors. It rejects a size that is not a
// multiple of 16 bytes but keeps NaN coordinates, which consumers filter.
func ParseScan(r io.Reader, size int64, name string) (*Scan, error) {
	if size%16 != 0 {
		return nil, fmt.Errorf("kitti: %s: size %d bytes is not a multiple of 16 (4 float32 per point)", name, size)
	}
	buf := make([]byte, size)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, fmt.Errorf("kitti: %s: %w", name, err)
	}
	pts := make([]float32, size/4)
	for i := range pts {
		pts[i] = math.Float32frombits(binary.LittleEndian.Uint32(buf[4*i:]))
	}
	return &Scan{Points: pts}, nil
}
