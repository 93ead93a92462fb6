package safetensors

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
)

// MaxHeaderSize is the largest JSON header accepted, 100 MB, the limit of
// the reference implementation, which keeps a corrupt length from causing
// a huge allocation.
const MaxHeaderSize = 100 << 20

// Tensor is one named tensor: its dtype name (for example "F32"), its
// shape, and its little-endian row-major bytes.
type Tensor struct {
	DType string
	Shape []int
	Data  []byte
}

// Len returns the number of elements, the product of the shape (1 for a
// scalar).
func (t Tensor) Len() int {
	n := 1
	for _, d := range t.Shape {
		n *= d
	}
	return n
}

// Float64s returns the values of a floating-point tensor as float64.
func (t Tensor) Float64s() ([]float64, error) { return decodeFloats(t.DType, t.Data) }

// FloatTensor returns a tensor of the given dtype ("F32" or "F64") and
// shape holding values. It returns an error when the shape does not match
// the number of values.
func FloatTensor(dtype string, shape []int, values []float64) (Tensor, error) {
	t := Tensor{DType: dtype, Shape: slices.Clone(shape)}
	if t.Len() != len(values) {
		return Tensor{}, fmt.Errorf("safetensors: shape %v has %d elements, have %d values", shape, t.Len(), len(values))
	}
	data, err := encodeFloats(dtype, values)
	if err != nil {
		return Tensor{}, err
	}
	t.Data = data
	return t, nil
}

// File is the content of a safetensors file.
type File struct {
	Tensors  map[string]Tensor
	Metadata map[string]string
}

type headerEntry struct {
	DType       string   `json:"dtype"`
	Shape       []int    `json:"shape"`
	DataOffsets [2]int64 `json:"data_offsets"`
}

// Read parses a safetensors file from r, checking every rule of the
// format. Its errors name the offending tensor or field.
func Read(r io.Reader) (*File, error) {
	var lenBuf [8]byte
	if _, err := io.ReadFull(r, lenBuf[:]); err != nil {
		return nil, fmt.Errorf("safetensors: truncated file: reading the 8-byte header length: %w", err)
	}
	n := binary.LittleEndian.Uint64(lenBuf[:])
	if n > MaxHeaderSize {
		return nil, fmt.Errorf("safetensors: header length %d exceeds the %d-byte limit; the file is corrupt or not safetensors", n, MaxHeaderSize)
	}
	header := make([]byte, n)
	if _, err := io.ReadFull(r, header); err != nil {
		return nil, fmt.Errorf("safetensors: truncated file: header declares %d bytes: %w", n, err)
	}
	buffer, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("safetensors: reading the byte buffer: %w", err)
	}
	return parse(header, buffer)
}

func parse(header, buffer []byte) (*File, error) {
	if len(header) == 0 || header[0] != '{' {
		return nil, errors.New("safetensors: header does not begin with '{'")
	}
	raw, err := decodeObject(header)
	if err != nil {
		return nil, fmt.Errorf("safetensors: header: %w", err)
	}

	f := &File{Tensors: map[string]Tensor{}, Metadata: map[string]string{}}
	var spans []span
	for name, value := range raw {
		if name == "__metadata__" {
			if err := json.Unmarshal(value, &f.Metadata); err != nil {
				return nil, fmt.Errorf("safetensors: __metadata__ must map strings to strings: %w", err)
			}
			continue
		}
		t, begin, end, err := parseEntry(name, value, int64(len(buffer)))
		if err != nil {
			return nil, err
		}
		t.Data = buffer[begin:end:end]
		f.Tensors[name] = t
		spans = append(spans, span{name, begin, end})
	}
	if err := checkTiling(spans, int64(len(buffer))); err != nil {
		return nil, err
	}
	return f, nil
}

// span is the byte range [begin, end) of a tensor in the buffer.
type span struct {
	name       string
	begin, end int64
}

// parseEntry decodes and checks the header entry of one tensor and
// returns it without data, with its byte range in a buffer of bufLen
// bytes.
func parseEntry(name string, value json.RawMessage, bufLen int64) (Tensor, int64, int64, error) {
	var e headerEntry
	dec := json.NewDecoder(bytes.NewReader(value))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return Tensor{}, 0, 0, fmt.Errorf("safetensors: tensor %q: %w", name, err)
	}
	size, ok := dtypeSizes[e.DType]
	if !ok {
		return Tensor{}, 0, 0, fmt.Errorf("safetensors: tensor %q has unknown dtype %q", name, e.DType)
	}
	for _, d := range e.Shape {
		if d < 0 {
			return Tensor{}, 0, 0, fmt.Errorf("safetensors: tensor %q has negative dimension in shape %v", name, e.Shape)
		}
	}
	t := Tensor{DType: e.DType, Shape: e.Shape}
	begin, end := e.DataOffsets[0], e.DataOffsets[1]
	if begin < 0 || end < begin {
		return Tensor{}, 0, 0, fmt.Errorf("safetensors: tensor %q has invalid data_offsets [%d, %d]", name, begin, end)
	}
	if want := int64(t.Len()) * int64(size); end-begin != want {
		return Tensor{}, 0, 0, fmt.Errorf("safetensors: tensor %q: shape %v of %s needs %d bytes, data_offsets [%d, %d] span %d",
			name, e.Shape, e.DType, want, begin, end, end-begin)
	}
	if end > bufLen {
		return Tensor{}, 0, 0, fmt.Errorf("safetensors: truncated file: tensor %q ends at byte %d of a %d-byte buffer", name, end, bufLen)
	}
	return t, begin, end, nil
}

