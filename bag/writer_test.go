package bag

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/foxglove/mcap/go/mcap"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/test/mcapcheck"
)

// Hand-written ros2msg definitions of two standard types.
const (
	stringDefinition = "# Single string\nstring data\n"
	pointDefinition  = "# Position in free space\nfloat64 x\nfloat64 y\nfloat64 z\n"
)

// qosReliableVolatile is a QoS profile list in the form rosbag2 records for
// a reliable, volatile publisher (ROS 2 Humble enum values).
const qosReliableVolatile = "- history: 3\n  depth: 0\n  reliability: 1\n  durability: 2\n  deadline:\n    sec: 9223372036\n    nsec: 854775807\n  lifespan:\n    sec: 9223372036\n    nsec: 854775807\n  liveliness: 1\n  liveliness_lease_duration:\n    sec: 9223372036\n    nsec: 854775807\n  avoid_ros_namespace_conventions: false"

// stringCDR returns std_msgs/msg/String serialized as little-endian CDR:
// encapsulation header, uint32 length including the NUL, text, NUL.
func stringCDR(s string) []byte {
	b := []byte{0x00, 0x01, 0x00, 0x00}
	b = binary.LittleEndian.AppendUint32(b, uint32(len(s)+1))
	b = append(b, s...)
	return append(b, 0)
}

