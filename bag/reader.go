package bag

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"time"
)

// ReaderOptions configures Open.
type ReaderOptions struct {
	// IgnoreSummary scans every file's data section even when a summary
	// section is present, for files whose summary is damaged. Channels
	// recorded only in the summary, which have no messages, are then missing
	// from Topics.
	IgnoreSummary bool
	// Logger receives a warning for each file that is read by scanning
	// because its summary is missing or incomplete; nil means slog.Default.
	Logger *slog.Logger
}

// Reader reads the messages of a bag. Its methods are safe for concurrent
// use, and several Messages iterations may run at once.
type Reader struct {
	files  []*mcapFile
	topics []*readerTopic
	byName map[string]*readerTopic
	// channelTopic maps a (file index, channel ID) to its topic.
	channelTopic map[fileChannel]*readerTopic
}

type readerTopic struct {
	topic Topic
	count uint64
}

type fileChannel struct {
	file    int
	channel uint16
}

// Open opens a bag: a rosbag2 directory or a single MCAP file. Open reads
// the files that a directory's metadata.yaml lists. A directory without
// metadata.yaml, as a crashed recorder leaves it, is read from all its
// *.mcap files in name order.
func Open(path string, opts ReaderOptions) (*Reader, error) {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	paths, err := bagFiles(path)
	if err != nil {
		return nil, err
	}
	r := &Reader{byName: make(map[string]*readerTopic), channelTopic: make(map[fileChannel]*readerTopic)}
	for _, p := range paths {
		f, err := openMCAP(p, opts.IgnoreSummary)
		if err != nil {
			r.Close()
			return nil, err
		}
		if f.scanned && !opts.IgnoreSummary {
			log.Warn("bag: indexed MCAP file by scanning because its summary is missing or incomplete", "file", p, "truncated", f.truncated != nil)
		}
		r.files = append(r.files, f)
		if err := r.addTopics(len(r.files)-1, f); err != nil {
			r.Close()
			return nil, err
		}
	}
	return r, nil
}

// bagFiles returns the MCAP files of the bag at path.
func bagFiles(path string) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("bag: %w", err)
	}
	if !st.IsDir() {
		return []string{path}, nil
	}
	meta, err := ReadMetadata(path)
	if errors.Is(err, os.ErrNotExist) {
		paths, err := filepath.Glob(filepath.Join(path, "*.mcap"))
		if err != nil {
			return nil, fmt.Errorf("bag: %w", err)
		}
		if len(paths) == 0 {
			return nil, fmt.Errorf("bag: %s has neither %s nor *.mcap files", path, MetadataFile)
		}
		sort.Strings(paths)
		return paths, nil
	}
	if err != nil {
		return nil, err
	}
	if meta.StorageIdentifier != StorageMCAP {
		return nil, fmt.Errorf("bag: %s: storage %q is not supported: only %q bags can be read", path, meta.StorageIdentifier, StorageMCAP)
	}
	if meta.CompressionMode != "" && meta.CompressionMode != "none" && meta.CompressionMode != "NONE" {
		return nil, fmt.Errorf("bag: %s: rosbag2 %s compression (%s) is not supported: decompress the bag first", path, meta.CompressionMode, meta.CompressionFormat)
	}
	if len(meta.RelativeFilePaths) == 0 {
		return nil, fmt.Errorf("bag: %s: %s lists no files", path, MetadataFile)
	}
	paths := make([]string, len(meta.RelativeFilePaths))
	for i, rel := range meta.RelativeFilePaths {
		paths[i] = filepath.Join(path, rel)
	}
	return paths, nil
}

// addTopics merges the channels of file i into the reader's topics.
func (r *Reader) addTopics(i int, f *mcapFile) error {
	ids := slices.Clone(f.order)
	slices.Sort(ids)
	for _, id := range ids {
		c := f.channels[id]
		t := Topic{
			Name:                c.Topic,
			SerializationFormat: c.MessageEncoding,
			OfferedQoSProfiles:  c.Metadata[metaOfferedQoS],
			TypeDescriptionHash: c.Metadata[metaTypeHash],
		}
		if s, ok := f.schemas[c.SchemaID]; ok {
			t.Type = NormalizeType(s.Name)
			t.Definition = string(s.Data)
		} else if c.SchemaID != 0 {
			return fmt.Errorf("bag: %s: topic %s refers to schema %d, which is not in the file", f.path, c.Topic, c.SchemaID)
		}
		rt, ok := r.byName[t.Name]
		if !ok {
			rt = &readerTopic{topic: t}
			r.byName[t.Name] = rt
			r.topics = append(r.topics, rt)
		} else if rt.topic.Type != t.Type {
			return fmt.Errorf("bag: %s: topic %s has type %s, but %s in an earlier file or channel", f.path, t.Name, t.Type, rt.topic.Type)
		}
		rt.count += f.counts[id]
		r.channelTopic[fileChannel{i, id}] = rt
	}
	return nil
}

// Topics returns the bag's topics in the order of their first channel.
func (r *Reader) Topics() []Topic {
	out := make([]Topic, len(r.topics))
	for i, rt := range r.topics {
		out[i] = rt.topic
	}
	return out
}

// Metadata returns the bag description computed from the MCAP files
// themselves (what `ros2 bag reindex` would write), not read from
// metadata.yaml: message counts, time range and files.
func (r *Reader) Metadata() *Metadata {
	m := &Metadata{Version: MetadataVersion, StorageIdentifier: StorageMCAP}
	start, end := uint64(0), uint64(0)
	for _, f := range r.files {
		rel := filepath.Base(f.path)
		var count uint64
		for _, n := range f.counts {
			count += n
		}
		fi := FileInfo{Path: rel, MessageCount: count}
		if count > 0 {
			fi.StartingTime = int64(f.start)
			fi.Duration = time.Duration(f.end - f.start)
			if m.MessageCount == 0 || f.start < start {
				start = f.start
			}
			if m.MessageCount == 0 || f.end > end {
				end = f.end
			}
		}
		m.MessageCount += count
		m.RelativeFilePaths = append(m.RelativeFilePaths, rel)
		m.Files = append(m.Files, fi)
	}
	if m.MessageCount > 0 {
		m.StartingTime = int64(start)
		m.Duration = time.Duration(end - start)
	}
	for _, rt := range r.topics {
		t := rt.topic
		t.Definition = ""
		m.Topics = append(m.Topics, TopicCount{Topic: t, MessageCount: rt.count})
	}
	return m
}

// Close closes the bag's files. Calling it again does nothing.
func (r *Reader) Close() error {
	var errs []error
	for _, f := range r.files {
		if f.file != nil {
			errs = append(errs, f.file.Close())
			f.file = nil
		}
	}
	return errors.Join(errs...)
}
