package testmsgs_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/internal/testmsgs/test_msgs"
)

// sequencesGolden is the little-endian encoding of unboundedValue and
// boundedValue, derived by hand from the CDR rules. Offsets count from the
// end of the header. test_msgs/UnboundedSequences and
// test_msgs/BoundedSequences have the same fields and the same encoding.
var sequencesGolden = []byte{
	0x00, 0x01, 0x00, 0x00, // encapsulation header, CDR little-endian
	0x01, 0x00, 0x00, 0x00, // 0: bool_values count 1
	0x01,             // 4: true
	0x00, 0x00, 0x00, // 5: padding to 8
	0x01, 0x00, 0x00, 0x00, // 8: byte_values count 1
	0xab,             // 12: 0xab
	0x00, 0x00, 0x00, // 13: padding to 16
	0x00, 0x00, 0x00, 0x00, // 16: char_values count 0
	0x00, 0x00, 0x00, 0x00, // 20: float32_values count 0, no element alignment
	0x01, 0x00, 0x00, 0x00, // 24: float64_values count 1
	0x00, 0x00, 0x00, 0x00, // 28: padding to 32, the element is 8-aligned
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xd0, 0xbf, // 32: -0.25
	0x02, 0x00, 0x00, 0x00, // 40: int8_values count 2
	0xff, 0x80, // 44: -1, -128
	0x00, 0x00, // 46: padding to 48
	0x01, 0x00, 0x00, 0x00, // 48: uint8_values count 1
	0xff,             // 52: 255
	0x00, 0x00, 0x00, // 53: padding to 56
	0x02, 0x00, 0x00, 0x00, // 56: int16_values count 2
	0xfe, 0xff, 0x34, 0x12, // 60: -2, 0x1234
	0x01, 0x00, 0x00, 0x00, // 64: uint16_values count 1
	0xff, 0xff, // 68: 65535
	0x00, 0x00, // 70: padding to 72
	0x01, 0x00, 0x00, 0x00, // 72: int32_values count 1
	0xd0, 0x8a, 0xff, 0xff, // 76: -30000
	0x01, 0x00, 0x00, 0x00, // 80: uint32_values count 1
	0xef, 0xbe, 0xad, 0xde, // 84: 0xdeadbeef
	0x01, 0x00, 0x00, 0x00, // 88: int64_values count 1
	0x00, 0x00, 0x00, 0x00, // 92: padding to 96
	0x00, 0xa6, 0x9d, 0xfd, 0xff, 0xff, 0xff, 0xff, // 96: -40000000
	0x00, 0x00, 0x00, 0x00, // 104: uint64_values count 0
	0x02, 0x00, 0x00, 0x00, // 108: string_values count 2
	0x01, 0x00, 0x00, 0x00, 0x00, // 112: "": length 1, NUL
	0x00, 0x00, 0x00, // 117: padding to 120
	0x03, 0x00, 0x00, 0x00, 'a', 'b', 0x00, // 120: "ab": length 3, bytes, NUL
	0x00,                   // 127: padding to 128
	0x00, 0x00, 0x00, 0x00, // 128: basic_types_values count 0
	0x01, 0x00, 0x00, 0x00, // 132: constants_values count 1
	0x00,             // 136: Constants has no fields: one placeholder uint8
	0x00, 0x00, 0x00, // 137: padding to 140
	0x00, 0x00, 0x00, 0x00, // 140: defaults_values count 0
	0x00, 0x00, 0x00, 0x00, // 144: bool_values_default count 0
	0x00, 0x00, 0x00, 0x00, // 148: byte_values_default count 0
	0x00, 0x00, 0x00, 0x00, // 152: char_values_default count 0
	0x00, 0x00, 0x00, 0x00, // 156: float32_values_default count 0
	0x00, 0x00, 0x00, 0x00, // 160: float64_values_default count 0
	0x00, 0x00, 0x00, 0x00, // 164: int8_values_default count 0
	0x00, 0x00, 0x00, 0x00, // 168: uint8_values_default count 0
	0x00, 0x00, 0x00, 0x00, // 172: int16_values_default count 0
	0x00, 0x00, 0x00, 0x00, // 176: uint16_values_default count 0
	0x00, 0x00, 0x00, 0x00, // 180: int32_values_default count 0
	0x00, 0x00, 0x00, 0x00, // 184: uint32_values_default count 0
	0x00, 0x00, 0x00, 0x00, // 188: int64_values_default count 0
	0x00, 0x00, 0x00, 0x00, // 192: uint64_values_default count 0
	0x00, 0x00, 0x00, 0x00, // 196: string_values_default count 0
	0x04, 0x03, 0x02, 0x01, // 200: alignment_check 0x01020304
}

