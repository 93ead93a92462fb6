package bag

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOpenCrashedBagDirectory reads a bag directory as a killed recorder
// leaves it: no metadata.yaml and an MCAP file that ends after the last
// chunk written out.
func TestOpenCrashedBagDirectory(t *testing.T) {
	w, err := Create(filepath.Join(t.TempDir(), "live"), WriterOptions{Chunked: true, Compression: CompressionLZ4, ChunkSize: 4096})
	require.NoError(t, err)
	defer w.Close()
	for _, topic := range testTopics {
		require.NoError(t, w.AddTopic(topic))
	}
	msgs := testMessages(500)
	for _, m := range msgs {
		require.NoError(t, w.Write(m.topic, m.logTime, m.data))
	}

	// Copy the file while the writer still holds its open chunk.
	data, err := os.ReadFile(w.Path())
	require.NoError(t, err)
	crashed := filepath.Join(t.TempDir(), "crashed")
	require.NoError(t, os.Mkdir(crashed, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(crashed, "crashed_0.mcap"), data, 0o644))

	r, err := Open(crashed, ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	got, errs := readAll(t, r, Filter{})
	require.Len(t, errs, 1)
	assert.True(t, errors.Is(errs[0], ErrTruncated))
	assert.ErrorContains(t, errs[0], "did not finish")

	// The messages read are those written before the last full chunk:
	// all but at most one chunk's worth at the end.
	require.NotEmpty(t, got)
	assert.Less(t, len(msgs)-len(got), 4096/20, "messages lost with the open chunk")
	written := make(map[int64][]byte, len(msgs))
	for _, m := range msgs {
		written[m.logTime] = m.data
	}
	for _, m := range got {
		assert.Equal(t, written[m.LogTime], m.Data)
	}
	assert.Len(t, r.Topics(), len(testTopics))
}

// TestOpenSplitBag reads a bag of two MCAP files, as rosbag2 writes when it
// splits a recording, and expects one log-time ordered stream.
func TestOpenSplitBag(t *testing.T) {
	msgs := testMessages(200)
	var first, second []written
	for i, m := range msgs {
		if i%2 == 0 {
			first = append(first, m)
		} else {
			second = append(second, m)
		}
	}
	w1 := writeBag(t, "part", WriterOptions{Chunked: true, Compression: CompressionZstd, ChunkSize: 1024}, first)
	w2 := writeBag(t, "part", WriterOptions{}, second)

	dir := filepath.Join(t.TempDir(), "split")
	require.NoError(t, os.Mkdir(dir, 0o755))
	for i, path := range []string{w1.Path(), w2.Path()} {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, []string{"split_0.mcap", "split_1.mcap"}[i]), data, 0o644))
	}
	meta := w1.Metadata()
	meta.RelativeFilePaths = []string{"split_0.mcap", "split_1.mcap"}
	require.NoError(t, WriteMetadata(dir, meta))

	r, err := Open(dir, ReaderOptions{})
	require.NoError(t, err)
	defer r.Close()
	got, errs := readAll(t, r, Filter{})
	require.Empty(t, errs)
	want := slices.Clone(msgs)
	slices.SortStableFunc(want, func(a, b written) int { return int(a.logTime - b.logTime) })
	require.Len(t, got, len(want))
	for i := range want {
		require.Equal(t, want[i].logTime, got[i].LogTime, "log time of message %d", i)
		require.Equal(t, want[i].data, got[i].Data, "data of message %d", i)
	}
	md := r.Metadata()
	assert.Equal(t, uint64(len(msgs)), md.MessageCount)
	require.Len(t, md.Files, 2)
	assert.Equal(t, uint64(len(first)), md.Files[0].MessageCount)
	assert.Equal(t, uint64(len(second)), md.Files[1].MessageCount)
}

func TestOpenRejectsUnsupportedBags(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, WriteMetadata(dir, &Metadata{StorageIdentifier: "sqlite3", RelativeFilePaths: []string{"x.db3"}}))
	_, err := Open(dir, ReaderOptions{})
	assert.ErrorContains(t, err, `"sqlite3"`)

	require.NoError(t, WriteMetadata(dir, &Metadata{StorageIdentifier: StorageMCAP, CompressionMode: "file", CompressionFormat: "zstd", RelativeFilePaths: []string{"x.mcap.zstd"}}))
	_, err = Open(dir, ReaderOptions{})
	assert.ErrorContains(t, err, "file compression")

	_, err = Open(t.TempDir(), ReaderOptions{})
	assert.ErrorContains(t, err, "*.mcap")
}
