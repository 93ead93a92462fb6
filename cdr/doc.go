// Package cdr encodes and decodes ROS 2 message payloads in plain CDR
// (XCDR version 1), the wire format of the rmw layers Fast DDS and Cyclone DDS
// and of rosbag2 bags with serialization format "cdr".
//
// A payload starts with a 4-byte encapsulation header: 00 01 00 00 for
// little-endian CDR and 00 00 00 00 for big-endian CDR. The last two bytes are
// options that this package writes as zero and ignores on input. After the
// header every primitive is aligned to its own size (1, 2, 4 or 8 bytes),
// measured from the first byte after the header. Strings are a uint32 length
// that counts the terminating NUL, then the bytes, then the NUL. Sequences are
// a uint32 element count followed by the elements; fixed-size arrays have no
// count. bool, byte, char, int8 and uint8 take one byte with no alignment.
//
// Encoder always writes little-endian CDR with zero padding. Decoder reads
// both byte orders and ignores the value of padding bytes, because real
// serializers do not always zero them.
//
// Generated message types (see package rosidl and cmd/msggen) implement
// Message, so callers use Marshal, AppendMarshal and Unmarshal.
package cdr
