package ood

import (
	"fmt"
	"math"
)

// Box is a 3D bounding box in the rectified camera frame (x right, y down,
// z forward) in the KITTI label convention. Location is the centre of the
// bottom face, Height, Width and Length are in metres, and Yaw in radians
// rotates the box about the camera y axis.
type Box struct {
	Height, Width, Length float64
	Location              [3]float64
	Yaw                   float64
}

// FeatureNames names the entries of a feature vector, in order.
var FeatureNames = []string{
	"height", "width", "length",
	"log_points", "z_min", "z_max", "z_mean", "z_std",
	"reflectance_mean", "range",
}

// NumFeatures is the length of a feature vector.
const NumFeatures = 10

// Features computes the feature vector of box from points, (x, y, z,
// reflectance) quadruples in the rectified camera frame, into dst (length
// NumFeatures). Heights are measured upward from the box bottom. A box with
// no point inside gets zero point statistics. It rejects a box with a
// non-positive dimension.
func Features(box Box, points []float32, dst []float64) error {
	if len(dst) != NumFeatures {
		return fmt.Errorf("ood: feature buffer has length %d, expected %d", len(dst), NumFeatures)
	}
	if !(box.Height > 0 && box.Width > 0 && box.Length > 0) {
		return fmt.Errorf("ood: box dimensions h %v w %v l %v m, expected positive values", box.Height, box.Width, box.Length)
	}
	sy, cy := math.Sincos(box.Yaw)
	var n int
	var hMin, hMax, hSum, hSq, rSum float64
	hMin, hMax = math.Inf(1), math.Inf(-1)
	for i := 0; i+3 < len(points); i += 4 {
		dx := float64(points[i]) - box.Location[0]
		dy := float64(points[i+1]) - box.Location[1]
		dz := float64(points[i+2]) - box.Location[2]
		// Rotate into the box frame: the inverse of a yaw about y.
		ox := cy*dx - sy*dz
		oz := sy*dx + cy*dz
		h := -dy // height above the bottom face, y points down
		if math.Abs(ox) > box.Length/2 || math.Abs(oz) > box.Width/2 || h < 0 || h > box.Height {
			continue
		}
		n++
		hMin, hMax = math.Min(hMin, h), math.Max(hMax, h)
		hSum += h
		hSq += h * h
		rSum += float64(points[i+3])
	}
	dst[0], dst[1], dst[2] = box.Height, box.Width, box.Length
	dst[3] = math.Log1p(float64(n))
	if n > 0 {
		mean := hSum / float64(n)
		dst[4], dst[5], dst[6] = hMin, hMax, mean
		dst[7] = math.Sqrt(math.Max(0, hSq/float64(n)-mean*mean))
		dst[8] = rSum / float64(n)
	} else {
		clear(dst[4:9])
	}
	dst[9] = math.Hypot(box.Location[0], box.Location[2])
	return nil
}
