package energy

// Blob is an 8-connected component of the cells of one frame whose
// probability reaches the blob threshold, with mass-weighted statistics.
type Blob struct {
	Mass     float64 // sum of the component's probabilities, cells
	Col, Row float64 // mass-weighted centroid, cells from the grid corner
	Cells    int     // number of cells in the component
	// Bounding box of the component's cells, inclusive.
	MinRow, MaxRow, MinCol, MaxCol int
}

// nearBorder reports whether b comes within margin cells of the edge of a
// height×width grid, where objects can enter or leave the view.
func (b *Blob) nearBorder(height, width int, margin float64) bool {
	m := int(margin)
	return b.MinRow <= m || b.MinCol <= m || b.MaxRow >= height-1-m || b.MaxCol >= width-1-m
}

// labelBlobs labels the 8-connected components of the cells of plane
// (height×width) with probability ≥ threshold. labels receives each cell's
// blob index or −1; stack is scratch space. It returns the blobs in the
// order of their first cell in row-major order.
func labelBlobs(plane []float32, height, width int, threshold float32, labels []int32, stack []int32) ([]Blob, []int32) {
	for i := range labels {
		labels[i] = -1
	}
	var blobs []Blob
	for start, p := range plane {
		if p < threshold || labels[start] >= 0 {
			continue
		}
		id := int32(len(blobs))
		b := Blob{MinRow: height, MinCol: width, MaxRow: -1, MaxCol: -1}
		var sumC, sumR float64
		labels[start] = id
		stack = append(stack[:0], int32(start))
		for len(stack) > 0 {
			k := int(stack[len(stack)-1])
			stack = stack[:len(stack)-1]
			r, c := k/width, k%width
			q := float64(plane[k])
			b.Mass += q
			b.Cells++
			sumC += q * (float64(c) + 0.5)
			sumR += q * (float64(r) + 0.5)
			b.MinRow, b.MaxRow = min(b.MinRow, r), max(b.MaxRow, r)
			b.MinCol, b.MaxCol = min(b.MinCol, c), max(b.MaxCol, c)
			for dr := -1; dr <= 1; dr++ {
				rr := r + dr
				if rr < 0 || rr >= height {
					continue
				}
				for dc := -1; dc <= 1; dc++ {
					cc := c + dc
					if cc < 0 || cc >= width {
						continue
					}
					n := rr*width + cc
					if labels[n] < 0 && plane[n] >= threshold {
						labels[n] = id
						stack = append(stack, int32(n))
					}
				}
			}
		}
		b.Col, b.Row = sumC/b.Mass, sumR/b.Mass
		blobs = append(blobs, b)
	}
	return blobs, stack
}
