package cdr_test

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/cdr"
)

// sample is a hand-written message with a field of each kind that needs its
// own alignment rule: one-byte values, an empty sequence followed by an
// 8-byte value, a bounded string, a wstring and a float32 sequence.
type sample struct {
	Flag   bool
	Level  uint8
	Empty  []float64
	Value  float64
	Name   string // bound 4 bytes
	Wide   string
	Points []float32
}

func (m *sample) MarshalCDR(e *cdr.Encoder) {
	e.Bool(m.Flag)
	e.Uint8(m.Level)
	e.SeqLen(len(m.Empty))
	e.Float64s(m.Empty)
	e.Float64(m.Value)
	e.CheckBound("name", len(m.Name), 4)
	e.String(m.Name)
	e.WString(m.Wide)
	e.SeqLen(len(m.Points))
	e.Float32s(m.Points)
}

func (m *sample) UnmarshalCDR(d *cdr.Decoder) error {
	m.Flag = d.Bool()
	m.Level = d.Uint8()
	m.Empty = cdr.Resize(m.Empty, d.SeqLen(8))
	d.Float64s(m.Empty)
	m.Value = d.Float64()
	m.Name = d.String()
	d.CheckBound("name", len(m.Name), 4)
	m.Wide = d.WString()
	m.Points = cdr.Resize(m.Points, d.SeqLen(4))
	d.Float32s(m.Points)
	return d.Err()
}

func (*sample) ROSTypeName() string   { return "cdr_test/msg/Sample" }
func (*sample) ROSDefinition() string { return "" }

// sampleGolden is the little-endian encoding of sampleValue, derived by hand
// from the CDR rules. Offsets count from the end of the header.
var sampleGolden = []byte{
	0x00, 0x01, 0x00, 0x00, // encapsulation header, CDR little-endian
	0x01,       // offset 0: Flag true
	0x07,       // offset 1: Level 7
	0x00, 0x00, // offset 2: padding to 4
	0x00, 0x00, 0x00, 0x00, // offset 4: Empty count 0, no elements and no element alignment
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0x3f, // offset 8: Value 1.5, already 8-aligned
	0x04, 0x00, 0x00, 0x00, // offset 16: Name length 4 including NUL
	'a', 'b', 'c', 0x00, // offset 20: "abc" and NUL
	0x02, 0x00, 0x00, 0x00, // offset 24: Wide count, 2 UTF-16 code units
	0x3d, 0xd8, 0x00, 0x00, // offset 28: high surrogate of U+1F600 as a 4-byte wchar
	0x00, 0xde, 0x00, 0x00, // offset 32: low surrogate
	0x02, 0x00, 0x00, 0x00, // offset 36: Points count 2
	0x00, 0x00, 0x80, 0x3f, // offset 40: 1.0
	0x00, 0x00, 0x00, 0xc0, // offset 44: -2.0
}

func sampleValue() *sample {
	return &sample{Flag: true, Level: 7, Value: 1.5, Name: "abc", Wide: "\U0001F600", Points: []float32{1, -2}}
}

func TestMarshalSampleGolden(t *testing.T) {
	got, err := cdr.Marshal(sampleValue())
	require.NoError(t, err)
	assert.Equal(t, sampleGolden, got)
}

func TestUnmarshalSampleGolden(t *testing.T) {
	var m sample
	require.NoError(t, cdr.Unmarshal(sampleGolden, &m))
	assert.Equal(t, sampleValue(), &m)
}

