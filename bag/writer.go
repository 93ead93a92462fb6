package bag

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/foxglove/mcap/go/mcap"
)

// Compression is the compression of MCAP chunks.
type Compression string

// Chunk compressions that MCAP readers support.
const (
	CompressionNone Compression = ""
	CompressionZstd Compression = "zstd"
	CompressionLZ4  Compression = "lz4"
)

// CompressionLevel trades chunk compression speed against file size.
type CompressionLevel int

// Compression levels, mapped to the zstd and lz4 encoder levels that the
// mcap library configures.
const (
	CompressionDefault CompressionLevel = iota
	CompressionFastest
	CompressionBetter
	CompressionBest
)

// DefaultChunkSize is the chunk size used when WriterOptions.ChunkSize is
// zero: 768 KiB of uncompressed records, the default of libmcap, the C++
// MCAP library that the rosbag2 MCAP storage plugin writes with.
const DefaultChunkSize = 768 * 1024

// Library is the MCAP header library string of files this package writes.
var Library = "ebm_av bag; mcap go " + mcap.Version

// WriterOptions configures a Writer. The zero value writes an unchunked
// file with message records straight after the header.
type WriterOptions struct {
	// Chunked groups records into chunks, which are compressed with
	// Compression and indexed for fast seeking.
	Chunked bool
	// Compression selects the chunk compression; it requires Chunked.
	Compression Compression
	// CompressionLevel selects the encoder speed for Compression.
	CompressionLevel CompressionLevel
	// ChunkSize is the number of uncompressed record bytes after which a
	// chunk is written out, or DefaultChunkSize when zero. A chunk exceeds
	// it by at most one message.
	ChunkSize int64
	// SkipMessageIndex omits the message index records that follow each
	// chunk. Readers then decompress whole chunks to find messages.
	SkipMessageIndex bool
	// SkipSummary omits the summary section (repeated schemas and channels,
	// statistics, chunk indexes), leaving readers to scan the data section.
	SkipSummary bool
}

// Writer writes a rosbag2 bag of one MCAP file. Its methods are safe for
// concurrent use.
//
// Durability: messages of an unchunked file are handed to the operating
// system in Write, so a crash of the process loses at most the message
// being written. In a chunked file a message reaches the file when its chunk
// fills up, so a crash loses the open chunk: at most ChunkSize bytes of
// records plus one message. Neither mode calls fsync before Close; data the
// operating system has not written to disk is lost on power failure.
type Writer struct {
	mu       sync.Mutex
	dir      string
	path     string // MCAP file
	file     *os.File
	mw       *mcap.Writer
	opts     WriterOptions
	topics   map[string]*writerTopic
	order    []*writerTopic
	schemas  map[string]*mcap.Schema // by type
	count    uint64
	start    int64
	end      int64
	closed   bool
	closeErr error
}

type writerTopic struct {
	topic     Topic
	channelID uint16
	count     uint64
}

// filePerm is the mode of the MCAP and metadata.yaml files of a bag before
// the process umask applies. It lets other users, such as a ROS user in a
// container, read the bag.
const filePerm fs.FileMode = 0o644

