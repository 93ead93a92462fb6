package drift

import (
	"fmt"
	"math"

	"github.com/ebm-av/ebm_av/fusion"
)

// SearchConfig sets the coordinate descent of Estimate.
type SearchConfig struct {
	// InitialRotation and InitialTranslation are the first step sizes in
	// radians and metres; the steps halve until they fall below
	// MinRotation and MinTranslation.
	InitialRotation, InitialTranslation float64
	MinRotation, MinTranslation         float64
	// MaxEvaluations bounds the number of energy evaluations.
	MaxEvaluations int
}

// DefaultSearchConfig returns steps from 1° and 10 cm down to 0.03° and
// 0.3 cm, with at most 600 evaluations.
func DefaultSearchConfig() SearchConfig {
	deg := math.Pi / 180
	return SearchConfig{
		InitialRotation:    1 * deg,
		InitialTranslation: 0.1,
		MinRotation:        0.03 * deg,
		MinTranslation:     0.003,
		MaxEvaluations:     600,
	}
}

// Correction is the outcome of Estimate.
type Correction struct {
	// Delta is the perturbation that, applied with ext.Perturb, gives the
	// extrinsic of lowest energy found.
	Delta fusion.Delta
	// Energy is the energy there and Start the energy at the input.
	Energy, Start float64
	// Evaluations counts energy evaluations.
	Evaluations int
}

// Degrees returns the rotation part of Delta (roll, pitch, yaw) in degrees.
func (c Correction) Degrees() [3]float64 {
	const toDeg = 180 / math.Pi
	return [3]float64{c.Delta[0] * toDeg, c.Delta[1] * toDeg, c.Delta[2] * toDeg}
}

// Centimetres returns the translation part of Delta (x, y, z) in centimetres.
func (c Correction) Centimetres() [3]float64 {
	return [3]float64{c.Delta[3] * 100, c.Delta[4] * 100, c.Delta[5] * 100}
}

// Estimate searches for the extrinsic of lowest energy near ext by compass
// search: it evaluates ±step on all six axes, moves to the best of the 12
// candidates when it lowers the energy, and halves the steps otherwise.
// Taking the best candidate rather than the first lets a rotation win over a
// translation that shifts the image almost the same way.
func Estimate(ev *fusion.Evaluator, ext fusion.Rigid, cfg SearchConfig) (Correction, error) {
	if !(cfg.InitialRotation > 0 && cfg.InitialTranslation > 0 && cfg.MinRotation > 0 && cfg.MinTranslation > 0) {
		return Correction{}, fmt.Errorf("drift: search steps must be positive: %+v", cfg)
	}
	if cfg.MaxEvaluations < 1 {
		return Correction{}, fmt.Errorf("drift: MaxEvaluations %d, expected ≥ 1", cfg.MaxEvaluations)
	}
	start, err := ev.Energy(ext)
	if err != nil {
		return Correction{}, fmt.Errorf("drift: energy at the current extrinsic: %w", err)
	}
	c := Correction{Energy: start, Start: start, Evaluations: 1}
	rot, trans := cfg.InitialRotation, cfg.InitialTranslation
	for rot >= cfg.MinRotation || trans >= cfg.MinTranslation {
		bestE, bestD := c.Energy, c.Delta
		for axis := 0; axis < 6; axis++ {
			step := rot
			if axis >= fusion.X {
				step = trans
			}
			if step < minStep(axis, cfg) {
				continue
			}
			for _, sign := range [2]float64{-1, 1} {
				if c.Evaluations >= cfg.MaxEvaluations {
					return c, nil
				}
				d := c.Delta
				d[axis] += sign * step
				e, err := ev.Energy(ext.Perturb(d))
				c.Evaluations++
				if err != nil {
					// A candidate that loses the image is no improvement.
					continue
				}
				if e < bestE {
					bestE, bestD = e, d
				}
			}
		}
		if bestE < c.Energy {
			c.Energy, c.Delta = bestE, bestD
			continue
		}
		rot /= 2
		trans /= 2
	}
	return c, nil
}

func minStep(axis int, cfg SearchConfig) float64 {
	if axis >= fusion.X {
		return cfg.MinTranslation
	}
	return cfg.MinRotation
}