func unboundedValue() *test_msgs.UnboundedSequences {
	return &test_msgs.UnboundedSequences{
		BoolValues:      []bool{true},
		ByteValues:      []byte{0xab},
		Float64Values:   []float64{-0.25},
		Int8Values:      []int8{-1, -128},
		Uint8Values:     []uint8{255},
		Int16Values:     []int16{-2, 0x1234},
		Uint16Values:    []uint16{65535},
		Int32Values:     []int32{-30000},
		Uint32Values:    []uint32{0xdeadbeef},
		Int64Values:     []int64{-40000000},
		StringValues:    []string{"", "ab"},
		ConstantsValues: []test_msgs.Constants{{}},
		AlignmentCheck:  0x01020304,
	}
}

func boundedValue() *test_msgs.BoundedSequences {
	u := unboundedValue()
	return &test_msgs.BoundedSequences{
		BoolValues:      u.BoolValues,
		ByteValues:      u.ByteValues,
		Float64Values:   u.Float64Values,
		Int8Values:      u.Int8Values,
		Uint8Values:     u.Uint8Values,
		Int16Values:     u.Int16Values,
		Uint16Values:    u.Uint16Values,
		Int32Values:     u.Int32Values,
		Uint32Values:    u.Uint32Values,
		Int64Values:     u.Int64Values,
		StringValues:    u.StringValues,
		ConstantsValues: u.ConstantsValues,
		AlignmentCheck:  u.AlignmentCheck,
	}
}

func TestUnboundedSequencesGolden(t *testing.T) {
	got, err := cdr.Marshal(unboundedValue())
	require.NoError(t, err)
	assert.Equal(t, sequencesGolden, got)

	var m test_msgs.UnboundedSequences
	require.NoError(t, cdr.Unmarshal(sequencesGolden, &m))
	assert.Equal(t, unboundedValue(), &m)
}

func TestBoundedSequencesGolden(t *testing.T) {
	got, err := cdr.Marshal(boundedValue())
	require.NoError(t, err)
	assert.Equal(t, sequencesGolden, got)

	var m test_msgs.BoundedSequences
	require.NoError(t, cdr.Unmarshal(sequencesGolden, &m))
	assert.Equal(t, boundedValue(), &m)
}

func TestBoundedSequenceOverBoundMarshal(t *testing.T) {
	m := boundedValue()
	m.Int16Values = []int16{1, 2, 3, 4}
	_, err := cdr.Marshal(m)
	var be *cdr.BoundError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, "int16_values", be.Field)
	assert.Equal(t, 4, be.Len)
	assert.Equal(t, 3, be.Bound)
	assert.ErrorContains(t, err, "test_msgs/msg/BoundedSequences")
}

func TestBoundedSequenceOverBoundUnmarshal(t *testing.T) {
	data := []byte{
		0x00, 0x01, 0x00, 0x00, // header
		0x04, 0x00, 0x00, 0x00, // 0: bool_values count 4, over the bound of 3
		0x01, 0x00, 0x01, 0x00, // 4: four bools
	}
	var m test_msgs.BoundedSequences
	err := cdr.Unmarshal(data, &m)
	var be *cdr.BoundError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, "bool_values", be.Field)
	assert.Equal(t, 4, be.Len)
	assert.Equal(t, 8, be.Offset, "payload offset after the count, header included")
}

func TestBoundedStringOverBound(t *testing.T) {
	m := test_msgs.NewStrings()
	m.BoundedStringValue = "twenty-three characters"
	_, err := cdr.Marshal(m)
	var be *cdr.BoundError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, "bounded_string_value", be.Field)
	assert.Equal(t, 23, be.Len)
	assert.Equal(t, 22, be.Bound)
}

// wstringsGolden is the encoding of wstringsValue in the Fast DDS layout:
// a uint32 count of UTF-16 code units, then one uint32 per code unit.
var wstringsGolden = []byte{
	0x00, 0x01, 0x00, 0x00, // header
	0x01, 0x00, 0x00, 0x00, // 0: wstring_value: 1 code unit
	0xe9, 0x00, 0x00, 0x00, // 4: U+00E9 'é'
	0x00, 0x00, 0x00, 0x00, // 8: wstring_value_default1 ""
	0x00, 0x00, 0x00, 0x00, // 12: wstring_value_default2 ""
	0x00, 0x00, 0x00, 0x00, // 16: wstring_value_default3 ""
	0x01, 0x00, 0x00, 0x00, 0x61, 0x00, 0x00, 0x00, // 20: array_of_wstrings[0] "a"
	0x00, 0x00, 0x00, 0x00, // 28: array_of_wstrings[1] ""
	0x02, 0x00, 0x00, 0x00, // 32: array_of_wstrings[2]: 2 code units
	0x3d, 0xd8, 0x00, 0x00, 0x00, 0xde, 0x00, 0x00, // 36: U+1F600 as surrogates D83D DE00
	0x00, 0x00, 0x00, 0x00, // 44: bounded_sequence_of_wstrings count 0
	0x01, 0x00, 0x00, 0x00, // 48: unbounded_sequence_of_wstrings count 1
	0x01, 0x00, 0x00, 0x00, 0xcf, 0x30, 0x00, 0x00, // 52: "ハ" U+30CF
}