// Create creates the bag directory dir, which must not exist yet, and the
// MCAP file dir/<base>_0.mcap in it, where base is the last element of dir.
// Close writes dir/metadata.yaml.
func Create(dir string, opts WriterOptions) (*Writer, error) {
	switch opts.Compression {
	case CompressionNone, CompressionZstd, CompressionLZ4:
	default:
		return nil, fmt.Errorf("bag: create %s: unknown compression %q: want \"\", \"zstd\" or \"lz4\"", dir, opts.Compression)
	}
	if opts.Compression != CompressionNone && !opts.Chunked {
		return nil, fmt.Errorf("bag: create %s: compression %q requires Chunked", dir, opts.Compression)
	}
	if opts.CompressionLevel < CompressionDefault || opts.CompressionLevel > CompressionBest {
		return nil, fmt.Errorf("bag: create %s: unknown compression level %d", dir, opts.CompressionLevel)
	}
	if opts.ChunkSize < 0 {
		return nil, fmt.Errorf("bag: create %s: chunk size %d is negative", dir, opts.ChunkSize)
	}
	if opts.ChunkSize == 0 {
		opts.ChunkSize = DefaultChunkSize
	}

	// Parent directories are created as mkdir -p would; the bag directory
	// itself must be new, so an earlier recording is never overwritten.
	if err := os.MkdirAll(filepath.Dir(filepath.Clean(dir)), 0o755); err != nil {
		return nil, fmt.Errorf("bag: create bag directory: %w", err)
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("bag: output directory %s exists: choose another output or remove it", dir)
		}
		return nil, fmt.Errorf("bag: create bag directory: %w", err)
	}
	path := filepath.Join(dir, filepath.Base(filepath.Clean(dir))+"_0.mcap")
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, filePerm)
	if err != nil {
		return nil, fmt.Errorf("bag: %w", err)
	}

	mw, err := mcap.NewWriter(f, &mcap.WriterOptions{
		IncludeCRC:          true,
		Chunked:             opts.Chunked,
		ChunkSize:           opts.ChunkSize,
		Compression:         mcap.CompressionFormat(opts.Compression),
		CompressionLevel:    mcap.CompressionLevel(opts.CompressionLevel),
		SkipMessageIndexing: opts.SkipMessageIndex,
		OverrideLibrary:     true,
		// With every summary group skipped, the footer records no summary.
		SkipRepeatedSchemas:      opts.SkipSummary,
		SkipRepeatedChannelInfos: opts.SkipSummary,
		SkipStatistics:           opts.SkipSummary,
		SkipChunkIndex:           opts.SkipSummary,
		SkipAttachmentIndex:      opts.SkipSummary,
		SkipMetadataIndex:        opts.SkipSummary,
		SkipSummaryOffsets:       opts.SkipSummary,
	})
	if err == nil {
		err = mw.WriteHeader(&mcap.Header{Profile: "ros2", Library: Library})
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("bag: %s: %w", path, err)
	}
	return &Writer{
		dir:     dir,
		path:    path,
		file:    f,
		mw:      mw,
		opts:    opts,
		topics:  make(map[string]*writerTopic),
		schemas: make(map[string]*mcap.Schema),
		start:   math.MaxInt64,
		end:     math.MinInt64,
	}, nil
}

// Path returns the path of the MCAP file being written.
func (w *Writer) Path() string { return w.path }

// AddTopic registers a topic. Topics of the same Type share one MCAP schema,
// so their Definitions must be equal. Adding a topic twice is an error.
func (w *Writer) AddTopic(t Topic) error {
	if err := validateTopic(&t); err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return fmt.Errorf("bag: %s: add topic %s: writer is closed", w.path, t.Name)
	}
	if _, ok := w.topics[t.Name]; ok {
		return fmt.Errorf("bag: %s: topic %s was already added", w.path, t.Name)
	}
	schema, ok := w.schemas[t.Type]
	if ok && string(schema.Data) != t.Definition {
		return fmt.Errorf("bag: %s: topic %s: definition of %s differs from the one given for an earlier topic", w.path, t.Name, t.Type)
	}
	if !ok {
		if len(w.schemas) >= math.MaxUint16 {
			return fmt.Errorf("bag: %s: topic %s: too many message types (%d)", w.path, t.Name, len(w.schemas))
		}
		schema = &mcap.Schema{
			ID:       uint16(len(w.schemas) + 1),
			Name:     t.Type,
			Encoding: "ros2msg",
			Data:     []byte(t.Definition),
		}
		if err := w.mw.WriteSchema(schema); err != nil {
			return fmt.Errorf("bag: %s: topic %s: write schema: %w", w.path, t.Name, err)
		}
		w.schemas[t.Type] = schema
	}
	if len(w.order) >= math.MaxUint16 {
		return fmt.Errorf("bag: %s: topic %s: too many topics (%d)", w.path, t.Name, len(w.order))
	}
	meta := map[string]string{metaOfferedQoS: t.OfferedQoSProfiles}
	if t.TypeDescriptionHash != "" {
		meta[metaTypeHash] = t.TypeDescriptionHash
	}
	wt := &writerTopic{topic: t, channelID: uint16(len(w.order) + 1)}
	err := w.mw.WriteChannel(&mcap.Channel{
		ID:              wt.channelID,
		SchemaID:        schema.ID,
		Topic:           t.Name,
		MessageEncoding: t.SerializationFormat,
		Metadata:        meta,
	})
	if err != nil {
		return fmt.Errorf("bag: %s: topic %s: write channel: %w", w.path, t.Name, err)
	}
	w.topics[t.Name] = wt
	w.order = append(w.order, wt)
	return nil
}

