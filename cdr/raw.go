package cdr

import (
	"encoding/binary"
	"unsafe"
)

// hostLittleEndian reports whether the machine stores integers
// little-endian, in which case bulk reads and writes of little-endian
// payloads are plain memory copies.
var hostLittleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// number is the element type of the bulk readers and writers that copy
// memory directly.
type number interface {
	~int16 | ~uint16 | ~int32 | ~uint32 | ~int64 | ~uint64 | ~float32 | ~float64
}

// rawBytes returns the memory of s as a byte slice that aliases s. Only
// fixed-size numbers without padding are allowed, so every byte pattern of
// the result is a valid s.
func rawBytes[T number](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	var zero T
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*int(unsafe.Sizeof(zero)))
}