func wstringsValue() *test_msgs.WStrings {
	return &test_msgs.WStrings{
		WstringValue:                "é",
		ArrayOfWstrings:             [3]string{"a", "", "\U0001F600"},
		UnboundedSequenceOfWstrings: []string{"ハ"},
	}
}

func TestWStringsGolden(t *testing.T) {
	got, err := cdr.Marshal(wstringsValue())
	require.NoError(t, err)
	assert.Equal(t, wstringsGolden, got)

	var m test_msgs.WStrings
	require.NoError(t, cdr.Unmarshal(wstringsGolden, &m))
	assert.Equal(t, wstringsValue(), &m)
}

func TestWStringsDefaults(t *testing.T) {
	m := test_msgs.NewWStrings()
	assert.Equal(t, "Hello world!", m.WstringValueDefault1)
	assert.Equal(t, "Hellö wörld!", m.WstringValueDefault2)
	assert.Equal(t, "ハローワールド", m.WstringValueDefault3)
}

// basicTypesBigEndian is test_msgs/BasicTypes in big-endian CDR.
var basicTypesBigEndian = []byte{
	0x00, 0x00, 0x00, 0x00, // header, CDR big-endian
	0x01,                   // 0: bool_value true
	0xab,                   // 1: byte_value
	0x7a,                   // 2: char_value 'z'
	0x00,                   // 3: padding to 4
	0x3f, 0xc0, 0x00, 0x00, // 4: float32_value 1.5
	0xc0, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // 8: float64_value -2.5
	0xfb,       // 16: int8_value -5
	0xc8,       // 17: uint8_value 200
	0xfc, 0x18, // 18: int16_value -1000
	0x07, 0xd0, // 20: uint16_value 2000
	0x00, 0x00, // 22: padding to 24
	0xff, 0xff, 0x8a, 0xd0, // 24: int32_value -30000
	0x00, 0x00, 0xea, 0x60, // 28: uint32_value 60000
	0xff, 0xff, 0xff, 0xff, 0xfd, 0x9d, 0xa6, 0x00, // 32: int64_value -40000000
	0x00, 0x00, 0x00, 0x00, 0x02, 0xfa, 0xf0, 0x80, // 40: uint64_value 50000000
}

// basicTypesLittleEndian is the same message in little-endian CDR, the form
// the encoder writes.
var basicTypesLittleEndian = []byte{
	0x00, 0x01, 0x00, 0x00, // header, CDR little-endian
	0x01, 0xab, 0x7a, 0x00, // 0: bool, byte, char, padding
	0x00, 0x00, 0xc0, 0x3f, // 4: 1.5
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0xc0, // 8: -2.5
	0xfb, 0xc8, 0x18, 0xfc, 0xd0, 0x07, 0x00, 0x00, // 16: int8, uint8, int16, uint16, padding
	0xd0, 0x8a, 0xff, 0xff, // 24: -30000
	0x60, 0xea, 0x00, 0x00, // 28: 60000
	0x00, 0xa6, 0x9d, 0xfd, 0xff, 0xff, 0xff, 0xff, // 32: -40000000
	0x80, 0xf0, 0xfa, 0x02, 0x00, 0x00, 0x00, 0x00, // 40: 50000000
}

func TestBasicTypesBigEndianDecode(t *testing.T) {
	want := &test_msgs.BasicTypes{
		BoolValue: true, ByteValue: 0xab, CharValue: 'z',
		Float32Value: 1.5, Float64Value: -2.5,
		Int8Value: -5, Uint8Value: 200, Int16Value: -1000, Uint16Value: 2000,
		Int32Value: -30000, Uint32Value: 60000, Int64Value: -40000000, Uint64Value: 50000000,
	}
	var m test_msgs.BasicTypes
	require.NoError(t, cdr.Unmarshal(basicTypesBigEndian, &m))
	assert.Equal(t, want, &m)

	le, err := cdr.Marshal(&m)
	require.NoError(t, err)
	assert.Equal(t, basicTypesLittleEndian, le)
}

func TestDefaultsConstructor(t *testing.T) {
	m := test_msgs.NewArrays()
	assert.Equal(t, [3]bool{false, true, false}, m.BoolValuesDefault)
	assert.Equal(t, [3]uint64{0, 1, 18446744073709551615}, m.Uint64ValuesDefault)
	assert.Equal(t, [3]string{"", "max value", "min value"}, m.StringValuesDefault)
	assert.Equal(t, int8(-50), m.DefaultsValues[2].Int8Value, "nested defaults apply to fixed arrays of messages")
	assert.Equal(t, "Hello'world!", test_msgs.NewStrings().StringValueDefault4)
	assert.Equal(t, int64(-40000000), test_msgs.ConstantsInt64Const)
	assert.Equal(t, "Hello world!", test_msgs.StringsStringConst)
}