func TestEncoderPrimitiveAlignment(t *testing.T) {
	e := cdr.NewEncoder(make([]byte, 10))
	e.Uint8(0x01)
	e.Uint16(0x0302)
	e.Uint8(0x04)
	e.Uint32(0x08070605)
	e.Int8(-1)
	e.Uint64(0x100f0e0d0c0b0a09)
	e.Int16(-2)
	e.Float32(float32(math.Inf(1)))
	e.Bool(false)
	e.Int64(-3)
	e.Int32(-4)
	want := []byte{
		0x00, 0x01, 0x00, 0x00, // header
		0x01,       // offset 0: uint8
		0x00,       // offset 1: padding to 2
		0x02, 0x03, // offset 2: uint16
		0x04,             // offset 4: uint8
		0x00, 0x00, 0x00, // offset 5: padding to 8
		0x05, 0x06, 0x07, 0x08, // offset 8: uint32
		0xff,             // offset 12: int8 -1
		0x00, 0x00, 0x00, // offset 13: padding to 16
		0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, // offset 16: uint64
		0xfe, 0xff, // offset 24: int16 -2
		0x00, 0x00, // offset 26: padding to 28
		0x00, 0x00, 0x80, 0x7f, // offset 28: float32 +Inf
		0x00,                                     // offset 32: bool false
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // offset 33: padding to 40
		0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // offset 40: int64 -3
		0xfc, 0xff, 0xff, 0xff, // offset 48: int32 -4
	}
	require.NoError(t, e.Err())
	assert.Equal(t, want, e.Bytes())
}

func TestEncoderStrings(t *testing.T) {
	e := cdr.NewEncoder(nil)
	e.String("")
	e.Uint8(9)
	e.String("hi")
	e.WString("")
	e.WString("hé")
	want := []byte{
		0x00, 0x01, 0x00, 0x00, // header
		0x01, 0x00, 0x00, 0x00, 0x00, // offset 0: empty string: length 1, NUL
		0x09,       // offset 5: uint8
		0x00, 0x00, // offset 6: padding to 8
		0x03, 0x00, 0x00, 0x00, 'h', 'i', 0x00, // offset 8: "hi": length 3, bytes, NUL
		0x00,                   // offset 15: padding to 16
		0x00, 0x00, 0x00, 0x00, // offset 16: empty wstring: count 0, no units
		0x02, 0x00, 0x00, 0x00, // offset 20: "hé": 2 code units
		0x68, 0x00, 0x00, 0x00, // offset 24: 'h'
		0xe9, 0x00, 0x00, 0x00, // offset 28: 'é'
	}
	require.NoError(t, e.Err())
	assert.Equal(t, want, e.Bytes())
}

