package fusion

import (
	"fmt"
	"math"
)

// Sweep describes when a spinning LiDAR measures each azimuth, relative to
// the camera exposure it is paired with. A scan that is not motion
// compensated mixes vehicle positions up to one Period apart, so on a moving
// vehicle its points sit where the vehicle was when each was measured.
type Sweep struct {
	// Period is the time of one revolution, s: 0.1 at 10 Hz.
	Period float64
	// Clockwise is the sense of rotation seen from above the LiDAR (from
	// +z), in which the azimuth atan2(y, x) falls with time. KITTI frame
	// 000001 fits a clockwise sweep better than a counter-clockwise one.
	Clockwise bool
	// TriggerAzimuth is the azimuth atan2(y, x) the LiDAR faces at the
	// camera exposure, rad. The KITTI raw-data documentation says its
	// camera images coincide roughly with the LiDAR facing forward: 0.
	// With measured stamps, a clockwise LiDAR whose forward-facing time is
	// t_f gives −2π·(t_exposure − t_f)/Period.
	TriggerAzimuth float64
}

// DefaultSweep returns a clockwise 10 Hz sweep that triggers the camera
// facing forward, the set-up of KITTI.
func DefaultSweep() Sweep {
	return Sweep{Period: 0.1, Clockwise: true}
}

func (s *Sweep) validate() error {
	if !(s.Period > 0) || math.IsInf(s.Period, 1) {
		return fmt.Errorf("fusion: sweep period %v s, expected a positive value such as 0.1 for 10 Hz", s.Period)
	}
	if math.IsNaN(s.TriggerAzimuth) || math.IsInf(s.TriggerAzimuth, 0) {
		return fmt.Errorf("fusion: sweep trigger azimuth %v rad, expected a finite angle such as 0 for forward", s.TriggerAzimuth)
	}
	return nil
}

// CaptureTime returns when the LiDAR measures azimuth az (rad), in seconds
// after the camera exposure: within half a Period either side of it.
//
// NOTE: this assumes each scan runs from half a revolution before the
// trigger azimuth to half a revolution after it, as when the driver cuts
// scans opposite the camera (KITTI). A scan cut elsewhere puts the points
// between the cut and the opposite of the trigger one Period off.
func (s *Sweep) CaptureTime(az float64) float64 {
	phase := math.Remainder(az-s.TriggerAzimuth, 2*math.Pi)
	t := phase / (2 * math.Pi) * s.Period
	if s.Clockwise {
		return -t
	}
	return t
}

// EgoMotion is the LiDAR's motion during a sweep, in its own frame at the
// camera exposure. Odometry gives it for a LiDAR whose axes are aligned
// with the vehicle's: forward speed in Velocity[0].
type EgoMotion struct {
	Velocity [2]float64 // x and y velocity, m/s
	YawRate  float64    // rotation rate about z, rad/s
}

// IsZero reports whether m is no motion, a vehicle at rest.
func (m EgoMotion) IsZero() bool { return m == EgoMotion{} }

func (m *EgoMotion) validate() error {
	for _, v := range []float64{m.Velocity[0], m.Velocity[1], m.YawRate} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("fusion: ego motion %+v has a non-finite value: check the odometry twist", *m)
		}
	}
	return nil
}

// Deskew returns the LiDAR point (x, y) measured at the capture time t of
// its azimuth, moved into the LiDAR frame at the camera exposure:
// p0 = Rz(ψ̇·t)·p + v·t. Height is unchanged. Over the tens of milliseconds
// of a sweep the straight path v·t is within millimetres of the arc a
// turning vehicle drives.
func (s *Sweep) Deskew(x, y float64, m EgoMotion) (float64, float64) {
	t := s.CaptureTime(math.Atan2(y, x))
	if m.YawRate != 0 {
		sin, cos := math.Sincos(m.YawRate * t)
		x, y = cos*x-sin*y, sin*x+cos*y
	}
	return x + m.Velocity[0]*t, y + m.Velocity[1]*t
}

// deskew writes to dst the points of src (x, y, z triples) de-skewed with
// Sweep.Deskew.
func deskew(dst, src []float32, sw *Sweep, m EgoMotion) {
	for i := 0; i+2 < len(src); i += 3 {
		x, y := sw.Deskew(float64(src[i]), float64(src[i+1]), m)
		dst[i], dst[i+1], dst[i+2] = float32(x), float32(y), src[i+2]
	}
}
