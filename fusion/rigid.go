package fusion

import (
	"fmt"
	"math"
)

// Rigid is a rigid transform x ↦ R·x + T with R a 3×3 rotation in
// row-major order and T in metres.
type Rigid struct {
	R [9]float64
	T [3]float64
}

// Identity returns the identity transform.
func Identity() Rigid {
	return Rigid{R: [9]float64{1, 0, 0, 0, 1, 0, 0, 0, 1}}
}

// rotationTolerance bounds ‖RᵀR − I‖ (max element) and |det R − 1| for a
// matrix accepted as a rotation. Calibration files print 7 significant
// digits, so their rotations are orthonormal to about 1e-6.
const rotationTolerance = 1e-4

// RigidFromMat34 converts a 3×4 row-major matrix [R | t] into a Rigid and
// rejects an R that is not a rotation.
func RigidFromMat34(m [12]float64) (Rigid, error) {
	var r Rigid
	for i := 0; i < 3; i++ {
		copy(r.R[3*i:3*i+3], m[4*i:4*i+3])
		r.T[i] = m[4*i+3]
	}
	if err := r.Validate(); err != nil {
		return Rigid{}, err
	}
	return r, nil
}

// Validate checks that all values are finite and R is a rotation.
func (r Rigid) Validate() error {
	for i, v := range r.R {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("fusion: extrinsic rotation element %d is %v, expected a finite number", i, v)
		}
	}
	for i, v := range r.T {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("fusion: extrinsic translation element %d is %v, expected a finite number", i, v)
		}
	}
	return validateRotation(r.R, "extrinsic rotation")
}

func validateRotation(m [9]float64, name string) error {
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			var s float64
			for k := 0; k < 3; k++ {
				s += m[3*k+i] * m[3*k+j]
			}
			want := 0.0
			if i == j {
				want = 1
			}
			if math.Abs(s-want) > rotationTolerance || math.IsNaN(s) {
				return fmt.Errorf("fusion: %s is not orthonormal: (RᵀR)[%d][%d] = %.6g, expected %g", name, i, j, s, want)
			}
		}
	}
	if d := det3(m); math.Abs(d-1) > rotationTolerance {
		return fmt.Errorf("fusion: %s has determinant %.6g, expected 1 (a reflection or scaled matrix)", name, d)
	}
	return nil
}

func det3(m [9]float64) float64 {
	return m[0]*(m[4]*m[8]-m[5]*m[7]) - m[1]*(m[3]*m[8]-m[5]*m[6]) + m[2]*(m[3]*m[7]-m[4]*m[6])
}

// Mat34 returns [R | T] as a 3×4 row-major matrix.
func (r Rigid) Mat34() [12]float64 {
	var m [12]float64
	for i := 0; i < 3; i++ {
		copy(m[4*i:4*i+3], r.R[3*i:3*i+3])
		m[4*i+3] = r.T[i]
	}
	return m
}

// Compose returns a∘b, the transform that applies b first and then a.
func (a Rigid) Compose(b Rigid) Rigid {
	var c Rigid
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			c.R[3*i+j] = a.R[3*i]*b.R[j] + a.R[3*i+1]*b.R[3+j] + a.R[3*i+2]*b.R[6+j]
		}
		c.T[i] = a.R[3*i]*b.T[0] + a.R[3*i+1]*b.T[1] + a.R[3*i+2]*b.T[2] + a.T[i]
	}
	return c
}

// Inverse returns the inverse transform.
func (r Rigid) Inverse() Rigid {
	var inv Rigid
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			inv.R[3*i+j] = r.R[3*j+i]
		}
	}
	for i := 0; i < 3; i++ {
		inv.T[i] = -(inv.R[3*i]*r.T[0] + inv.R[3*i+1]*r.T[1] + inv.R[3*i+2]*r.T[2])
	}
	return inv
}

// RotationAngle returns the angle of R in radians, in [0, π].
func (r Rigid) RotationAngle() float64 {
	c := (r.R[0] + r.R[4] + r.R[8] - 1) / 2
	return math.Acos(math.Max(-1, math.Min(1, c)))
}

// TranslationNorm returns ‖T‖ in metres.
func (r Rigid) TranslationNorm() float64 {
	return math.Sqrt(r.T[0]*r.T[0] + r.T[1]*r.T[1] + r.T[2]*r.T[2])
}

// Delta is a small rigid perturbation in the LiDAR frame: roll, pitch and
// yaw about the LiDAR x, y and z axes in radians, then a translation along
// x, y and z in metres.
type Delta [6]float64

// Delta component indices.
const (
	Roll = iota
	Pitch
	Yaw
	X
	Y
	Z
)

// Rigid returns the perturbation as a transform with rotation
// Rz(yaw)·Ry(pitch)·Rx(roll).
func (d Delta) Rigid() Rigid {
	sr, cr := math.Sincos(d[Roll])
	sp, cp := math.Sincos(d[Pitch])
	sy, cy := math.Sincos(d[Yaw])
	return Rigid{
		R: [9]float64{
			cy * cp, cy*sp*sr - sy*cr, cy*sp*cr + sy*sr,
			sy * cp, sy*sp*sr + cy*cr, sy*sp*cr - cy*sr,
			-sp, cp * sr, cp * cr,
		},
		T: [3]float64{d[X], d[Y], d[Z]},
	}
}

// Perturb returns the extrinsic r∘d, which moves LiDAR points by d before
// mapping them into the camera frame.
func (r Rigid) Perturb(d Delta) Rigid {
	return r.Compose(d.Rigid())
}
