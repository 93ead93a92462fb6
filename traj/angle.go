package traj

import "math"

// WrapAngle returns a mapped into [-π, π).
func WrapAngle(a float64) float64 {
	a = math.Mod(a+math.Pi, 2*math.Pi)
	if a < 0 {
		a += 2 * math.Pi
	}
	return a - math.Pi
}

func lerpAngle(a, b, u float64) float64 {
	return WrapAngle(a + u*WrapAngle(b-a))
}
