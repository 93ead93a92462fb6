package rosidl

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseFieldsConstantsDefaults(t *testing.T) {
	text := `# leading comment
int32 NO_SELECTION=-1   # trailing comment
string GREETING="a # not a comment"
string UNQUOTED=hello world

std_msgs/Header header
Lane[] lanes
float64[3] xyz [1.5, 0, -2]
uint8[<=4] small
string<=8 name "x#y"
wstring<=3[<=2] wide
bool flag true
`
	m, err := Parse("ebm_av", "Sample", "Sample.msg", text)
	require.NoError(t, err)

	require.Len(t, m.Constants, 3)
	assert.Equal(t, Constant{Type: Type{Name: "int32"}, Name: "NO_SELECTION", Value: int64(-1), Line: 2}, m.Constants[0])
	assert.Equal(t, "a # not a comment", m.Constants[1].Value)
	assert.Equal(t, "hello world", m.Constants[2].Value)

	require.Len(t, m.Fields, 7)
	assert.Equal(t, Type{Package: "std_msgs", Name: "Header"}, m.Fields[0].Type)
	assert.Equal(t, Type{Package: "ebm_av", Name: "Lane", Array: Sequence}, m.Fields[1].Type)
	assert.Equal(t, Type{Name: "float64", Array: FixedArray, Len: 3}, m.Fields[2].Type)
	assert.Equal(t, []any{1.5, 0.0, -2.0}, m.Fields[2].Default)
	assert.Equal(t, Type{Name: "uint8", Array: BoundedSequence, Len: 4}, m.Fields[3].Type)
	assert.Equal(t, Type{Name: "string", StringBound: 8}, m.Fields[4].Type)
	assert.Equal(t, "x#y", m.Fields[4].Default)
	assert.Equal(t, Type{Name: "wstring", StringBound: 3, Array: BoundedSequence, Len: 2}, m.Fields[5].Type)
	assert.Equal(t, true, m.Fields[6].Default)
	assert.Equal(t, 12, m.Fields[6].Line)
}

func TestParseQuotedStringDefaults(t *testing.T) {
	text := `string a "Hello'world!"
string b 'Hello"world!'
string c 'Hello\'world!'
string d "Hello\"world!"
string[3] e ["", "max value", "min, value"]
`
	m, err := Parse("test_msgs", "Strings", "Strings.msg", text)
	require.NoError(t, err)
	assert.Equal(t, "Hello'world!", m.Fields[0].Default)
	assert.Equal(t, `Hello"world!`, m.Fields[1].Default)
	assert.Equal(t, "Hello'world!", m.Fields[2].Default)
	assert.Equal(t, `Hello"world!`, m.Fields[3].Default)
	assert.Equal(t, []any{"", "max value", "min, value"}, m.Fields[4].Default)
}

func TestParseErrorsNameFileAndLine(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"missing name", "int32\n", "Bad.msg:1: missing name"},
		{"unknown primitive bound", "int32<=3 x\n", "Bad.msg:1: invalid type"},
		{"bad field name", "\nint32 Value\n", "Bad.msg:2: invalid field name \"Value\""},
		{"double underscore", "int32 a__b\n", "invalid field name"},
		{"duplicate", "int32 a\nint32 a\n", "Bad.msg:2: duplicate name a, first declared on line 1"},
		{"uint8 out of range", "uint8 X=256\n", "Bad.msg:1: constant X: invalid uint8 \"256\""},
		{"int8 out of range", "int8 x -129\n", "invalid int8"},
		{"bool", "bool x maybe\n", "invalid bool"},
		{"fixed array length", "int32[2] x [1, 2, 3]\n", "3 elements, the type needs 2"},
		{"sequence bound", "int32[<=1] x [1, 2]\n", "over the bound of 1"},
		{"zero bound", "int32[<=0] x\n", "not a positive integer"},
		{"string bound", "string<=2 x \"abc\"\n", "longer than the bound 2"},
		{"array constant", "int32[2] X=1\n", "primitive non-array type"},
		{"message default", "geometry_msgs/Point p 1\n", "only for primitive types"},
		{"service separator", "int32 a\n---\nint32 b\n", "Bad.msg:2: service or action separator"},
		{"lower-case constant", "int32 x_y=1\n", "invalid constant name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("pkg", "Bad", "Bad.msg", tt.text)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestSetCheckUnknownType(t *testing.T) {
	s := NewSet()
	m, err := Parse("pkg", "A", "A.msg", "int32 x\nB b\n")
	require.NoError(t, err)
	require.NoError(t, s.Add(m))
	err = s.Check()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "A.msg:2: field b: unknown message type pkg/msg/B")
}

func TestSetCheckRecursion(t *testing.T) {
	s := NewSet()
	for name, text := range map[string]string{"A": "B b\n", "B": "A[] a\n"} {
		m, err := Parse("pkg", name, name+".msg", text)
		require.NoError(t, err)
		require.NoError(t, s.Add(m))
	}
	assert.ErrorContains(t, s.Check(), "recursive message types")
}

func TestDefinitionLayout(t *testing.T) {
	s := NewSet()
	add := func(pkg, name, text string) {
		m, err := Parse(pkg, name, name+".msg", text)
		require.NoError(t, err)
		require.NoError(t, s.Add(m))
	}
	add("builtin_interfaces", "Time", "int32 sec\nuint32 nanosec\n")
	add("std_msgs", "Header", "builtin_interfaces/Time stamp\nstring frame_id\n")
	add("pkg", "Inner", "builtin_interfaces/Time t\n")
	add("pkg", "Outer", "std_msgs/Header header\nInner[] inner\nInner again\n")
	require.NoError(t, s.Check())
	outer, _ := s.Lookup("pkg/msg/Outer")
	sep := strings.Repeat("=", 80)
	want := "std_msgs/Header header\nInner[] inner\nInner again\n" +
		"\n" + sep + "\nMSG: std_msgs/Header\nbuiltin_interfaces/Time stamp\nstring frame_id\n" +
		"\n" + sep + "\nMSG: builtin_interfaces/Time\nint32 sec\nuint32 nanosec\n" +
		"\n" + sep + "\nMSG: pkg/Inner\nbuiltin_interfaces/Time t\n"
	assert.Equal(t, want, s.Definition(outer))
	assert.Equal(t, 12+4+8, s.MinSize(outer), "header (4+4+4) + sequence count (4) + inner (8), without padding")
}

func TestGoName(t *testing.T) {
	for in, want := range map[string]string{
		"frame_id":       "FrameID",
		"child_frame_id": "ChildFrameID",
		"LINE_STRIP":     "LineStrip",
		"uint8_values":   "Uint8Values",
		"x":              "X",
		"uv_coordinates": "UVCoordinates",
		"roi":            "ROI",
		"lane_ids":       "LaneIDs",
		"TYPE_CAR":       "TypeCar",
		"float64_value":  "Float64Value",
		"is_bigendian":   "IsBigendian",
		"position_std":   "PositionStd",
	} {
		assert.Equal(t, want, GoName(in), in)
	}
}

func TestFileName(t *testing.T) {
	for in, want := range map[string]string{
		"ColorRGBA":   "color_rgba",
		"PointCloud2": "point_cloud2",
		"TFMessage":   "tf_message",
		"Header":      "header",
		"BEVFeatures": "bev_features",
		"UInt8":       "u_int8",
	} {
		assert.Equal(t, want, FileName(in), in)
	}
}
