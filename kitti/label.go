package kitti

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

// Object is one line of a KITTI label file (label_2/NNNNNN.txt).
type Object struct {
	// Type is the class: Car, Van, Truck, Pedestrian, Person_sitting,
	// Cyclist, Tram, Misc or DontCare.
	Type string
	// Truncated is the fraction in [0, 1] of the object outside the image.
	Truncated float64
	// Occluded is 0 (fully visible), 1 (partly occluded), 2 (largely
	// occluded), 3 (unknown), or -1 for DontCare regions.
	Occluded int
	// Alpha is the observation angle in radians, in [-π, π].
	Alpha float64
	// BBox is the 2D box in image_2 pixels: left, top, right, bottom.
	BBox [4]float64
	// Height, Width and Length are the 3D box dimensions in metres.
	Height, Width, Length float64
	// Location is the centre of the box bottom face in the rectified camera
	// frame, in metres.
	Location [3]float64
	// RotationY is the yaw about the camera y axis in radians, in [-π, π].
	RotationY float64
}

// DontCare reports whether the line marks an unlabelled region.
func (o *Object) DontCare() bool { return o.Type == "DontCare" }

// ReadLabels reads a label file.
func ReadLabels(path string) ([]Object, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("kitti: %w", err)
	}
	defer f.Close()
	return ParseLabels(f, path)
}

// ParseLabels parses label lines from r: type, truncated, occluded, alpha,
// 2D box (4 values), dimensions h w l, location x y z and rotation_y, with an
// optional trailing detection score that is ignored. name is the file name
// used in errors.
func ParseLabels(r io.Reader, name string) ([]Object, error) {
	var objs []Object
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 15 && len(fields) != 16 {
			return nil, fmt.Errorf("kitti: %s:%d: %d fields, expected 15 (or 16 with a score)", name, n, len(fields))
		}
		var v [14]float64
		where := fmt.Sprintf("%s:%d", name, n)
		if err := parseFloats(strings.Join(fields[1:15], " "), v[:], where, "label"); err != nil {
			return nil, err
		}
		o := Object{
			Type:      fields[0],
			Truncated: v[0],
			Occluded:  int(v[1]),
			Alpha:     v[2],
			BBox:      [4]float64{v[3], v[4], v[5], v[6]},
			Height:    v[7],
			Width:     v[8],
			Length:    v[9],
			Location:  [3]float64{v[10], v[11], v[12]},
			RotationY: v[13],
		}
		if float64(o.Occluded) != v[1] {
			return nil, fmt.Errorf("kitti: %s:%d: occluded %v is not an integer", name, n, v[1])
		}
		objs = append(objs, o)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("kitti: %s: %w", name, err)
	}
	return objs, nil
}
