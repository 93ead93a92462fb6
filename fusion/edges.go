package fusion

import (
	"slices"
)

// Image is a single-channel image with intensities (any scale) stored row
// by row: pixel (u, v) with column u and row v is Pix[v*Width+u].
type Image struct {
	Width, Height int
	Pix           []float32
}

// edgeMagnitude writes to e the largest absolute intensity difference between
// each pixel and its 8 neighbours, the edge measure of Levinson and Thrun.
func edgeMagnitude(img Image, e []float32) {
	w, h := img.Width, img.Height
	p := img.Pix
	for v := 0; v < h; v++ {
		for u := 0; u < w; u++ {
			c := p[v*w+u]
			var m float32
			for dv := -1; dv <= 1; dv++ {
				vv := v + dv
				if vv < 0 || vv >= h {
					continue
				}
				row := p[vv*w:]
				for du := -1; du <= 1; du++ {
					uu := u + du
					if uu < 0 || uu >= w {
						continue
					}
					d := row[uu] - c
					if d < 0 {
						d = -d
					}
					m = max(m, d)
				}
			}
			e[v*w+u] = m
		}
	}
}

// decayMax replaces each value of the w×h grid d by max over cells q of
// d(q)·gamma^k, where k is the chessboard distance to q in cells. Two raster
// passes over the 8-neighbourhood compute it exactly because gamma^k falls
// monotonically with k, as in a chamfer distance transform.
func decayMax(d []float32, w, h int, gamma float32) {
	// Forward pass: left, upper-left, up and upper-right neighbours.
	for v := 0; v < h; v++ {
		row := d[v*w : (v+1)*w]
		for u := 0; u < w; u++ {
			m := row[u]
			if u > 0 {
				m = max(m, gamma*row[u-1])
			}
			if v > 0 {
				up := d[(v-1)*w : v*w]
				m = max(m, gamma*up[u])
				if u > 0 {
					m = max(m, gamma*up[u-1])
				}
				if u+1 < w {
					m = max(m, gamma*up[u+1])
				}
			}
			row[u] = m
		}
	}
	// Backward pass: right, lower-right, down and lower-left neighbours.
	for v := h - 1; v >= 0; v-- {
		row := d[v*w : (v+1)*w]
		for u := w - 1; u >= 0; u-- {
			m := row[u]
			if u+1 < w {
				m = max(m, gamma*row[u+1])
			}
			if v+1 < h {
				down := d[(v+1)*w : (v+2)*w]
				m = max(m, gamma*down[u])
				if u > 0 {
					m = max(m, gamma*down[u-1])
				}
				if u+1 < w {
					m = max(m, gamma*down[u+1])
				}
			}
			row[u] = m
		}
	}
}

// inverseDistanceTransform returns D = alpha·E + (1−alpha)·decayMax(E),
// which lets a projected point score on an edge it misses by a few pixels.
func inverseDistanceTransform(e []float32, w, h int, alpha, gamma float32) []float32 {
	d := slices.Clone(e)
	decayMax(d, w, h, gamma)
	for i := range d {
		d[i] = alpha*e[i] + (1-alpha)*d[i]
	}
	return d
}

// bilinear samples the w×h grid g at (u, v) in pixel coordinates, where
// pixel centres sit at integer coordinates. The caller keeps (u, v) within
// [0, w−1]×[0, h−1].
func bilinear(g []float32, w, h int, u, v float64) float64 {
	u0, v0 := int(u), int(v)
	u1, v1 := min(u0+1, w-1), min(v0+1, h-1)
	fu, fv := float32(u-float64(u0)), float32(v-float64(v0))
	a := g[v0*w+u0]*(1-fu) + g[v0*w+u1]*fu
	b := g[v1*w+u0]*(1-fu) + g[v1*w+u1]*fu
	return float64(a*(1-fv) + b*fv)
}
