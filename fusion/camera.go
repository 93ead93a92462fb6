package fusion

import (
	"fmt"
	"math"
)

// Camera is a rectified pinhole camera as described by
// sensor_msgs/CameraInfo: image size in pixels, rectification rotation R and
// 3×4 projection matrix P, both row-major.
type Camera struct {
	Width, Height int
	R             [9]float64
	P             [12]float64
}

// Validate rejects a camera that cannot project: a non-positive size,
// non-finite values, an R that is not a rotation, or a P whose left 3×3
// block is singular.
func (c *Camera) Validate() error {
	if c.Width <= 0 || c.Height <= 0 {
		return fmt.Errorf("fusion: camera size %d×%d pixels, expected positive width and height", c.Width, c.Height)
	}
	for i, v := range c.P {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("fusion: camera P element %d is %v, expected a finite number", i, v)
		}
	}
	var left [9]float64
	var scale float64
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			left[3*i+j] = c.P[4*i+j]
			scale = math.Max(scale, math.Abs(c.P[4*i+j]))
		}
	}
	if scale == 0 {
		return fmt.Errorf("fusion: camera P is zero: set the projection matrix from CameraInfo.P or the calibration file")
	}
	// A singular left block maps a whole ray family to one pixel or none;
	// compare the determinant with the scale of the entries.
	if d := det3(left); math.Abs(d) < 1e-9*scale*scale*scale {
		return fmt.Errorf("fusion: camera P has a singular left 3×3 block (determinant %.3g): check the projection matrix", d)
	}
	if err := validateRotation(c.R, "camera rectification R"); err != nil {
		return err
	}
	return nil
}

// projection is the 3×4 matrix P·[R·Rext | R·Text] that maps homogeneous
// LiDAR points to homogeneous pixels.
type projection [12]float64

func newProjection(c *Camera, ext Rigid) projection {
	// rt = Rrect · [Rext | Text].
	m := ext.Mat34()
	var rt [12]float64
	for i := 0; i < 3; i++ {
		for j := 0; j < 4; j++ {
			rt[4*i+j] = c.R[3*i]*m[j] + c.R[3*i+1]*m[4+j] + c.R[3*i+2]*m[8+j]
		}
	}
	var p projection
	for i := 0; i < 3; i++ {
		for j := 0; j < 4; j++ {
			s := c.P[4*i]*rt[j] + c.P[4*i+1]*rt[4+j] + c.P[4*i+2]*rt[8+j]
			if j == 3 {
				s += c.P[4*i+3]
			}
			p[4*i+j] = s
		}
	}
	return p
}

// apply returns the pixel (u, v) and the depth-like w of the LiDAR point
// (x, y, z). The point is in front of the camera when w > 0.
func (p *projection) apply(x, y, z float64) (u, v, w float64) {
	w = p[8]*x + p[9]*y + p[10]*z + p[11]
	u = (p[0]*x + p[1]*y + p[2]*z + p[3]) / w
	v = (p[4]*x + p[5]*y + p[6]*z + p[7]) / w
	return u, v, w
}
