package safetensors

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// build assembles a file by hand: the 8-byte little-endian header length,
// the header text exactly as given, then the buffer.
func build(header string, buffer []byte) []byte {
	out := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	out = append(out, header...)
	return append(out, buffer...)
}

func f32(values ...float32) []byte {
	var out []byte
	for _, v := range values {
		out = binary.LittleEndian.AppendUint32(out, math.Float32bits(v))
	}
	return out
}

func TestReadHandBuiltFile(t *testing.T) {
	header := `{"__metadata__":{"note":"hand"},"b":{"dtype":"F32","shape":[2],"data_offsets":[12,20]},` +
		`"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}   `
	buffer := append(f32(1, -2.5, 0.125), f32(3, 4)...)
	f, err := Read(bytes.NewReader(build(header, buffer)))
	require.NoError(t, err)

	assert.Equal(t, map[string]string{"note": "hand"}, f.Metadata)
	a, err := f.Tensors["a"].Float64s()
	require.NoError(t, err)
	assert.Equal(t, []float64{1, -2.5, 0.125}, a)
	assert.Equal(t, []int{2}, f.Tensors["b"].Shape)
	b, err := f.Tensors["b"].Float64s()
	require.NoError(t, err)
	assert.Equal(t, []float64{3, 4}, b)
}

func TestReadHalfPrecision(t *testing.T) {
	// F16 1.0 = 0x3C00, −2 = 0xC000, 65504 = 0x7BFF, smallest subnormal = 0x0001;
	// BF16 1.0 = 0x3F80, −0.5 = 0xBF00.
	var buf []byte
	for _, h := range []uint16{0x3C00, 0xC000, 0x7BFF, 0x0001, 0x3F80, 0xBF00} {
		buf = binary.LittleEndian.AppendUint16(buf, h)
	}
	header := `{"h":{"dtype":"F16","shape":[4],"data_offsets":[0,8]},"bf":{"dtype":"BF16","shape":[2],"data_offsets":[8,12]}}`
	f, err := Read(bytes.NewReader(build(header, buf)))
	require.NoError(t, err)
	h, err := f.Tensors["h"].Float64s()
	require.NoError(t, err)
	assert.Equal(t, []float64{1, -2, 65504, math.Ldexp(1, -24)}, h)
	bf, err := f.Tensors["bf"].Float64s()
	require.NoError(t, err)
	assert.Equal(t, []float64{1, -0.5}, bf)
}

func TestReadScalarAndEmpty(t *testing.T) {
	header := `{"s":{"dtype":"F64","shape":[],"data_offsets":[0,8]},"e":{"dtype":"F32","shape":[0,3],"data_offsets":[8,8]}}`
	buf := binary.LittleEndian.AppendUint64(nil, math.Float64bits(math.Pi))
	f, err := Read(bytes.NewReader(build(header, buf)))
	require.NoError(t, err)
	s, err := f.Tensors["s"].Float64s()
	require.NoError(t, err)
	assert.Equal(t, []float64{math.Pi}, s)
	assert.Equal(t, 0, f.Tensors["e"].Len())
}

func TestReadRejectsMalformed(t *testing.T) {
	good := `{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`
	buf := f32(1, 2)
	cases := []struct {
		name string
		file []byte
		want string
	}{
		{"short length", []byte{1, 2, 3}, "truncated file"},
		{"header past end", build(good, buf)[:20], "truncated file"},
		{"buffer truncated", build(good, buf[:7]), "truncated file"},
		{"huge header length", binary.LittleEndian.AppendUint64(nil, 1<<40), "exceeds"},
		{"not an object", build(`["a"]`, nil), "begin with '{'"},
		{"duplicate key", build(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, buf), `duplicate key "a"`},
		{"unknown dtype", build(`{"a":{"dtype":"F128","shape":[1],"data_offsets":[0,8]}}`, buf), `unknown dtype "F128"`},
		{"shape mismatch", build(`{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}`, buf), "needs 12 bytes"},
		{"hole", build(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, buf), "hole"},
		{"overlap", build(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, buf), "overlapping"},
		{"trailing bytes", build(good, append(buf, 0)), "not indexed"},
		{"trailing header text", build(good+` x`, buf), "after the JSON object"},
		{"metadata not strings", build(`{"__metadata__":{"v":1}}`, nil), "strings to strings"},
		{"unknown field", build(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"x":1}}`, buf), `unknown field "x"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(bytes.NewReader(c.file))
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func TestWriteReadRoundTrip(t *testing.T) {
	a, err := FloatTensor("F64", []int{2, 2}, []float64{1, 2, 3, math.Inf(-1)})
	require.NoError(t, err)
	b, err := FloatTensor("F32", []int{3}, []float64{0.5, -1, 7})
	require.NoError(t, err)
	in := &File{Tensors: map[string]Tensor{"a": a, "b": b}, Metadata: map[string]string{"k": "v"}}
	var buf bytes.Buffer
	require.NoError(t, in.Write(&buf))
	assert.Zero(t, (8+binary.LittleEndian.Uint64(buf.Bytes()))%8, "tensor data is not 8-byte aligned")

	out, err := Read(&buf)
	require.NoError(t, err)
	assert.Equal(t, in.Metadata, out.Metadata)
	assert.Equal(t, in.Tensors, out.Tensors)
}

func TestWriteExactBytes(t *testing.T) {
	x, err := FloatTensor("F32", []int{1}, []float64{1})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, (&File{Tensors: map[string]Tensor{"x": x}}).Write(&buf))
	header := `{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`
	for (8+len(header))%8 != 0 {
		header += " "
	}
	assert.Equal(t, build(header, f32(1)), buf.Bytes())
}
