package cdr

import (
	"encoding/binary"
	"fmt"
	"math"
	"unicode/utf16"
)

// Decoder reads a CDR payload in either byte order. Read methods return the
// zero value once an error has occurred; the first error (truncation, an
// invalid bool, a string without NUL terminator, a count larger than the
// remaining bytes could hold, a bounded field over its bound) is recorded and
// returned by Err. A Decoder never panics on malformed input, and a count
// read from the payload never makes it allocate more than the remaining bytes
// could hold.
type Decoder struct {
	data      []byte
	pos       int // index in data of the next byte to read
	bigEndian bool
	err       error
}

// NewDecoder returns a Decoder positioned after the encapsulation header of
// data. It returns an error when data is shorter than the header or the
// header names a representation other than plain CDR.
func NewDecoder(data []byte) (*Decoder, error) {
	d := &Decoder{}
	if err := d.Reset(data); err != nil {
		return nil, err
	}
	return d, nil
}

// Reset makes d read data from its start, checking the encapsulation header
// as NewDecoder does.
func (d *Decoder) Reset(data []byte) error {
	*d = Decoder{data: data}
	if len(data) < HeaderSize {
		d.err = &Error{Offset: 0, Msg: fmt.Sprintf("payload of %d bytes is shorter than the %d-byte encapsulation header", len(data), HeaderSize)}
		return d.err
	}
	switch {
	case data[0] == 0 && data[1] == 1:
	case data[0] == 0 && data[1] == 0:
		d.bigEndian = true
	default:
		d.err = &Error{Offset: 0, Msg: fmt.Sprintf("unsupported encapsulation % x: only plain CDR (00 00 big-endian, 00 01 little-endian) is supported", data[:2])}
		return d.err
	}
	d.pos = HeaderSize
	return nil
}

// Err returns the first error recorded while decoding, or nil.
func (d *Decoder) Err() error { return d.err }

// Offset returns the index in the payload, header included, of the next byte
// to read.
func (d *Decoder) Offset() int { return d.pos }

// Remaining returns the number of unread bytes.
func (d *Decoder) Remaining() int { return len(d.data) - d.pos }

// BigEndian reports whether the payload is big-endian.
func (d *Decoder) BigEndian() bool { return d.bigEndian }