func TestEncoderSequencesOfPrimitives(t *testing.T) {
	e := cdr.NewEncoder(nil)
	e.Uint8(0xaa)
	e.Bools([]bool{true, false})
	e.Int8s([]int8{-1})
	e.Uint8s([]uint8{2, 3})
	e.Int16s([]int16{-2})
	e.Uint16s([]uint16{0x0102})
	e.Int32s([]int32{-3})
	e.Uint32s([]uint32{0x01020304})
	e.Int64s([]int64{-4})
	e.Uint64s([]uint64{5})
	e.Float32s([]float32{0.5})
	e.Float64s([]float64{-0.5})
	e.Strings([]string{"a", "b"})
	e.WStrings([]string{"c"})
	want := []byte{
		0x00, 0x01, 0x00, 0x00, // header
		0xaa,       // offset 0: uint8
		0x01, 0x00, // offset 1: bools
		0xff,       // offset 3: int8s
		0x02, 0x03, // offset 4: uint8s
		0xfe, 0xff, // offset 6: int16s
		0x02, 0x01, // offset 8: uint16s
		0x00, 0x00, // offset 10: padding to 12
		0xfd, 0xff, 0xff, 0xff, // offset 12: int32s
		0x04, 0x03, 0x02, 0x01, // offset 16: uint32s
		0x00, 0x00, 0x00, 0x00, // offset 20: padding to 24
		0xfc, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // offset 24: int64s
		0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // offset 32: uint64s
		0x00, 0x00, 0x00, 0x3f, // offset 40: float32s 0.5
		0x00, 0x00, 0x00, 0x00, // offset 44: padding to 48
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xe0, 0xbf, // offset 48: float64s -0.5
		0x02, 0x00, 0x00, 0x00, 'a', 0x00, // offset 56: "a"
		0x00, 0x00, // offset 62: padding to 64
		0x02, 0x00, 0x00, 0x00, 'b', 0x00, // offset 64: "b"
		0x00, 0x00, // offset 70: padding to 72
		0x01, 0x00, 0x00, 0x00, 0x63, 0x00, 0x00, 0x00, // offset 72: wstring "c"
	}
	require.NoError(t, e.Err())
	assert.Equal(t, want, e.Bytes())

	d, err := cdr.NewDecoder(want)
	require.NoError(t, err)
	assert.Equal(t, uint8(0xaa), d.Uint8())
	bools := make([]bool, 2)
	d.Bools(bools)
	assert.Equal(t, []bool{true, false}, bools)
	i8 := make([]int8, 1)
	d.Int8s(i8)
	assert.Equal(t, []int8{-1}, i8)
	u8 := make([]uint8, 2)
	d.Uint8s(u8)
	assert.Equal(t, []uint8{2, 3}, u8)
	i16 := make([]int16, 1)
	d.Int16s(i16)
	assert.Equal(t, []int16{-2}, i16)
	u16 := make([]uint16, 1)
	d.Uint16s(u16)
	assert.Equal(t, []uint16{0x0102}, u16)
	i32 := make([]int32, 1)
	d.Int32s(i32)
	assert.Equal(t, []int32{-3}, i32)
	u32 := make([]uint32, 1)
	d.Uint32s(u32)
	assert.Equal(t, []uint32{0x01020304}, u32)
	i64 := make([]int64, 1)
	d.Int64s(i64)
	assert.Equal(t, []int64{-4}, i64)
	u64 := make([]uint64, 1)
	d.Uint64s(u64)
	assert.Equal(t, []uint64{5}, u64)
	f32 := make([]float32, 1)
	d.Float32s(f32)
	assert.Equal(t, []float32{0.5}, f32)
	f64 := make([]float64, 1)
	d.Float64s(f64)
	assert.Equal(t, []float64{-0.5}, f64)
	strs := make([]string, 2)
	d.Strings(strs)
	assert.Equal(t, []string{"a", "b"}, strs)
	wstrs := make([]string, 1)
	d.WStrings(wstrs)
	assert.Equal(t, []string{"c"}, wstrs)
	require.NoError(t, d.Err())
	assert.Zero(t, d.Remaining())
}

func TestDecoderBigEndian(t *testing.T) {
	data := []byte{
		0x00, 0x00, 0x00, 0x00, // header, CDR big-endian
		0x01,       // offset 0: bool true
		0x00,       // offset 1: padding to 2
		0x01, 0x02, // offset 2: uint16 0x0102
		0x00, 0x00, 0x00, 0x03, // offset 4: string length 3
		'o', 'k', 0x00, // offset 8: "ok" and NUL
		0x00,                   // offset 11: padding to 12
		0xff, 0xff, 0xff, 0xfe, // offset 12: int32 -2
		0x3f, 0xf8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // offset 16: float64 1.5
		0x00, 0x00, 0x00, 0x02, // offset 24: sequence count 2
		0x3f, 0x80, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00, // offset 28: float32 1.0, -2.0
		0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0xe9, // offset 36: wstring "é"
	}
	d, err := cdr.NewDecoder(data)
	require.NoError(t, err)
	assert.True(t, d.BigEndian())
	assert.True(t, d.Bool())
	assert.Equal(t, uint16(0x0102), d.Uint16())
	assert.Equal(t, "ok", d.String())
	assert.Equal(t, int32(-2), d.Int32())
	assert.Equal(t, 1.5, d.Float64())
	f := make([]float32, d.SeqLen(4))
	d.Float32s(f)
	assert.Equal(t, []float32{1, -2}, f)
	assert.Equal(t, "é", d.WString())
	require.NoError(t, d.Err())
	assert.Zero(t, d.Remaining())
}

func TestAppendMarshalAlignsAfterHeader(t *testing.T) {
	prefix := []byte{0xde, 0xad, 0xbe} // odd length: alignment must not depend on it
	got, err := cdr.AppendMarshal(prefix, sampleValue())
	require.NoError(t, err)
	assert.Equal(t, prefix, got[:3])
	assert.Equal(t, sampleGolden, got[3:])
}