// pointCDR returns geometry_msgs/msg/Point serialized as little-endian CDR.
func pointCDR(x, y, z float64) []byte {
	b := []byte{0x00, 0x01, 0x00, 0x00}
	for _, v := range []float64{x, y, z} {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	return b
}

// testTopics are the topics of the bags the tests write.
var testTopics = []Topic{
	{Name: "/chatter", Type: "std_msgs/msg/String", Definition: stringDefinition, OfferedQoSProfiles: qosReliableVolatile},
	{Name: "/position", Type: "geometry_msgs/msg/Point", Definition: pointDefinition, OfferedQoSProfiles: qosReliableVolatile},
	{Name: "/echo", Type: "std_msgs/msg/String", Definition: stringDefinition},
}

type written struct {
	topic   string
	logTime int64
	data    []byte
}

// testMessages returns n messages over testTopics with distinct log times
// that are not in write order, and string payloads of varied length.
func testMessages(n int) []written {
	out := make([]written, n)
	for i := range out {
		// Every fifth message is stamped earlier than the one before it.
		logTime := int64(1_700_000_000_000_000_000) + int64(i)*1_000_000
		if i%5 == 4 {
			logTime -= 1_500_000
		}
		switch i % 3 {
		case 0:
			out[i] = written{"/chatter", logTime, stringCDR(fmt.Sprintf("hello %d %s", i, string(make([]byte, i%97))))}
		case 1:
			out[i] = written{"/position", logTime, pointCDR(float64(i), -float64(i)/3, 1e-9*float64(i))}
		default:
			out[i] = written{"/echo", logTime, stringCDR(fmt.Sprint("echo ", i))}
		}
	}
	return out
}

// writeBag writes msgs to a new bag directory under t.TempDir.
func writeBag(t testing.TB, name string, opts WriterOptions, msgs []written) *Writer {
	t.Helper()
	w, err := Create(filepath.Join(t.TempDir(), name), opts)
	require.NoError(t, err)
	for _, topic := range testTopics {
		require.NoError(t, w.AddTopic(topic))
	}
	for _, m := range msgs {
		require.NoError(t, w.Write(m.topic, m.logTime, m.data))
	}
	require.NoError(t, w.Close())
	return w
}

// writerOptionsMatrix returns every valid combination of chunking,
// compression, message index and summary.
func writerOptionsMatrix() map[string]WriterOptions {
	out := make(map[string]WriterOptions)
	for _, chunked := range []bool{false, true} {
		for _, c := range []Compression{CompressionNone, CompressionZstd, CompressionLZ4} {
			if !chunked && c != CompressionNone {
				continue
			}
			for _, skipIndex := range []bool{false, true} {
				for _, skipSummary := range []bool{false, true} {
					name := fmt.Sprintf("chunked=%t/compression=%q/index=%t/summary=%t", chunked, c, !skipIndex, !skipSummary)
					out[name] = WriterOptions{Chunked: chunked, Compression: c, ChunkSize: 2048, SkipMessageIndex: skipIndex, SkipSummary: skipSummary}
				}
			}
		}
	}
	return out
}

func TestWriteReadRoundTrip(t *testing.T) {
	msgs := testMessages(600)
	want := slices.Clone(msgs)
	slices.SortStableFunc(want, func(a, b written) int { return int(a.logTime - b.logTime) })

	for name, opts := range writerOptionsMatrix() {
		t.Run(name, func(t *testing.T) {
			w := writeBag(t, "roundtrip", opts, msgs)
			dir := filepath.Dir(w.Path())
			assert.Equal(t, filepath.Join(dir, "roundtrip_0.mcap"), w.Path())

			for _, path := range []string{dir, w.Path()} {
				r, err := Open(path, ReaderOptions{})
				require.NoError(t, err)
				got, errs := readAll(t, r, Filter{})
				require.Empty(t, errs)
				require.Len(t, got, len(want))
				for i := range want {
					require.Equal(t, want[i].topic, got[i].Topic.Name, "topic of message %d", i)
					require.Equal(t, want[i].logTime, got[i].LogTime, "log time of message %d", i)
					require.Equal(t, want[i].logTime, got[i].PublishTime, "publish time of message %d", i)
					require.Equal(t, want[i].data, got[i].Data, "data of message %d", i)
				}

				topics := r.Topics()
				require.Len(t, topics, len(testTopics))
				for i, topic := range testTopics {
					topic.SerializationFormat = SerializationCDR
					if topic.OfferedQoSProfiles == "" {
						topic.OfferedQoSProfiles = qosReliableVolatile // the writer's default
					}
					assert.Equal(t, topic, topics[i])
				}
				assert.Equal(t, w.Metadata(), r.Metadata())
				// Only a chunked file with a summary can be read without a scan.
				assert.Equal(t, !opts.Chunked || opts.SkipSummary, r.files[0].scanned, "scanned")
				require.NoError(t, r.Close())
			}

			onDisk, err := ReadMetadata(dir)
			require.NoError(t, err)
			assert.Equal(t, w.Metadata(), onDisk)
		})
	}
}

func TestWrittenBagsPassMCAPCheck(t *testing.T) {
	msgs := testMessages(60)
	for name, opts := range writerOptionsMatrix() {
		if opts.SkipSummary || opts.SkipMessageIndex {
			continue // the checker reads records in order; the index does not matter to it
		}
		t.Run(name, func(t *testing.T) {
			w := writeBag(t, "check", opts, msgs)
			mcapcheck.Run(t, w.Path())
		})
	}
}

func TestWriterROS2Profile(t *testing.T) {
	w := writeBag(t, "profile", WriterOptions{Chunked: true, Compression: CompressionZstd}, testMessages(9))
	f, err := os.Open(w.Path())
	require.NoError(t, err)
	defer f.Close()
	r, err := mcap.NewReader(f)
	require.NoError(t, err)
	assert.Equal(t, "ros2", r.Header().Profile)
	assert.Equal(t, Library, r.Header().Library)
	assert.Contains(t, r.Header().Library, "ebm_av")

	info, err := r.Info()
	require.NoError(t, err)
	require.Len(t, info.Schemas, 2, "topics of one type share a schema")
	for _, s := range info.Schemas {
		assert.Equal(t, "ros2msg", s.Encoding)
	}
	require.Len(t, info.Channels, 3)
	for _, c := range info.Channels {
		assert.Equal(t, "cdr", c.MessageEncoding)
		assert.Contains(t, c.Metadata, "offered_qos_profiles")
	}
	assert.Equal(t, qosReliableVolatile, info.Channels[1].Metadata["offered_qos_profiles"])
	require.Len(t, info.MetadataIndexes, 1)
	assert.Equal(t, "rosbag2", info.MetadataIndexes[0].Name)
}

func TestWriterErrors(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "errors")
	_, err := Create(dir, WriterOptions{Compression: CompressionZstd})
	assert.ErrorContains(t, err, "requires Chunked")
	_, err = Create(dir, WriterOptions{Chunked: true, Compression: "gzip"})
	assert.ErrorContains(t, err, `"gzip"`)

	w, err := Create(dir, WriterOptions{})
	require.NoError(t, err)
	_, err = Create(dir, WriterOptions{})
	assert.Error(t, err, "creating over an existing bag")

	err = w.Write("/missing", 1, stringCDR("x"))
	assert.ErrorContains(t, err, "/missing")
	assert.ErrorContains(t, err, "AddTopic")
	assert.ErrorContains(t, err, w.Path())

	assert.ErrorContains(t, w.AddTopic(Topic{Name: "/bad", Type: "std_msgs/String"}), "pkg/msg/Type")
	assert.ErrorContains(t, w.AddTopic(Topic{Type: "std_msgs/msg/String"}), "no name")
	badQoS := Topic{Name: "/qos", Type: "std_msgs/msg/String", Definition: stringDefinition, OfferedQoSProfiles: "- depth: ["}
	assert.ErrorContains(t, w.AddTopic(badQoS), "/qos")
	require.NoError(t, w.AddTopic(testTopics[0]))
	assert.ErrorContains(t, w.AddTopic(testTopics[0]), "already added")
	conflict := Topic{Name: "/other", Type: "std_msgs/msg/String", Definition: "string text\n"}
	assert.ErrorContains(t, w.AddTopic(conflict), "differs")

	assert.ErrorContains(t, w.Write("/chatter", 1, []byte{1, 2}), "CDR encapsulation header")
	assert.ErrorContains(t, w.Write("/chatter", -5, stringCDR("x")), "negative")
	require.NoError(t, w.Write("/chatter", 7, stringCDR("kept")))

	require.NoError(t, w.Close())
	require.NoError(t, w.Close(), "second Close")
	assert.ErrorContains(t, w.Write("/chatter", 8, stringCDR("late")), "closed")

	r, err := Open(dir, ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	got, errs := readAll(t, r, Filter{})
	require.Empty(t, errs)
	require.Len(t, got, 1)
	assert.Equal(t, stringCDR("kept"), got[0].Data)
}

func TestWriterConcurrentWrites(t *testing.T) {
	w, err := Create(filepath.Join(t.TempDir(), "concurrent"), WriterOptions{Chunked: true, Compression: CompressionLZ4, ChunkSize: 4096})
	require.NoError(t, err)
	for _, topic := range testTopics {
		require.NoError(t, w.AddTopic(topic))
	}
	const perTopic = 200
	var wg sync.WaitGroup
	for i, topic := range testTopics {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range perTopic {
				assert.NoError(t, w.Write(topic.Name, int64(j*len(testTopics)+i), stringCDR(topic.Name)))
			}
		}()
	}
	wg.Wait()
	require.NoError(t, w.Close())

	r, err := Open(filepath.Dir(w.Path()), ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	got, errs := readAll(t, r, Filter{})
	require.Empty(t, errs)
	require.Len(t, got, perTopic*len(testTopics))
	for i, m := range got {
		assert.Equal(t, int64(i), m.LogTime)
		assert.Equal(t, stringCDR(m.Topic.Name), m.Data)
	}
}

func TestReadCorruptChunk(t *testing.T) {
	w := writeBag(t, "corrupt", WriterOptions{Chunked: true, ChunkSize: 4096}, testMessages(100))
	data, err := os.ReadFile(w.Path())
	require.NoError(t, err)
	// Flip a byte inside the text of the last /chatter message in the file,
	// which lies in the records of a chunk, so the chunk CRC no longer matches.
	last := testMessages(100)[99]
	require.Equal(t, "/chatter", last.topic)
	i := bytes.LastIndex(data, last.data)
	require.Positive(t, i)
	data[i+8] ^= 0xff
	path := filepath.Join(t.TempDir(), "corrupt.mcap")
	require.NoError(t, os.WriteFile(path, data, 0o644))

	r, err := Open(path, ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	_, errs := readAll(t, r, Filter{})
	require.Len(t, errs, 1)
	assert.ErrorContains(t, errs[0], "CRC")
	assert.ErrorContains(t, errs[0], path)
}
