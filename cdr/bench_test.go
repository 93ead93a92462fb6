package cdr_test

import (
	"testing"

	"github.com/ebm-av/ebm_av/cdr"
)

// floatCloud is a message with one large float32 sequence, the shape of a BEV
// feature tensor or a point cloud.
type floatCloud struct{ Data []float32 }

func (m *floatCloud) MarshalCDR(e *cdr.Encoder) {
	e.SeqLen(len(m.Data))
	e.Float32s(m.Data)
}

func (m *floatCloud) UnmarshalCDR(d *cdr.Decoder) error {
	m.Data = cdr.Resize(m.Data, d.SeqLen(4))
	d.Float32s(m.Data)
	return d.Err()
}

func (*floatCloud) ROSTypeName() string   { return "cdr_test/msg/FloatCloud" }
func (*floatCloud) ROSDefinition() string { return "float32[] data\n" }

// smallFields is a message with many small fields of mixed alignment, the
// shape of a pose, state or status message.
type smallFields struct {
	Sec     int32
	Nanosec uint32
	Frame   string
	Values  [32]float64
	Flags   [16]bool
	Counts  [16]int16
	Level   uint8
}

func (m *smallFields) MarshalCDR(e *cdr.Encoder) {
	e.Int32(m.Sec)
	e.Uint32(m.Nanosec)
	e.String(m.Frame)
	for _, v := range m.Values {
		e.Uint8(m.Level)
		e.Float64(v)
	}
	for i := range m.Flags {
		e.Bool(m.Flags[i])
		e.Int16(m.Counts[i])
	}
}

func (m *smallFields) UnmarshalCDR(d *cdr.Decoder) error {
	m.Sec = d.Int32()
	m.Nanosec = d.Uint32()
	m.Frame = d.String()
	for i := range m.Values {
		m.Level = d.Uint8()
		m.Values[i] = d.Float64()
	}
	for i := range m.Flags {
		m.Flags[i] = d.Bool()
		m.Counts[i] = d.Int16()
	}
	return d.Err()
}

func (*smallFields) ROSTypeName() string   { return "cdr_test/msg/SmallFields" }
func (*smallFields) ROSDefinition() string { return "" }

const cloudLen = 1 << 20 // 4 MiB of float32

func BenchmarkEncodeFloat32Sequence(b *testing.B) {
	m := &floatCloud{Data: make([]float32, cloudLen)}
	buf, err := cdr.Marshal(m)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = cdr.AppendMarshal(buf[:0], m)
	}
}

func BenchmarkDecodeFloat32Sequence(b *testing.B) {
	buf, err := cdr.Marshal(&floatCloud{Data: make([]float32, cloudLen)})
	if err != nil {
		b.Fatal(err)
	}
	var m floatCloud
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		if err := cdr.Unmarshal(buf, &m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeSmallFields(b *testing.B) {
	m := &smallFields{Frame: "base_link"}
	buf, err := cdr.Marshal(m)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = cdr.AppendMarshal(buf[:0], m)
	}
}

func BenchmarkDecodeSmallFields(b *testing.B) {
	buf, err := cdr.Marshal(&smallFields{Frame: "base_link"})
	if err != nil {
		b.Fatal(err)
	}
	var m smallFields
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		if err := cdr.Unmarshal(buf, &m); err != nil {
			b.Fatal(err)
		}
	}
}
