package fusionnode

import (
	"math"

	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/geometry_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/std_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/visualization_msgs"
)

const (
	markerPointSize = 0.05 // POINTS marker width and height, m
	// fullJump is the range jump between scan neighbours, m, that counts as
	// a full depth discontinuity in the residual.
	fullJump = 1.0
	// fullEdge is the Sobel gradient magnitude, per pixel of the [0, 1]
	// luminance, that counts as a full image edge.
	fullEdge = 0.1
)

// markersMsg draws the points of res that project into the image as one
// POINTS marker in the LiDAR frame, after a DELETEALL. Each point is
// coloured by its residual r = jump·(1 − edge) from green (0) to red (1):
// jump is the range step to its scan neighbours over fullJump and edge the
// image gradient at its pixel over fullEdge, both clamped to [0, 1]. A depth
// discontinuity that lands on flat image is red. A de-skewed frame projects
// each point where the scene scored it, and draws it where it was measured.
func markersMsg(res *frameResult, stride int, sweep fusion.Sweep) visualization_msgs.MarkerArray {
	header := msgconv.Header(res.cloud.stamp, res.cloud.frame)
	pts := res.cloud.points
	proj := projectionMatrix(res.camera, res.extrinsic)
	img := res.image.img
	marker := visualization_msgs.Marker{
		Header: header, Ns: "lidar_residual", Type: visualization_msgs.MarkerPoints, Action: visualization_msgs.MarkerAdd,
		Pose: msgconv.Pose(0, 0, 0), Scale: geometry_msgs.Vector3{X: markerPointSize, Y: markerPointSize},
		Color: std_msgs.ColorRGBA{A: 1},
	}
	n := len(pts) / 4
	for i := 0; i < n; i += stride {
		x, y, z := float64(pts[4*i]), float64(pts[4*i+1]), float64(pts[4*i+2])
		px, py := x, y
		if res.deskewed {
			px, py = sweep.Deskew(x, y, res.motion)
		}
		u, v, ok := project(proj, px, py, z, img.Width, img.Height)
		if !ok {
			continue
		}
		r := math.Hypot(x, y)
		jump := 0.0
		for _, j := range []int{i - 1, i + 1} {
			if j >= 0 && j < n {
				jump = math.Max(jump, math.Abs(math.Hypot(float64(pts[4*j]), float64(pts[4*j+1]))-r))
			}
		}
		residual := math.Min(1, jump/fullJump) * (1 - math.Min(1, sobel(img, u, v)/fullEdge))
		marker.Points = append(marker.Points, geometry_msgs.Point{X: x, Y: y, Z: z})
		marker.Colors = append(marker.Colors, std_msgs.ColorRGBA{R: float32(residual), G: float32(1 - residual), A: 1})
	}
	return visualization_msgs.MarkerArray{Markers: []visualization_msgs.Marker{
		{Header: header, Action: visualization_msgs.MarkerDeleteall},
		marker,
	}}
}

// projectionMatrix returns P·R·[R_ext | t_ext], the 3×4 matrix that maps
// homogeneous LiDAR points to homogeneous pixels.
func projectionMatrix(cam fusion.Camera, ext fusion.Rigid) [12]float64 {
	e := ext.Mat34()
	var rt, out [12]float64
	for i := 0; i < 3; i++ {
		for j := 0; j < 4; j++ {
			rt[4*i+j] = cam.R[3*i]*e[j] + cam.R[3*i+1]*e[4+j] + cam.R[3*i+2]*e[8+j]
		}
	}
	for i := 0; i < 3; i++ {
		for j := 0; j < 4; j++ {
			out[4*i+j] = cam.P[4*i]*rt[j] + cam.P[4*i+1]*rt[4+j] + cam.P[4*i+2]*rt[8+j]
			if j == 3 {
				out[4*i+j] += cam.P[4*i+3]
			}
		}
	}
	return out
}

// project returns the pixel of a LiDAR point and whether it lies in front
// of the camera and inside a width×height image.
func project(p [12]float64, x, y, z float64, width, height int) (int, int, bool) {
	w := p[8]*x + p[9]*y + p[10]*z + p[11]
	if w <= 0 {
		return 0, 0, false
	}
	u := (p[0]*x + p[1]*y + p[2]*z + p[3]) / w
	v := (p[4]*x + p[5]*y + p[6]*z + p[7]) / w
	if !(u >= 0 && u < float64(width) && v >= 0 && v < float64(height)) {
		return 0, 0, false
	}
	return int(u), int(v), true
}

// sobel returns the Sobel gradient magnitude of img at (u, v), 0 on the
// border.
func sobel(img fusion.Image, u, v int) float64 {
	if u < 1 || v < 1 || u >= img.Width-1 || v >= img.Height-1 {
		return 0
	}
	at := func(du, dv int) float64 { return float64(img.Pix[(v+dv)*img.Width+u+du]) }
	gx := at(1, -1) + 2*at(1, 0) + at(1, 1) - at(-1, -1) - 2*at(-1, 0) - at(-1, 1)
	gy := at(-1, 1) + 2*at(0, 1) + at(1, 1) - at(-1, -1) - 2*at(0, -1) - at(1, -1)
	return math.Hypot(gx, gy) / 8
}
