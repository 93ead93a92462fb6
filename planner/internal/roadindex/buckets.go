package roadindex

import "math"

// buckets maps each cell of a uniform grid to the items whose bounding
// rectangles touch it, stored compressed: the items of cell c are
// items[start[c]:start[c+1]].
type buckets struct {
	minX, minY, cell float64
	nx, ny           int
	start            []int32
	items            []int32
}

func (b *buckets) reset(x0, y0, x1, y1, cell float64) {
	b.minX, b.minY, b.cell = x0, y0, cell
	b.nx = max(1, int(math.Ceil((x1-x0)/cell)))
	b.ny = max(1, int(math.Ceil((y1-y0)/cell)))
	n := b.nx*b.ny + 1
	if cap(b.start) < n {
		b.start = make([]int32, n)
	}
	b.start = b.start[:n]
	clear(b.start)
}

// add counts item i in every cell its rectangle touches on pass 0 and
// stores it there on pass 1.
func (b *buckets) add(pass, i int, x0, y0, x1, y1 float64) {
	c0, r0 := b.clamp(x0, y0)
	c1, r1 := b.clamp(x1, y1)
	for r := r0; r <= r1; r++ {
		for c := c0; c <= c1; c++ {
			k := r*b.nx + c
			if pass == 0 {
				b.start[k+1]++
			} else {
				b.items[b.start[k]] = int32(i)
				b.start[k]++
			}
		}
	}
}

// allocate turns the counts of pass 0 into start offsets. Pass 1 then uses
// start[k] as the write cursor of cell k, which leaves it at the end of cell
// k, so lookup reads cell k as items[start[k-1]:start[k]].
func (b *buckets) allocate() {
	for k := 1; k < len(b.start); k++ {
		b.start[k] += b.start[k-1]
	}
	total := int(b.start[len(b.start)-1])
	if cap(b.items) < total {
		b.items = make([]int32, total)
	}
	b.items = b.items[:total]
}

func (b *buckets) clamp(x, y float64) (c, r int) {
	c = int((x - b.minX) / b.cell)
	r = int((y - b.minY) / b.cell)
	return min(max(c, 0), b.nx-1), min(max(r, 0), b.ny-1)
}

// lookup returns the items of the cell containing (x, y), or nil outside the grid.
func (b *buckets) lookup(x, y float64) []int32 {
	fx, fy := (x-b.minX)/b.cell, (y-b.minY)/b.cell
	if !(fx >= 0 && fy >= 0) || fx >= float64(b.nx) || fy >= float64(b.ny) {
		return nil
	}
	k := int(fy)*b.nx + int(fx)
	if k == 0 {
		return b.items[:b.start[0]]
	}
	return b.items[b.start[k-1]:b.start[k]]
}
