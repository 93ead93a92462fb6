package cdr

import (
	"encoding/binary"
	"math"
	"slices"
)

// The bulk writers below write the elements of a fixed-size array or of a
// sequence whose count was written with SeqLen. They align only when v is not
// empty, as Fast CDR does, so an empty sequence adds no padding after its
// count.

// Bools writes each element of v as one byte.
func (e *Encoder) Bools(v []bool) {
	for _, b := range v {
		e.Bool(b)
	}
}

// Int8s writes each element of v as one byte.
func (e *Encoder) Int8s(v []int8) {
	for _, x := range v {
		e.buf = append(e.buf, byte(x))
	}
}

// Uint8s writes the bytes of v.
func (e *Encoder) Uint8s(v []uint8) { e.buf = append(e.buf, v...) }

// Int16s writes v as 2-byte integers.
func (e *Encoder) Int16s(v []int16) {
	if len(v) == 0 {
		return
	}
	e.align(2)
	if hostLittleEndian {
		e.buf = append(e.buf, rawBytes(v)...)
		return
	}
	e.buf = slices.Grow(e.buf, 2*len(v))
	for _, x := range v {
		e.buf = binary.LittleEndian.AppendUint16(e.buf, uint16(x))
	}
}

// Uint16s writes v as 2-byte integers.
func (e *Encoder) Uint16s(v []uint16) {
	if len(v) == 0 {
		return
	}
	e.align(2)
	if hostLittleEndian {
		e.buf = append(e.buf, rawBytes(v)...)
		return
	}
	e.buf = slices.Grow(e.buf, 2*len(v))
	for _, x := range v {
		e.buf = binary.LittleEndian.AppendUint16(e.buf, x)
	}
}

// Int32s writes v as 4-byte integers.
func (e *Encoder) Int32s(v []int32) {
	if len(v) == 0 {
		return
	}
	e.align(4)
	if hostLittleEndian {
		e.buf = append(e.buf, rawBytes(v)...)
		return
	}
	e.buf = slices.Grow(e.buf, 4*len(v))
	for _, x := range v {
		e.buf = binary.LittleEndian.AppendUint32(e.buf, uint32(x))
	}
}

// Uint32s writes v as 4-byte integers.
func (e *Encoder) Uint32s(v []uint32) {
	if len(v) == 0 {
		return
	}
	e.align(4)
	if hostLittleEndian {
		e.buf = append(e.buf, rawBytes(v)...)
		return
	}
	e.buf = slices.Grow(e.buf, 4*len(v))
	for _, x := range v {
		e.buf = binary.LittleEndian.AppendUint32(e.buf, x)
	}
}

// Int64s writes v as 8-byte integers.
func (e *Encoder) Int64s(v []int64) {
	if len(v) == 0 {
		return
	}
	e.align(8)
	if hostLittleEndian {
		e.buf = append(e.buf, rawBytes(v)...)
		return
	}
	e.buf = slices.Grow(e.buf, 8*len(v))
	for _, x := range v {
		e.buf = binary.LittleEndian.AppendUint64(e.buf, uint64(x))
	}
}

// Uint64s writes v as 8-byte integers.
func (e *Encoder) Uint64s(v []uint64) {
	if len(v) == 0 {
		return
	}
	e.align(8)
	if hostLittleEndian {
		e.buf = append(e.buf, rawBytes(v)...)
		return
	}
	e.buf = slices.Grow(e.buf, 8*len(v))
	for _, x := range v {
		e.buf = binary.LittleEndian.AppendUint64(e.buf, x)
	}
}

// Float32s writes v as IEEE 754 single-precision values.
func (e *Encoder) Float32s(v []float32) {
	if len(v) == 0 {
		return
	}
	e.align(4)
	if hostLittleEndian {
		e.buf = append(e.buf, rawBytes(v)...)
		return
	}
	e.buf = slices.Grow(e.buf, 4*len(v))
	for _, x := range v {
		e.buf = binary.LittleEndian.AppendUint32(e.buf, math.Float32bits(x))
	}
}

// Float64s writes v as IEEE 754 double-precision values.
func (e *Encoder) Float64s(v []float64) {
	if len(v) == 0 {
		return
	}
	e.align(8)
	if hostLittleEndian {
		e.buf = append(e.buf, rawBytes(v)...)
		return
	}
	e.buf = slices.Grow(e.buf, 8*len(v))
	for _, x := range v {
		e.buf = binary.LittleEndian.AppendUint64(e.buf, math.Float64bits(x))
	}
}

// Strings writes each element of v with String.
func (e *Encoder) Strings(v []string) {
	for _, s := range v {
		e.String(s)
	}
}

// WStrings writes each element of v with WString.
func (e *Encoder) WStrings(v []string) {
	for _, s := range v {
		e.WString(s)
	}
}
