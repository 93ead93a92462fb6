package energy

import "math"

// distanceInf stands for "no occupied cell", in squared cells.
const distanceInf = 1e20

// distanceTransform writes to dist the Euclidean distance, in cells, from
// every cell of the height×width plane to the nearest cell with probability
// ≥ threshold, or +Inf when there is none. It uses the exact linear-time
// squared-distance transform of Felzenszwalb and Huttenlocher (2012, Theory
// of Computing 8), one pass over columns and one over rows. scratch must hold
// at least 3·max(height, width)+1 values.
func distanceTransform(plane []float32, height, width int, threshold float32, dist []float64, scratch []float64) {
	occupied := make([]bool, width) // whether column c has an occupied cell
	anyOccupied := false
	for k, p := range plane {
		if p >= threshold {
			dist[k] = 0
			occupied[k%width] = true
			anyOccupied = true
		} else {
			dist[k] = distanceInf
		}
	}
	if !anyOccupied {
		for k := range dist {
			dist[k] = math.Inf(1)
		}
		return
	}
	n := max(height, width)
	f, d, z := scratch[:n], scratch[n:2*n], scratch[2*n:3*n+1]
	v := make([]int, n)
	for c := 0; c < width; c++ {
		if !occupied[c] {
			continue // the column stays at distanceInf
		}
		for r := 0; r < height; r++ {
			f[r] = dist[r*width+c]
		}
		transform1D(f[:height], d[:height], v, z)
		for r := 0; r < height; r++ {
			dist[r*width+c] = d[r]
		}
	}
	for r := 0; r < height; r++ {
		row := dist[r*width : (r+1)*width]
		copy(f, row)
		transform1D(f[:width], d[:width], v, z)
		for c := range row {
			if d[c] >= distanceInf/2 {
				row[c] = math.Inf(1)
			} else {
				row[c] = math.Sqrt(d[c])
			}
		}
	}
}

// transform1D computes d[q] = min_p (q−p)² + f[p], the lower envelope of
// parabolas rooted at every p.
func transform1D(f, d []float64, v []int, z []float64) {
	n := len(f)
	k := 0
	v[0] = 0
	z[0] = math.Inf(-1)
	z[1] = math.Inf(1)
	for q := 1; q < n; q++ {
		s := parabolaIntersection(f, q, v[k])
		for s <= z[k] {
			k--
			s = parabolaIntersection(f, q, v[k])
		}
		k++
		v[k] = q
		z[k] = s
		z[k+1] = math.Inf(1)
	}
	k = 0
	for q := 0; q < n; q++ {
		for z[k+1] < float64(q) {
			k++
		}
		dq := float64(q - v[k])
		d[q] = dq*dq + f[v[k]]
	}
}

// parabolaIntersection returns the abscissa where the parabolas of
// transform1D rooted at q and p intersect.
func parabolaIntersection(f []float64, q, p int) float64 {
	return ((f[q] + float64(q*q)) - (f[p] + float64(p*p))) / float64(2*q-2*p)
}

// Dilate returns a height×width mask with 1 in every cell within radius
// cells of a cell of mask at or above 0.5, else 0.
func Dilate(mask []float32, height, width int, radius float64) []float32 {
	dist := make([]float64, len(mask))
	distanceTransform(mask, height, width, 0.5, dist, make([]float64, 3*max(height, width)+1))
	out := make([]float32, len(mask))
	for k, d := range dist {
		if d <= radius {
			out[k] = 1
		}
	}
	return out
}
