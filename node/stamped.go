package node

// StampedBuffer keeps the last Depth values of one input with their header
// stamps, so a node can pair inputs by stamp. It is not safe for concurrent
// use.
type StampedBuffer[T any] struct {
	Depth int // values kept; 0 means 10

	items []stamped[T]
}

type stamped[T any] struct {
	stamp int64
	value T
}

// Add stores v with its stamp (ns), dropping the oldest value when full.
func (b *StampedBuffer[T]) Add(stamp int64, v T) {
	depth := b.Depth
	if depth <= 0 {
		depth = 10
	}
	if len(b.items) >= depth {
		copy(b.items, b.items[1:])
		b.items = b.items[:len(b.items)-1]
	}
	b.items = append(b.items, stamped[T]{stamp, v})
}

// Nearest returns the value whose stamp is nearest to stamp (ties go to the
// later value), its stamp, and whether that stamp lies within tolerance ns.
// With no values it returns ok false and stamp 0.
func (b *StampedBuffer[T]) Nearest(stamp, tolerance int64) (v T, at int64, ok bool) {
	best := -1
	var bestDiff int64
	for i, it := range b.items {
		d := it.stamp - stamp
		if d < 0 {
			d = -d
		}
		if best < 0 || d <= bestDiff {
			best, bestDiff = i, d
		}
	}
	if best < 0 {
		return v, 0, false
	}
	return b.items[best].value, b.items[best].stamp, bestDiff <= tolerance
}

// Len returns the number of stored values.
func (b *StampedBuffer[T]) Len() int { return len(b.items) }