// Write records one serialized message on topic at logTime, in nanoseconds
// since the Unix epoch, and sets its publish time to logTime too. For CDR
// topics, data must start with the 4-byte encapsulation header. Write does
// not retain data.
func (w *Writer) Write(topic string, logTime int64, data []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return fmt.Errorf("bag: %s: write %s: writer is closed", w.path, topic)
	}
	wt, ok := w.topics[topic]
	if !ok {
		return fmt.Errorf("bag: %s: write to unknown topic %s: call AddTopic first", w.path, topic)
	}

	if logTime < 0 {
		return fmt.Errorf("bag: %s: write %s: log time %d ns is negative", w.path, topic, logTime)
	}
	if wt.topic.SerializationFormat == SerializationCDR && (len(data) < 4 || data[0] != 0) {
		return fmt.Errorf("bag: %s: write %s: data (%d bytes) does not start with a CDR encapsulation header", w.path, topic, len(data))
	}

	err := w.mw.WriteMessage(&mcap.Message{
		ChannelID:   wt.channelID,
		Sequence:    uint32(wt.count),
		LogTime:     uint64(logTime),
		PublishTime: uint64(logTime),
		Data:        data,
	})
	if err != nil {
		return fmt.Errorf("bag: %s: write %s: %w", w.path, topic, err)
	}
	wt.count++
	w.count++
	w.start = min(w.start, logTime)
	w.end = max(w.end, logTime)
	return nil
}

// Metadata returns the bag description that Close writes to metadata.yaml,
// for the messages written so far.
func (w *Writer) Metadata() *Metadata {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.metadata()
}

func (w *Writer) metadata() *Metadata {
	var start int64
	var duration int64
	if w.count > 0 {
		start, duration = w.start, w.end-w.start
	}
	name := filepath.Base(w.path)
	m := &Metadata{
		Version:           MetadataVersion,
		StorageIdentifier: StorageMCAP,
		StartingTime:      start,
		Duration:          time.Duration(duration),
		MessageCount:      w.count,
		RelativeFilePaths: []string{name},
		Files: []FileInfo{{
			Path:         name,
			StartingTime: start,
			Duration:     time.Duration(duration),
			MessageCount: w.count,
		}},
	}
	for _, wt := range w.order {
		t := wt.topic
		t.Definition = ""
		m.Topics = append(m.Topics, TopicCount{Topic: t, MessageCount: wt.count})
	}
	return m
}

// Close finishes the MCAP file (last chunk, summary, footer), syncs it to
// disk and writes metadata.yaml. Calling Close again returns the first
// call's result.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return w.closeErr
	}
	w.closed = true
	var errs []error
	if err := w.finish(); err != nil {
		errs = append(errs, fmt.Errorf("bag: %s: %w", w.path, err))
	}
	if err := w.file.Sync(); err != nil {
		errs = append(errs, fmt.Errorf("bag: %w", err))
	}
	if err := w.file.Close(); err != nil {
		errs = append(errs, fmt.Errorf("bag: %w", err))
	}
	if len(errs) == 0 {
		errs = append(errs, WriteMetadata(w.dir, w.metadata()))
	}
	w.closeErr = errors.Join(errs...)
	return w.closeErr
}

// finish writes the rosbag2 metadata record and the end of the MCAP file.
func (w *Writer) finish() error {
	yamlData, err := w.metadata().MarshalYAML()
	if err != nil {
		return err
	}
	// rosbag2 stores the bag description in the MCAP file too, so that a
	// file separated from its metadata.yaml still describes itself.
	err = w.mw.WriteMetadata(&mcap.Metadata{
		Name:     "rosbag2",
		Metadata: map[string]string{"serialized_metadata": string(yamlData)},
	})
	if err != nil {
		return fmt.Errorf("write metadata record: %w", err)
	}
	return w.mw.Close()
}
