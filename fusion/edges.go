package fusion

// Image is a single-channel image with intensities (any scale) stored row
// by row: pixel (u, v) with column u and row v is Pix[v*Width+u].
type Image struct {
	Width, Height int
	Pix           []float32
}

// edgeMagnitude writes to e the largest absolute intensity difference between
// each pixel and its 8 neighbours: the edge measure of Levinson and Thrun, a
// gradient magnitude in the max norm.
func edgeMagnitude(img Image, e []float32) {
	w, h := img.Width, img.Height
	p := img.Pix
	for v := 0; v < h; v++ {
		for u := 0; u < w; u++ {
			if u == 0 || v == 0 || u == w-1 || v == h-1 {
				e[v*w+u] = edgeAtBorder(p, w, h, u, v)
				continue
			}
			// Interior pixels: the 8 neighbours without bounds checks.
			i := v*w + u
			c := p[i]
			up, mid, down := p[i-w-1:i-w+2], p[i-1:i+2], p[i+w-1:i+w+2]
			m := max(absf(up[0]-c), absf(up[1]-c), absf(up[2]-c),
				absf(mid[0]-c), absf(mid[2]-c),
				absf(down[0]-c), absf(down[1]-c), absf(down[2]-c))
			e[i] = m
		}
	}
}

func edgeAtBorder(p []float32, w, h, u, v int) float32 {
	c := p[v*w+u]
	var m float32
	for dv := -1; dv <= 1; dv++ {
		vv := v + dv
		if vv < 0 || vv >= h {
			continue
		}
		for du := -1; du <= 1; du++ {
			uu := u + du
			if uu < 0 || uu >= w {
				continue
			}
			m = max(m, absf(p[vv*w+uu]-c))
		}
	}
	return m
}

func absf(x float32) float32 {
	if x < 0 {
		return -x
	}
	return x
}

// decayMax replaces each value of the w×h grid d by max over cells q of
// d(q)·gamma^k, where k is the chessboard distance to q in cells. Two raster
// passes over the 8-neighbourhood compute it exactly because gamma^k falls
// monotonically with k, as in a chamfer distance transform. Each pass takes
// the three neighbours of the previous row first and then sweeps along the
// row, which gives the same result as visiting the four neighbours per cell.
func decayMax(d []float32, w, h int, gamma float32) {
	// Forward pass: upper-left, up and upper-right, then left.
	for v := 0; v < h; v++ {
		row := d[v*w : (v+1)*w]
		if v > 0 {
			fromRow(row, d[(v-1)*w:v*w], gamma)
		}
		for u := 1; u < w; u++ {
			row[u] = max(row[u], gamma*row[u-1])
		}
	}
	// Backward pass: lower-left, down and lower-right, then right.
	for v := h - 1; v >= 0; v-- {
		row := d[v*w : (v+1)*w]
		if v+1 < h {
			fromRow(row, d[(v+1)*w:(v+2)*w], gamma)
		}
		for u := w - 2; u >= 0; u-- {
			row[u] = max(row[u], gamma*row[u+1])
		}
	}
}

// fromRow raises each cell of row to gamma times the largest of the three
// cells of the adjacent row other that touch it.
func fromRow(row, other []float32, gamma float32) {
	w := len(row)
	if w == 1 {
		row[0] = max(row[0], gamma*other[0])
		return
	}
	row[0] = max(row[0], gamma*max(other[0], other[1]))
	for u := 1; u < w-1; u++ {
		row[u] = max(row[u], gamma*max(other[u-1], other[u], other[u+1]))
	}
	row[w-1] = max(row[w-1], gamma*max(other[w-2], other[w-1]))
}

// inverseDistanceTransform returns D = alpha·E + (1−alpha)·decayMax(E),
// which lets a projected point score on an edge it misses by a few pixels.
// It writes the result to d, which must have the length of e.
func inverseDistanceTransform(d, e []float32, w, h int, alpha, gamma float32) {
	copy(d, e)
	decayMax(d, w, h, gamma)
	for i := range d {
		d[i] = alpha*e[i] + (1-alpha)*d[i]
	}
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

// subtractLocalMean replaces each value of the w×h grid d by its difference
// from the mean over the (2r+1)×(2r+1) window around it (clipped at the
// border), computed with the integral image sum of length (w+1)·(h+1).
func subtractLocalMean(d []float32, w, h, r int, sum []float64) {
	clear(sum[:w+1])
	for v := 0; v < h; v++ {
		sum[(v+1)*(w+1)] = 0
		var row float64
		for u := 0; u < w; u++ {
			row += float64(d[v*w+u])
			sum[(v+1)*(w+1)+u+1] = sum[v*(w+1)+u+1] + row
		}
	}
	for v := 0; v < h; v++ {
		v0, v1 := max(v-r, 0), min(v+r+1, h)
		for u := 0; u < w; u++ {
			u0, u1 := max(u-r, 0), min(u+r+1, w)
			s := sum[v1*(w+1)+u1] - sum[v0*(w+1)+u1] - sum[v1*(w+1)+u0] + sum[v0*(w+1)+u0]
			d[v*w+u] -= float32(s / float64((v1-v0)*(u1-u0)))
		}
	}
}