func (d *Decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

// errorf records an error that names the current offset.
func (d *Decoder) errorf(format string, args ...any) {
	if d.err == nil {
		d.err = &Error{Offset: d.pos, Msg: fmt.Sprintf(format, args...)}
	}
}

// align skips padding until the offset after the header is a multiple of n.
func (d *Decoder) align(n int) {
	pad := -(d.pos - HeaderSize) & (n - 1)
	if pad > len(d.data)-d.pos {
		d.errorf("truncated: %d bytes of alignment padding needed, %d remain", pad, len(d.data)-d.pos)
		d.pos = len(d.data)
		return
	}
	d.pos += pad
}

// next returns the next n bytes after aligning to size, or nil after an
// error.
func (d *Decoder) next(n, size int) []byte {
	start := d.pos + (-(d.pos - HeaderSize) & (size - 1))
	end := start + n
	if d.err != nil || end > len(d.data) || end < start {
		d.truncated(n, start)
		return nil
	}
	d.pos = end
	return d.data[start:end:end]
}

// truncated records the error for a read of n bytes at index start that
// does not fit in the payload.
func (d *Decoder) truncated(n, start int) {
	if d.err != nil {
		return
	}
	if start > len(d.data) {
		d.errorf("truncated: %d bytes of alignment padding needed, %d remain", start-d.pos, len(d.data)-d.pos)
	} else {
		d.pos = start
		d.errorf("truncated: %d bytes needed, %d remain", n, len(d.data)-d.pos)
	}
	d.pos = len(d.data)
}

func (d *Decoder) u16(b []byte) uint16 {
	if d.bigEndian {
		return binary.BigEndian.Uint16(b)
	}
	return binary.LittleEndian.Uint16(b)
}

func (d *Decoder) u32(b []byte) uint32 {
	if d.bigEndian {
		return binary.BigEndian.Uint32(b)
	}
	return binary.LittleEndian.Uint32(b)
}

func (d *Decoder) u64(b []byte) uint64 {
	if d.bigEndian {
		return binary.BigEndian.Uint64(b)
	}
	return binary.LittleEndian.Uint64(b)
}

// CheckBound records an error when a bounded string or sequence field holds
// n elements (bytes for strings) and bound is smaller than n. It reports
// whether n is within the bound.
func (d *Decoder) CheckBound(field string, n, bound int) bool {
	if n <= bound {
		return true
	}
	d.fail(&BoundError{Field: field, Len: n, Bound: bound, Offset: d.pos})
	return false
}

// Bool reads one byte that must be 0 or 1.
func (d *Decoder) Bool() bool {
	b := d.next(1, 1)
	if b == nil {
		return false
	}
	if b[0] > 1 {
		d.pos--
		d.errorf("invalid bool value %d: want 0 or 1", b[0])
		return false
	}
	return b[0] == 1
}

// Int8 reads one byte as a signed integer.
func (d *Decoder) Int8() int8 { return int8(d.Uint8()) }

// Uint8 reads one byte; ROS byte and char fields use it too.
func (d *Decoder) Uint8() uint8 {
	if b := d.next(1, 1); b != nil {
		return b[0]
	}
	return 0
}

// Int16 reads a 2-byte signed integer.
func (d *Decoder) Int16() int16 { return int16(d.Uint16()) }

// Uint16 reads a 2-byte unsigned integer.
func (d *Decoder) Uint16() uint16 {
	if b := d.next(2, 2); b != nil {
		return d.u16(b)
	}
	return 0
}

// Int32 reads a 4-byte signed integer.
func (d *Decoder) Int32() int32 { return int32(d.Uint32()) }

// Uint32 reads a 4-byte unsigned integer.
func (d *Decoder) Uint32() uint32 {
	if b := d.next(4, 4); b != nil {
		return d.u32(b)
	}
	return 0
}

// Int64 reads an 8-byte signed integer.
func (d *Decoder) Int64() int64 { return int64(d.Uint64()) }

// Uint64 reads an 8-byte unsigned integer.
func (d *Decoder) Uint64() uint64 {
	if b := d.next(8, 8); b != nil {
		return d.u64(b)
	}
	return 0
}

// Float32 reads an IEEE 754 single-precision value.
func (d *Decoder) Float32() float32 { return math.Float32frombits(d.Uint32()) }

// Float64 reads an IEEE 754 double-precision value.
func (d *Decoder) Float64() float64 { return math.Float64frombits(d.Uint64()) }

// SeqLen reads the element count of a sequence whose elements take at least
// minSize bytes each on the wire (1 for bool and uint8, 4 for strings, the
// smallest encoding for messages). It returns 0 and records an error when the
// remaining bytes cannot hold that many elements, so callers may allocate the
// returned count.
func (d *Decoder) SeqLen(minSize int) int {
	at := d.pos
	n := d.Uint32()
	if d.err != nil {
		return 0
	}
	if minSize < 1 {
		minSize = 1
	}
	if uint64(n)*uint64(minSize) > uint64(len(d.data)-d.pos) {
		d.fail(&Error{Offset: at, Msg: fmt.Sprintf("sequence count %d needs at least %d bytes, %d remain", n, uint64(n)*uint64(minSize), len(d.data)-d.pos)})
		return 0
	}
	return int(n)
}

// String reads a string: a uint32 length that counts the NUL terminator,
// the bytes and the NUL. A length of 0 is read as the empty string.
func (d *Decoder) String() string {
	at := d.pos
	n := d.Uint32()
	if d.err != nil || n == 0 {
		return ""
	}
	if uint64(n) > uint64(len(d.data)-d.pos) {
		d.fail(&Error{Offset: at, Msg: fmt.Sprintf("truncated: string length %d exceeds the %d remaining bytes", n, len(d.data)-d.pos)})
		d.pos = len(d.data)
		return ""
	}
	b := d.data[d.pos : d.pos+int(n)]
	if b[n-1] != 0 {
		d.fail(&Error{Offset: at, Msg: fmt.Sprintf("string of length %d is not NUL-terminated", n)})
		return ""
	}
	d.pos += int(n)
	return string(b[:n-1])
}

// WString reads a wstring in the Fast DDS layout that Encoder.WString
// writes: a uint32 count of UTF-16 code units, then each unit as a uint32.
// Unpaired surrogates decode to U+FFFD.
func (d *Decoder) WString() string {
	at := d.pos
	n := d.SeqLen(4)
	if n == 0 {
		return ""
	}
	b := d.next(4*n, 4)
	if b == nil {
		return ""
	}
	units := make([]uint16, n)
	for i := range units {
		u := d.u32(b[4*i:])
		if u > math.MaxUint16 {
			d.fail(&Error{Offset: at, Msg: fmt.Sprintf("wstring character %d is %#x, not a UTF-16 code unit", i, u)})
			return ""
		}
		units[i] = uint16(u)
	}
	return string(utf16.Decode(units))
}
