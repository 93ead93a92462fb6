package bag

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordSizes writes n messages with increasing log times and returns them
// with the MCAP file size after each Write, then closes the writer.
func recordSizes(t *testing.T, opts WriterOptions, n int) (*Writer, []written, []int64) {
	t.Helper()
	w, err := Create(filepath.Join(t.TempDir(), "cut"), opts)
	require.NoError(t, err)
	for _, topic := range testTopics {
		require.NoError(t, w.AddTopic(topic))
	}
	msgs := testMessages(n)
	sizes := make([]int64, n)
	for i := range msgs {
		msgs[i].logTime = int64(1_000_000_000 + i*1_000)
		require.NoError(t, w.Write(msgs[i].topic, msgs[i].logTime, msgs[i].data))
		st, err := os.Stat(w.Path())
		require.NoError(t, err)
		sizes[i] = st.Size()
	}
	require.NoError(t, w.Close())
	return w, msgs, sizes
}

// readCut reads the first cut bytes of the file at path as a bag file.
func readCut(t *testing.T, path string, cut int64) ([]Message, []error) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	cutPath := filepath.Join(t.TempDir(), "cut.mcap")
	require.NoError(t, os.WriteFile(cutPath, data[:cut], 0o644))
	r, err := Open(cutPath, ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	return readAll(t, r, Filter{})
}

// requirePrefix checks that got is the first len(got) of want.
func requirePrefix(t *testing.T, want []written, got []Message) {
	t.Helper()
	require.LessOrEqual(t, len(got), len(want))
	for i, m := range got {
		require.Equal(t, want[i].logTime, m.LogTime, "log time of message %d", i)
		require.Equal(t, want[i].data, m.Data, "data of message %d", i)
	}
}

func requireTruncatedError(t *testing.T, errs []error) {
	t.Helper()
	require.Len(t, errs, 1)
	assert.True(t, errors.Is(errs[0], ErrTruncated), "error %v does not wrap ErrTruncated", errs[0])
	assert.ErrorContains(t, errs[0], "cut.mcap")
	assert.ErrorContains(t, errs[0], "truncated")
}

func TestReadTruncatedUnchunked(t *testing.T) {
	w, msgs, sizes := recordSizes(t, WriterOptions{}, 40)
	// Each message record ends where the file ended after its Write, so a
	// cut keeps exactly the messages whose record ends at or before it.
	for _, cut := range []int64{sizes[0] - 1, sizes[0], sizes[0] + 1, sizes[9] - 3, sizes[20], sizes[39] - 1, sizes[39]} {
		t.Run(fmt.Sprint(cut), func(t *testing.T) {
			got, errs := readCut(t, w.Path(), cut)
			want := 0
			for want < len(sizes) && sizes[want] <= cut {
				want++
			}
			requireTruncatedError(t, errs)
			require.Len(t, got, want)
			requirePrefix(t, msgs, got)
		})
	}
}

func TestReadTruncatedChunked(t *testing.T) {
	for _, c := range []Compression{CompressionNone, CompressionZstd, CompressionLZ4} {
		t.Run(fmt.Sprintf("compression=%q", c), func(t *testing.T) {
			w, msgs, sizes := recordSizes(t, WriterOptions{Chunked: true, Compression: c, ChunkSize: 1024}, 300)
			// flushedBefore returns how many messages reached the file in
			// chunks that end at or before cut: a Write that flushes a
			// chunk grows the file and carries all messages up to its own.
			flushedBefore := func(cut int64) int {
				n := 0
				for i := range sizes {
					if (i == 0 || sizes[i] > sizes[i-1]) && sizes[i] > sizes[0] && sizes[i] <= cut {
						n = i + 1
					}
				}
				return n
			}
			var flushes []int64
			for i := 1; i < len(sizes); i++ {
				if sizes[i] > sizes[i-1] {
					flushes = append(flushes, sizes[i])
				}
			}
			require.Greater(t, len(flushes), 5, "chunks written while recording")
			cuts := []int64{sizes[0] + 10, flushes[0], flushes[0] + 1, flushes[2] - 7, flushes[3], (flushes[3] + flushes[4]) / 2, flushes[len(flushes)-1]}
			for _, cut := range cuts {
				got, errs := readCut(t, w.Path(), cut)
				requireTruncatedError(t, errs)
				requirePrefix(t, msgs, got)
				require.GreaterOrEqual(t, len(got), flushedBefore(cut), "messages read from the first %d bytes", cut)
				if slices.Contains(flushes, cut) {
					// A file cut at the end of a chunk is what a crash leaves.
					require.Len(t, got, flushedBefore(cut), "messages read from the first %d bytes", cut)
				}
			}
		})
	}
}

func TestReadCutInSummary(t *testing.T) {
	w, msgs, _ := recordSizes(t, WriterOptions{Chunked: true, Compression: CompressionZstd, ChunkSize: 1024}, 100)
	st, err := os.Stat(w.Path())
	require.NoError(t, err)
	// The data section ends with a data end record, so every message is
	// there even though the summary and footer are cut off.
	got, errs := readCut(t, w.Path(), st.Size()-1)
	require.Empty(t, errs)
	require.Len(t, got, len(msgs))
	requirePrefix(t, msgs, got)
}

func TestOpenCutHeader(t *testing.T) {
	w, _, _ := recordSizes(t, WriterOptions{}, 1)
	data, err := os.ReadFile(w.Path())
	require.NoError(t, err)
	for _, cut := range []int{0, 5, 12, 20} {
		path := filepath.Join(t.TempDir(), "short.mcap")
		require.NoError(t, os.WriteFile(path, data[:cut], 0o644))
		_, err := Open(path, ReaderOptions{})
		assert.ErrorContains(t, err, path, "cut at %d", cut)
	}
}