func TestEncoderResetReusesBuffer(t *testing.T) {
	e := cdr.NewEncoder(make([]byte, 0, 64))
	e.Uint32(1)
	first := &e.Bytes()[0]
	e.Reset(e.Bytes())
	e.Uint8(2)
	assert.Same(t, first, &e.Bytes()[0])
	assert.Equal(t, []byte{0, 1, 0, 0, 2}, e.Bytes())
}

func TestMarshalBoundExceeded(t *testing.T) {
	m := sampleValue()
	m.Name = "abcde"
	_, err := cdr.Marshal(m)
	var be *cdr.BoundError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, "name", be.Field)
	assert.Equal(t, 5, be.Len)
	assert.Equal(t, 4, be.Bound)
	assert.Contains(t, err.Error(), "cdr_test/msg/Sample")
}

func TestUnmarshalBoundExceeded(t *testing.T) {
	data := append([]byte{}, sampleGolden[:20]...)
	data = append(data,
		0x06, 0x00, 0x00, 0x00, 'a', 'b', 'c', 'd', 'e', 0x00, // offset 16: Name "abcde", over its bound of 4
		0x00, 0x00, // offset 26: padding to 28
		0x00, 0x00, 0x00, 0x00, // offset 28: Wide empty
		0x00, 0x00, 0x00, 0x00, // offset 32: Points empty
	)
	var got sample
	err := cdr.Unmarshal(data, &got)
	var be *cdr.BoundError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, 4, be.Bound)
}

func TestUnmarshalMalformed(t *testing.T) {
	withHeader := func(b ...byte) []byte { return append([]byte{0x00, 0x01, 0x00, 0x00}, b...) }
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty payload", nil, "shorter than the 4-byte encapsulation header"},
		{"XCDR2 header", []byte{0x00, 0x07, 0x00, 0x00}, "unsupported encapsulation"},
		{"bool 2", withHeader(0x02), "invalid bool value 2"},
		{"header only", withHeader(), "truncated"},
		{"huge sequence count", withHeader(0x01, 0x07, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff), "sequence count 4294967295"},
		{"string without NUL", withHeader(0x01, 0x07, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0, 0, 0, 'a', 'b'), "not NUL-terminated"},
		{"string longer than payload", withHeader(0x01, 0x07, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0, 0, 0, 'a'), "exceeds the 1 remaining bytes"},
		{"trailing data", append(append([]byte{}, sampleGolden...), 1, 2, 3, 4), "trailing bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m sample
			err := cdr.Unmarshal(tt.data, &m)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), "cdr_test/msg/Sample")
		})
	}
}

func TestUnmarshalTrailingPaddingAccepted(t *testing.T) {
	var m sample
	require.NoError(t, cdr.Unmarshal(append(append([]byte{}, sampleGolden...), 0, 0, 0), &m))
}

func TestUnmarshalTruncatedAtEveryLength(t *testing.T) {
	for n := range len(sampleGolden) {
		var m sample
		err := cdr.Unmarshal(sampleGolden[:n], &m)
		assert.Error(t, err, "payload truncated to %d of %d bytes", n, len(sampleGolden))
	}
}

func TestDecoderErrorOffset(t *testing.T) {
	d, err := cdr.NewDecoder([]byte{0x00, 0x01, 0x00, 0x00, 0x01, 0x03})
	require.NoError(t, err)
	d.Bool()
	d.Bool()
	var ce *cdr.Error
	require.True(t, errors.As(d.Err(), &ce))
	assert.Equal(t, 5, ce.Offset)
	assert.Equal(t, uint32(0), d.Uint32(), "reads after an error return zero")
}

func TestWStringInvalidCodeUnit(t *testing.T) {
	d, err := cdr.NewDecoder([]byte{0x00, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00})
	require.NoError(t, err)
	assert.Empty(t, d.WString())
	require.ErrorContains(t, d.Err(), "not a UTF-16 code unit")
}

func TestWStringLen(t *testing.T) {
	assert.Equal(t, 0, cdr.WStringLen(""))
	assert.Equal(t, 2, cdr.WStringLen("hé"))
	assert.Equal(t, 2, cdr.WStringLen("\U0001F600"))
}
