package ood

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// AugmentConfig sets the jitter that turns one labelled box into many
// training samples.
type AugmentConfig struct {
	// LocationSigma (metres), ScaleSigma (relative) and YawSigma (radians)
	// are the standard deviations of the box jitter.
	LocationSigma, ScaleSigma, YawSigma float64
	// KeepMin is the lowest share of points kept: each sample keeps every
	// point with a probability drawn uniformly from [KeepMin, 1].
	KeepMin float64
}

// DefaultAugmentConfig returns 10 cm, 5% and 0.05 rad jitter and keeps
// between half and all of the points.
func DefaultAugmentConfig() AugmentConfig {
	return AugmentConfig{LocationSigma: 0.1, ScaleSigma: 0.05, YawSigma: 0.05, KeepMin: 0.5}
}

// Augment returns n feature vectors of jittered copies of box, each computed
// on a random subsample of points ((x, y, z, reflectance) quadruples in the
// rectified camera frame).
//
// NOTE: jittered copies of one box stay one physical object. A classifier
// trained on them learns that object, so scores on held-out copies measure
// separation of known instances, not generalisation to new ones.
func Augment(box Box, points []float32, n int, cfg AugmentConfig, rng *rand.Rand) ([][]float64, error) {
	if n < 1 {
		return nil, fmt.Errorf("ood: %d samples requested, expected ≥ 1", n)
	}
	if !(cfg.KeepMin > 0 && cfg.KeepMin <= 1) {
		return nil, fmt.Errorf("ood: KeepMin %v outside (0, 1]", cfg.KeepMin)
	}
	near := nearBox(box, points, 1+4*cfg.LocationSigma)
	out := make([][]float64, n)
	sub := make([]float32, 0, len(near))
	for s := range out {
		b := box
		for i := range b.Location {
			b.Location[i] += rng.NormFloat64() * cfg.LocationSigma
		}
		b.Height *= math.Max(0.5, 1+rng.NormFloat64()*cfg.ScaleSigma)
		b.Width *= math.Max(0.5, 1+rng.NormFloat64()*cfg.ScaleSigma)
		b.Length *= math.Max(0.5, 1+rng.NormFloat64()*cfg.ScaleSigma)
		b.Yaw += rng.NormFloat64() * cfg.YawSigma

		keep := cfg.KeepMin + (1-cfg.KeepMin)*rng.Float64()
		sub = sub[:0]
		for i := 0; i+3 < len(near); i += 4 {
			if rng.Float64() < keep {
				sub = append(sub, near[i:i+4]...)
			}
		}
		out[s] = make([]float64, NumFeatures)
		if err := Features(b, sub, out[s]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// nearBox returns the points within margin metres of the box's bounding
// sphere, to keep augmentation cheap.
func nearBox(box Box, points []float32, margin float64) []float32 {
	cx, cy, cz := box.Location[0], box.Location[1]-box.Height/2, box.Location[2]
	r := math.Sqrt(box.Height*box.Height+box.Width*box.Width+box.Length*box.Length)/2 + margin
	var out []float32
	for i := 0; i+3 < len(points); i += 4 {
		dx, dy, dz := float64(points[i])-cx, float64(points[i+1])-cy, float64(points[i+2])-cz
		if dx*dx+dy*dy+dz*dz <= r*r {
			out = append(out, points[i:i+4]...)
		}
	}
	return out
}
