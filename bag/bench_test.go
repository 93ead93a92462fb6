package bag

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// Benchmark bag: 10,000 messages of 64 KiB on one topic, zstd chunks.
const (
	benchMessages    = 10_000
	benchPayloadSize = 64 << 10
)

// benchPayloads returns n CDR payloads of benchPayloadSize bytes that look
// like a LiDAR scan: points of float32 x, y, z, intensity on a ring with
// noisy range, so zstd compresses sensor-like data rather than zeros or noise.
func benchPayloads(n int) [][]byte {
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([][]byte, n)
	const points = (benchPayloadSize - 4) / 16
	for i := range out {
		b := make([]byte, 4, benchPayloadSize)
		b[1] = 1 // little-endian CDR
		for p := range points {
			angle := 2 * math.Pi * float64(p) / points
			r := 12 + 0.05*rng.NormFloat64() + 3*math.Sin(3*angle+float64(i))
			for _, v := range []float64{r * math.Cos(angle), r * math.Sin(angle), -1.7 + 0.01*rng.NormFloat64(), float64(rng.IntN(256))} {
				b = binary.LittleEndian.AppendUint32(b, math.Float32bits(float32(v)))
			}
		}
		out[i] = b[:benchPayloadSize]
	}
	return out
}

var benchTopic = Topic{Name: "/points", Type: "sensor_msgs/msg/PointCloud2", Definition: "# opaque to the bag\n"}

func writeBenchBag(b *testing.B, dir string, level CompressionLevel, payloads [][]byte) {
	w, err := Create(dir, WriterOptions{Chunked: true, Compression: CompressionZstd, CompressionLevel: level})
	if err != nil {
		b.Fatal(err)
	}
	if err := w.AddTopic(benchTopic); err != nil {
		b.Fatal(err)
	}
	for i := range benchMessages {
		if err := w.Write(benchTopic.Name, int64(i)*100_000_000, payloads[i%len(payloads)]); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkWriteZstd(b *testing.B) {
	payloads := benchPayloads(32)
	for _, level := range []struct {
		name  string
		level CompressionLevel
	}{{"default", CompressionDefault}, {"fastest", CompressionFastest}} {
		b.Run(level.name, func(b *testing.B) {
			dir := filepath.Join(b.TempDir(), "bench")
			b.SetBytes(benchMessages * benchPayloadSize)
			b.ReportAllocs()
			for b.Loop() {
				writeBenchBag(b, dir, level.level, payloads)
				b.StopTimer()
				st, err := os.Stat(filepath.Join(dir, "bench_0.mcap"))
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(benchMessages*benchPayloadSize)/float64(st.Size()), "ratio")
				if err := os.RemoveAll(dir); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
		})
	}
}

func BenchmarkReadZstd(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "bench")
	writeBenchBag(b, dir, CompressionDefault, benchPayloads(32))
	b.SetBytes(benchMessages * benchPayloadSize)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r, err := Open(dir, ReaderOptions{})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for _, err := range r.Messages(Filter{}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != benchMessages {
			b.Fatalf("read %d messages, want %d", n, benchMessages)
		}
		r.Close()
	}
}
