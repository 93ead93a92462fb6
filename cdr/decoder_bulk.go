package cdr

import (
	"encoding/binary"
	"math"
)

// The bulk readers below fill all of dst, for a fixed-size array or for a
// sequence whose count was read with SeqLen. Like the bulk writers they align
// only when dst is not empty.

// Resize returns s with length n, reusing its storage when the capacity
// suffices. Elements are not cleared; decoding overwrites all of them.
func Resize[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n)
}

// Bools fills dst with bytes that must be 0 or 1.
func (d *Decoder) Bools(dst []bool) {
	for i := range dst {
		dst[i] = d.Bool()
	}
}

// Int8s fills dst with one-byte signed integers.
func (d *Decoder) Int8s(dst []int8) {
	b := d.next(len(dst), 1)
	for i := range b {
		dst[i] = int8(b[i])
	}
}

// Uint8s fills dst with bytes.
func (d *Decoder) Uint8s(dst []uint8) {
	copy(dst, d.next(len(dst), 1))
}

// Int16s fills dst with 2-byte signed integers.
func (d *Decoder) Int16s(dst []int16) {
	if len(dst) == 0 {
		return
	}
	if b := d.next(2*len(dst), 2); b != nil {
		if hostLittleEndian && !d.bigEndian {
			copy(rawBytes(dst), b)
			return
		}
		if d.bigEndian {
			for i := range dst {
				dst[i] = int16(binary.BigEndian.Uint16(b[2*i:]))
			}
			return
		}
		for i := range dst {
			dst[i] = int16(binary.LittleEndian.Uint16(b[2*i:]))
		}
	}
}

// Uint16s fills dst with 2-byte unsigned integers.
func (d *Decoder) Uint16s(dst []uint16) {
	if len(dst) == 0 {
		return
	}
	if b := d.next(2*len(dst), 2); b != nil {
		if hostLittleEndian && !d.bigEndian {
			copy(rawBytes(dst), b)
			return
		}
		if d.bigEndian {
			for i := range dst {
				dst[i] = binary.BigEndian.Uint16(b[2*i:])
			}
			return
		}
		for i := range dst {
			dst[i] = binary.LittleEndian.Uint16(b[2*i:])
		}
	}
}

// Int32s fills dst with 4-byte signed integers.
func (d *Decoder) Int32s(dst []int32) {
	if len(dst) == 0 {
		return
	}
	if b := d.next(4*len(dst), 4); b != nil {
		if hostLittleEndian && !d.bigEndian {
			copy(rawBytes(dst), b)
			return
		}
		if d.bigEndian {
			for i := range dst {
				dst[i] = int32(binary.BigEndian.Uint32(b[4*i:]))
			}
			return
		}
		for i := range dst {
			dst[i] = int32(binary.LittleEndian.Uint32(b[4*i:]))
		}
	}
}

// Uint32s fills dst with 4-byte unsigned integers.
func (d *Decoder) Uint32s(dst []uint32) {
	if len(dst) == 0 {
		return
	}
	if b := d.next(4*len(dst), 4); b != nil {
		if hostLittleEndian && !d.bigEndian {
			copy(rawBytes(dst), b)
			return
		}
		if d.bigEndian {
			for i := range dst {
				dst[i] = binary.BigEndian.Uint32(b[4*i:])
			}
			return
		}
		for i := range dst {
			dst[i] = binary.LittleEndian.Uint32(b[4*i:])
		}
	}
}

// Int64s fills dst with 8-byte signed integers.
func (d *Decoder) Int64s(dst []int64) {
	if len(dst) == 0 {
		return
	}
	if b := d.next(8*len(dst), 8); b != nil {
		if hostLittleEndian && !d.bigEndian {
			copy(rawBytes(dst), b)
			return
		}
		if d.bigEndian {
			for i := range dst {
				dst[i] = int64(binary.BigEndian.Uint64(b[8*i:]))
			}
			return
		}
		for i := range dst {
			dst[i] = int64(binary.LittleEndian.Uint64(b[8*i:]))
		}
	}
}

// Uint64s fills dst with 8-byte unsigned integers.
func (d *Decoder) Uint64s(dst []uint64) {
	if len(dst) == 0 {
		return
	}
	if b := d.next(8*len(dst), 8); b != nil {
		if hostLittleEndian && !d.bigEndian {
			copy(rawBytes(dst), b)
			return
		}
		if d.bigEndian {
			for i := range dst {
				dst[i] = binary.BigEndian.Uint64(b[8*i:])
			}
			return
		}
		for i := range dst {
			dst[i] = binary.LittleEndian.Uint64(b[8*i:])
		}
	}
}

// Float32s fills dst with IEEE 754 single-precision values.
func (d *Decoder) Float32s(dst []float32) {
	if len(dst) == 0 {
		return
	}
	if b := d.next(4*len(dst), 4); b != nil {
		if hostLittleEndian && !d.bigEndian {
			copy(rawBytes(dst), b)
			return
		}
		if d.bigEndian {
			for i := range dst {
				dst[i] = math.Float32frombits(binary.BigEndian.Uint32(b[4*i:]))
			}
			return
		}
		for i := range dst {
			dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
		}
	}
}

// Float64s fills dst with IEEE 754 double-precision values.
func (d *Decoder) Float64s(dst []float64) {
	if len(dst) == 0 {
		return
	}
	if b := d.next(8*len(dst), 8); b != nil {
		if hostLittleEndian && !d.bigEndian {
			copy(rawBytes(dst), b)
			return
		}
		if d.bigEndian {
			for i := range dst {
				dst[i] = math.Float64frombits(binary.BigEndian.Uint64(b[8*i:]))
			}
			return
		}
		for i := range dst {
			dst[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
		}
	}
}

// Strings fills dst with strings read by String.
func (d *Decoder) Strings(dst []string) {
	for i := range dst {
		dst[i] = d.String()
	}
}

// WStrings fills dst with strings read by WString.
func (d *Decoder) WStrings(dst []string) {
	for i := range dst {
		dst[i] = d.WString()
	}
}
