package testmsgs_test

import (
	"testing"

	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/internal/testmsgs/test_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/sensor_msgs"
)

// cloud returns a PointCloud2 of 65,536 points with x, y, z and intensity as
// float32, 1 MiB of point data.
func cloud() *sensor_msgs.PointCloud2 {
	m := &sensor_msgs.PointCloud2{Height: 1, Width: 1 << 16, PointStep: 16, RowStep: 16 << 16, IsDense: true}
	for i, name := range []string{"x", "y", "z", "intensity"} {
		m.Fields = append(m.Fields, sensor_msgs.PointField{Name: name, Offset: uint32(4 * i), Datatype: sensor_msgs.PointFieldFloat32, Count: 1})
	}
	m.Data = make([]byte, m.RowStep)
	return m
}

func benchmarkMarshal(b *testing.B, m cdr.Message) {
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

func benchmarkUnmarshal(b *testing.B, m, into cdr.Message) {
	buf, err := cdr.Marshal(m)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		if err := cdr.Unmarshal(buf, into); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarshalPointCloud2(b *testing.B) { benchmarkMarshal(b, cloud()) }

func BenchmarkUnmarshalPointCloud2(b *testing.B) {
	benchmarkUnmarshal(b, cloud(), new(sensor_msgs.PointCloud2))
}

// test_msgs/Arrays has 31 fixed-size array fields of every primitive and
// three arrays of nested messages: many small fields.
func BenchmarkMarshalArrays(b *testing.B) { benchmarkMarshal(b, test_msgs.NewArrays()) }

func BenchmarkUnmarshalArrays(b *testing.B) {
	benchmarkUnmarshal(b, test_msgs.NewArrays(), new(test_msgs.Arrays))
}
