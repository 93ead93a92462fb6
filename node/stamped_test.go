package node

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestStampedBufferNearest(t *testing.T) {
	var b StampedBuffer[string]
	b.Depth = 3
	_, _, ok := b.Nearest(0, 1)
	assert.False(t, ok, "empty buffer")
	b.Add(100, "a")
	b.Add(200, "b")
	b.Add(300, "c")
	b.Add(400, "d") // drops "a"
	assert.Equal(t, 3, b.Len())

	v, at, ok := b.Nearest(210, 20)
	assert.Equal(t, "b", v)
	assert.Equal(t, int64(200), at)
	assert.True(t, ok)

	v, _, ok = b.Nearest(100, 20)
	assert.Equal(t, "b", v, "the dropped value is gone")
	assert.False(t, ok, "nearest is 100 ns away, beyond the tolerance")

	v, _, _ = b.Nearest(350, 0)
	assert.Equal(t, "d", v, "ties go to the later value")
}
