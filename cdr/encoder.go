package cdr

import (
	"encoding/binary"
	"fmt"
	"math"
	"unicode/utf16"
)

// HeaderSize is the length of the encapsulation header in bytes.
const HeaderSize = 4

var (
	headerLE = [HeaderSize]byte{0x00, 0x01, 0x00, 0x00}
	zeros    [8]byte
)

// Encoder appends a little-endian CDR payload to a byte slice. The zero value
// is not ready for use: call NewEncoder or Reset. Encoder methods never fail
// individually; the first error (for example a bounded field over its bound)
// is recorded and returned by Err, and later writes still happen so that
// offsets in error messages stay meaningful.
type Encoder struct {
	buf    []byte
	origin int // index in buf of the first byte after the header
	err    error
}

// NewEncoder returns an Encoder that reuses the storage of buf (its length is
// set to 0) and has already written the little-endian encapsulation header.
func NewEncoder(buf []byte) *Encoder {
	e := &Encoder{}
	e.Reset(buf)
	return e
}

// Reset discards the state of e, truncates buf to length 0, reuses its
// storage and writes the encapsulation header.
func (e *Encoder) Reset(buf []byte) {
	e.reset(buf[:0])
}

// reset starts a payload at the end of buf, keeping the bytes buf holds.
func (e *Encoder) reset(buf []byte) {
	e.buf = append(buf, headerLE[:]...)
	e.origin = len(e.buf)
	e.err = nil
}

// Bytes returns the encoded payload, header included. The slice aliases the
// encoder's buffer until the next Reset.
func (e *Encoder) Bytes() []byte { return e.buf }

// Err returns the first error recorded while encoding, or nil.
func (e *Encoder) Err() error { return e.err }

// Offset returns the number of bytes written after the header.
func (e *Encoder) Offset() int { return len(e.buf) - e.origin }

func (e *Encoder) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

// align writes zero padding until the offset after the header is a multiple
// of n, which must be 1, 2, 4 or 8.
func (e *Encoder) align(n int) {
	if pad := -(len(e.buf) - e.origin) & (n - 1); pad > 0 {
		e.buf = append(e.buf, zeros[:pad]...)
	}
}

// CheckBound records an error when a bounded string or sequence field holds
// n elements (bytes for strings) and bound is smaller than n. It reports
// whether n is within the bound.
func (e *Encoder) CheckBound(field string, n, bound int) bool {
	if n <= bound {
		return true
	}
	e.fail(&BoundError{Field: field, Len: n, Bound: bound, Offset: HeaderSize + e.Offset()})
	return false
}

// Bool writes b as one byte, 0 or 1.
func (e *Encoder) Bool(b bool) {
	var v byte
	if b {
		v = 1
	}
	e.buf = append(e.buf, v)
}

// Int8 writes v as one byte.
func (e *Encoder) Int8(v int8) { e.buf = append(e.buf, byte(v)) }

// Uint8 writes v as one byte; ROS byte and char fields use it too.
func (e *Encoder) Uint8(v uint8) { e.buf = append(e.buf, v) }

// Int16 writes v aligned to 2 bytes.
func (e *Encoder) Int16(v int16) { e.Uint16(uint16(v)) }

// Uint16 writes v aligned to 2 bytes.
func (e *Encoder) Uint16(v uint16) {
	e.align(2)
	e.buf = binary.LittleEndian.AppendUint16(e.buf, v)
}

// Int32 writes v aligned to 4 bytes.
func (e *Encoder) Int32(v int32) { e.Uint32(uint32(v)) }

// Uint32 writes v aligned to 4 bytes.
func (e *Encoder) Uint32(v uint32) {
	e.align(4)
	e.buf = binary.LittleEndian.AppendUint32(e.buf, v)
}

// Int64 writes v aligned to 8 bytes.
func (e *Encoder) Int64(v int64) { e.Uint64(uint64(v)) }

// Uint64 writes v aligned to 8 bytes.
func (e *Encoder) Uint64(v uint64) {
	e.align(8)
	e.buf = binary.LittleEndian.AppendUint64(e.buf, v)
}

// Float32 writes the IEEE 754 bits of v aligned to 4 bytes.
func (e *Encoder) Float32(v float32) { e.Uint32(math.Float32bits(v)) }

// Float64 writes the IEEE 754 bits of v aligned to 8 bytes.
func (e *Encoder) Float64(v float64) { e.Uint64(math.Float64bits(v)) }

// SeqLen writes the element count of a sequence, a uint32 aligned to 4 bytes.
func (e *Encoder) SeqLen(n int) {
	if uint64(n) > math.MaxUint32 {
		e.fail(&Error{Offset: HeaderSize + e.Offset(), Msg: fmt.Sprintf("sequence of %d elements exceeds the uint32 count", n)})
	}
	e.Uint32(uint32(n))
}

// String writes s as a uint32 length that counts the NUL terminator, the
// bytes of s and the NUL. s is written as is; ROS strings are UTF-8 by
// convention and must not contain NUL bytes for C and C++ readers.
func (e *Encoder) String(s string) {
	e.SeqLen(len(s) + 1)
	e.buf = append(e.buf, s...)
	e.buf = append(e.buf, 0)
}

// WString writes s in the layout of Fast DDS, the default rmw of ROS 2
// Humble: a uint32 count of UTF-16 code units, then each code unit widened to
// a uint32 (4-byte wchar_t), with no terminator. The generated
// rosidl_typesupport_fastrtps code converts the u16string to std::wstring and
// Fast CDR 1.0 serializes each wchar_t as a uint32.
//
// NOTE: rmw_cyclonedds writes 2-byte code units instead, so wstring fields
// are not interoperable between the two rmw layers; this package follows
// Fast DDS.
func (e *Encoder) WString(s string) {
	units := utf16.Encode([]rune(s))
	e.SeqLen(len(units))
	if len(units) == 0 {
		return
	}
	e.align(4)
	for _, u := range units {
		e.buf = binary.LittleEndian.AppendUint32(e.buf, uint32(u))
	}
}

// WStringLen returns the length of s in UTF-16 code units, the unit of
// wstring bounds.
func WStringLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
