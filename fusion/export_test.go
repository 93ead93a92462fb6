package fusion

import "math"

// EdgeNormalMotion returns how far the projected discontinuities move
// across the image edges of img when ext is perturbed along each Delta
// axis. Each value is a weighted root mean square of the motion along the
// Sobel gradient, in pixels per degree for rotations and pixels per
// centimetre for translations. Motion along an edge leaves the alignment
// unchanged, so the values show how strongly a frame constrains each axis.
// It also returns the number of discontinuities used: those inside the
// image with a non-zero gradient.
func EdgeNormalMotion(s *Scene, img Image, ext Rigid) (rms [6]float64, used int) {
	const (
		rotStep   = 0.01 * math.Pi / 180 // radians, 0.01°
		transStep = 0.001                // metres
	)
	base := newProjection(&s.cam, ext)
	var moved [6]projection
	for a := range moved {
		var d Delta
		d[a] = rotStep
		if a >= X {
			d[a] = transStep
		}
		moved[a] = newProjection(&s.cam, ext.Perturb(d))
	}

	w, h := img.Width, img.Height
	pix := func(u, v int) float64 { return float64(img.Pix[v*w+u]) }
	var sum [6]float64
	var weights float64
	for i, wt := range s.disc.weight {
		x, y, z := float64(s.disc.xyz[3*i]), float64(s.disc.xyz[3*i+1]), float64(s.disc.xyz[3*i+2])
		u, v, depth := base.apply(x, y, z)
		if depth <= 0 || u < 1 || v < 1 || u > float64(w-2) || v > float64(h-2) {
			continue
		}
		iu, iv := int(u+0.5), int(v+0.5)
		gu := pix(iu+1, iv-1) + 2*pix(iu+1, iv) + pix(iu+1, iv+1) -
			pix(iu-1, iv-1) - 2*pix(iu-1, iv) - pix(iu-1, iv+1)
		gv := pix(iu-1, iv+1) + 2*pix(iu, iv+1) + pix(iu+1, iv+1) -
			pix(iu-1, iv-1) - 2*pix(iu, iv-1) - pix(iu+1, iv-1)
		g := math.Hypot(gu, gv)
		if g == 0 {
			continue
		}
		used++
		weights += float64(wt)
		for a := range moved {
			u2, v2, _ := moved[a].apply(x, y, z)
			// Pixels per 0.01° times 100, or per millimetre times 10.
			scale := 100.0
			if a >= X {
				scale = 10
			}
			m := (gu*(u2-u) + gv*(v2-v)) / g * scale
			sum[a] += float64(wt) * m * m
		}
	}
	for a := range sum {
		rms[a] = math.Sqrt(sum[a] / weights)
	}
	return rms, used
}