// checkTiling checks that the tensors cover the buffer of bufLen bytes
// exactly, with no hole, overlap or unindexed tail.
func checkTiling(spans []span, bufLen int64) error {
	sort.Slice(spans, func(i, j int) bool { return spans[i].begin < spans[j].begin })
	var pos int64
	for _, s := range spans {
		if s.begin != pos {
			return fmt.Errorf("safetensors: tensor %q starts at byte %d, expected %d: the buffer has a hole or overlapping tensors", s.name, s.begin, pos)
		}
		pos = s.end
	}
	if pos != bufLen {
		return fmt.Errorf("safetensors: %d bytes after the last tensor are not indexed by the header", bufLen-pos)
	}
	return nil
}

// decodeObject decodes a JSON object into its raw members, rejecting
// duplicate keys, which the format forbids and encoding/json would accept.
func decodeObject(data []byte) (map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("not a JSON object: %v", err)
	}
	out := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil, fmt.Errorf("member %q: %w", key, err)
		}
		if _, dup := out[key]; dup {
			return nil, fmt.Errorf("duplicate key %q", key)
		}
		out[key] = value
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	// Only space padding may follow the object.
	rest := data[dec.InputOffset():]
	if len(bytes.Trim(rest, " ")) != 0 {
		return nil, errors.New("unexpected bytes after the JSON object")
	}
	return out, nil
}

// Write writes f to w with tensors in name order and the header padded
// with spaces to a multiple of 8 bytes, so tensor data stays aligned.
func (f *File) Write(w io.Writer) error {
	names := make([]string, 0, len(f.Tensors))
	for name := range f.Tensors {
		if name == "__metadata__" {
			return errors.New(`safetensors: "__metadata__" is reserved and cannot name a tensor`)
		}
		names = append(names, name)
	}
	slices.Sort(names)

	var head bytes.Buffer
	head.WriteByte('{')
	if len(f.Metadata) > 0 {
		m, err := json.Marshal(f.Metadata)
		if err != nil {
			return fmt.Errorf("safetensors: encoding metadata: %w", err)
		}
		head.WriteString(`"__metadata__":`)
		head.Write(m)
	}
	var offset int64
	for i, name := range names {
		t := f.Tensors[name]
		size, ok := dtypeSizes[t.DType]
		if !ok {
			return fmt.Errorf("safetensors: tensor %q has unknown dtype %q", name, t.DType)
		}
		if int64(len(t.Data)) != int64(t.Len())*int64(size) {
			return fmt.Errorf("safetensors: tensor %q has %d bytes, shape %v of %s needs %d", name, len(t.Data), t.Shape, t.DType, t.Len()*size)
		}
		if i > 0 || len(f.Metadata) > 0 {
			head.WriteByte(',')
		}
		key, _ := json.Marshal(name)
		shape := t.Shape
		if shape == nil {
			shape = []int{}
		}
		entry, _ := json.Marshal(headerEntry{DType: t.DType, Shape: shape, DataOffsets: [2]int64{offset, offset + int64(len(t.Data))}})
		head.Write(key)
		head.WriteByte(':')
		head.Write(entry)
		offset += int64(len(t.Data))
	}
	head.WriteByte('}')
	for (8+head.Len())%8 != 0 {
		head.WriteByte(' ')
	}

	var lenBuf [8]byte
	binary.LittleEndian.PutUint64(lenBuf[:], uint64(head.Len()))
	if _, err := w.Write(lenBuf[:]); err != nil {
		return fmt.Errorf("safetensors: writing the header length: %w", err)
	}
	if _, err := w.Write(head.Bytes()); err != nil {
		return fmt.Errorf("safetensors: writing the header: %w", err)
	}
	for _, name := range names {
		if _, err := w.Write(f.Tensors[name].Data); err != nil {
			return fmt.Errorf("safetensors: writing tensor %q: %w", name, err)
		}
	}
	return nil
}
