package cdr

import (
	"errors"
	"fmt"
	"sync"
)

// Message is a ROS 2 message type with a CDR encoding. Generated bindings
// implement it on pointer receivers.
type Message interface {
	// MarshalCDR appends the fields of the message to e.
	MarshalCDR(e *Encoder)
	// UnmarshalCDR overwrites every field of the message with values read
	// from d and returns d.Err.
	UnmarshalCDR(d *Decoder) error
	// ROSTypeName returns the full type name, for example
	// "std_msgs/msg/Header".
	ROSTypeName() string
	// ROSDefinition returns the ros2msg schema text: the type's own .msg
	// text, then for each message type it depends on a line of 80 '='
	// characters, a line "MSG: pkg/Type" and that type's text. This is the
	// layout rosbag2 stores in MCAP schema records.
	ROSDefinition() string
}

// Error is a CDR encoding or decoding failure at a byte offset of the
// payload, header included.
type Error struct {
	Offset int
	Msg    string
}

func (e *Error) Error() string {
	return fmt.Sprintf("offset %d: %s", e.Offset, e.Msg)
}

// BoundError is a bounded string or sequence field that holds more elements
// than its bound allows. For strings Len counts bytes and for wstrings UTF-16
// code units.
type BoundError struct {
	Field  string
	Len    int
	Bound  int
	Offset int // payload offset, header included, where the field starts
}

func (e *BoundError) Error() string {
	return fmt.Sprintf("offset %d: field %s holds %d elements, exceeding its bound of %d", e.Offset, e.Field, e.Len, e.Bound)
}

// ErrTrailingData reports bytes left after a decoded message beyond the at
// most 3 bytes of padding that serializers append to reach a multiple of 4.
var ErrTrailingData = errors.New("trailing bytes after message")

// encoders and decoders hold the codec state of Marshal, AppendMarshal and
// Unmarshal, which escapes to the heap through the Message interface.
var (
	encoders = sync.Pool{New: func() any { return new(Encoder) }}
	decoders = sync.Pool{New: func() any { return new(Decoder) }}
)

// Marshal returns the little-endian CDR encoding of m, header included, in a
// new buffer.
func Marshal(m Message) ([]byte, error) {
	return AppendMarshal(nil, m)
}

// AppendMarshal appends the little-endian CDR encoding of m, header included,
// to buf and returns the extended buffer. Alignment is measured from the end
// of the appended header, so buf may already hold other data.
func AppendMarshal(buf []byte, m Message) ([]byte, error) {
	e := encoders.Get().(*Encoder)
	defer func() {
		*e = Encoder{}
		encoders.Put(e)
	}()
	e.reset(buf)
	m.MarshalCDR(e)
	if e.err != nil {
		return buf, fmt.Errorf("cdr: marshal %s: %w", m.ROSTypeName(), e.err)
	}
	return e.buf, nil
}

// Unmarshal decodes the CDR payload data, in either byte order, into m. It
// accepts up to 3 trailing bytes after the message, the padding some
// serializers add to reach a multiple of 4 bytes, and rejects more.
func Unmarshal(data []byte, m Message) error {
	d := decoders.Get().(*Decoder)
	defer func() {
		*d = Decoder{}
		decoders.Put(d)
	}()
	if err := d.Reset(data); err != nil {
		return fmt.Errorf("cdr: unmarshal %s: %w", m.ROSTypeName(), err)
	}
	if err := m.UnmarshalCDR(d); err != nil {
		return fmt.Errorf("cdr: unmarshal %s: %w", m.ROSTypeName(), err)
	}
	if n := d.Remaining(); n > 3 {
		return fmt.Errorf("cdr: unmarshal %s: offset %d: %w: %d bytes remain: check that the type matches the payload", m.ROSTypeName(), d.pos, ErrTrailingData, n)
	}
	return nil
}
