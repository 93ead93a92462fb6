package bag

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"
)

// MetadataFile is the name of the bag description inside a bag directory.
const MetadataFile = "metadata.yaml"

// MetadataVersion is the metadata.yaml format version the writer emits,
// the one ROS 2 Humble writes. Later versions add custom_data (6),
// type_description_hash (7) and ros_distro (8).
const MetadataVersion = 5

// StorageMCAP is the storage identifier of MCAP bags.
const StorageMCAP = "mcap"

// Metadata is the content of a rosbag2 metadata.yaml
// (the rosbag2_bagfile_information map).
type Metadata struct {
	Version           int
	StorageIdentifier string
	// StartingTime is the log time of the first message, in nanoseconds
	// since the Unix epoch.
	StartingTime int64
	// Duration is the span from the first to the last message log time.
	Duration     time.Duration
	MessageCount uint64
	Topics       []TopicCount
	// CompressionFormat and CompressionMode describe rosbag2's own file or
	// message compression; both are empty for bags whose compression is
	// inside MCAP chunks.
	CompressionFormat string
	CompressionMode   string
	// RelativeFilePaths lists the storage files relative to the bag directory.
	RelativeFilePaths []string
	// Files holds per-file statistics (version 5 and later).
	Files []FileInfo
	// CustomData is free-form user data (version 6 and later).
	CustomData map[string]string
	// ROSDistro names the ROS distribution that recorded the bag (version 8
	// and later).
	ROSDistro string
}

// TopicCount is a topic and the number of messages recorded on it.
type TopicCount struct {
	// Topic carries Name, Type, SerializationFormat, OfferedQoSProfiles and
	// TypeDescriptionHash; metadata.yaml stores no Definition.
	Topic        Topic
	MessageCount uint64
}

// FileInfo describes one storage file of a bag.
type FileInfo struct {
	Path         string
	StartingTime int64 // nanoseconds since the Unix epoch
	Duration     time.Duration
	MessageCount uint64
}

// yamlMetadata mirrors metadata.yaml for decoding.
type yamlMetadata struct {
	Info *struct {
		Version           int               `yaml:"version"`
		StorageIdentifier string            `yaml:"storage_identifier"`
		Duration          yamlDuration      `yaml:"duration"`
		StartingTime      yamlTimestamp     `yaml:"starting_time"`
		MessageCount      uint64            `yaml:"message_count"`
		Topics            []yamlTopic       `yaml:"topics_with_message_count"`
		CompressionFormat string            `yaml:"compression_format"`
		CompressionMode   string            `yaml:"compression_mode"`
		RelativeFilePaths []string          `yaml:"relative_file_paths"`
		Files             []yamlFileInfo    `yaml:"files"`
		CustomData        map[string]string `yaml:"custom_data"`
		ROSDistro         string            `yaml:"ros_distro"`
	} `yaml:"rosbag2_bagfile_information"`
}

type yamlDuration struct {
	Nanoseconds int64 `yaml:"nanoseconds"`
}

type yamlTimestamp struct {
	NanosecondsSinceEpoch int64 `yaml:"nanoseconds_since_epoch"`
}

type yamlTopic struct {
	MessageCount uint64 `yaml:"message_count"`
	Metadata     struct {
		Name                string `yaml:"name"`
		Type                string `yaml:"type"`
		SerializationFormat string `yaml:"serialization_format"`
		OfferedQoSProfiles  string `yaml:"offered_qos_profiles"`
		TypeDescriptionHash string `yaml:"type_description_hash"`
	} `yaml:"topic_metadata"`
}

type yamlFileInfo struct {
	Path         string        `yaml:"path"`
	StartingTime yamlTimestamp `yaml:"starting_time"`
	Duration     yamlDuration  `yaml:"duration"`
	MessageCount uint64        `yaml:"message_count"`
}

// ParseMetadata decodes the content of a metadata.yaml.
func ParseMetadata(data []byte) (*Metadata, error) {
	var doc yamlMetadata
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("bag: invalid metadata YAML: %w", err)
	}
	in := doc.Info
	if in == nil {
		return nil, errors.New("bag: metadata has no rosbag2_bagfile_information map")
	}
	if in.Version < 1 {
		return nil, fmt.Errorf("bag: metadata version %d is invalid: want 1 or later", in.Version)
	}
	m := &Metadata{
		Version:           in.Version,
		StorageIdentifier: in.StorageIdentifier,
		StartingTime:      in.StartingTime.NanosecondsSinceEpoch,
		Duration:          time.Duration(in.Duration.Nanoseconds),
		MessageCount:      in.MessageCount,
		CompressionFormat: in.CompressionFormat,
		CompressionMode:   in.CompressionMode,
		RelativeFilePaths: in.RelativeFilePaths,
		CustomData:        in.CustomData,
		ROSDistro:         in.ROSDistro,
	}
	for _, t := range in.Topics {
		m.Topics = append(m.Topics, TopicCount{
			Topic: Topic{
				Name:                t.Metadata.Name,
				Type:                NormalizeType(t.Metadata.Type),
				SerializationFormat: t.Metadata.SerializationFormat,
				OfferedQoSProfiles:  t.Metadata.OfferedQoSProfiles,
				TypeDescriptionHash: t.Metadata.TypeDescriptionHash,
			},
			MessageCount: t.MessageCount,
		})
	}
	for _, f := range in.Files {
		m.Files = append(m.Files, FileInfo{
			Path:         f.Path,
			StartingTime: f.StartingTime.NanosecondsSinceEpoch,
			Duration:     time.Duration(f.Duration.Nanoseconds),
			MessageCount: f.MessageCount,
		})
	}
	return m, nil
}

// ReadMetadata reads and decodes the metadata.yaml of the bag directory dir.
func ReadMetadata(dir string) (*Metadata, error) {
	path := filepath.Join(dir, MetadataFile)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("bag: %w", err)
	}
	m, err := ParseMetadata(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// MarshalYAML encodes m in the layout rosbag2 writes, including only the
// fields that m.Version defines (files from 5, custom_data from 6,
// type_description_hash from 7, ros_distro from 8). A zero Version is
// written as [MetadataVersion].
func (m *Metadata) MarshalYAML() ([]byte, error) {
	version := m.Version
	if version == 0 {
		version = MetadataVersion
	}
	info := mapping(
		"version", intNode(int64(version)),
		"storage_identifier", strNode(m.StorageIdentifier),
		"duration", mapping("nanoseconds", intNode(int64(m.Duration))),
		"starting_time", mapping("nanoseconds_since_epoch", intNode(m.StartingTime)),
		"message_count", uintNode(m.MessageCount),
	)
	topics := &yaml.Node{Kind: yaml.SequenceNode}
	for _, tc := range m.Topics {
		t := tc.Topic
		meta := mapping(
			"name", strNode(t.Name),
			"type", strNode(t.Type),
			"serialization_format", strNode(t.SerializationFormat),
			"offered_qos_profiles", quotedNode(t.OfferedQoSProfiles),
		)
		if version >= 7 {
			addPairs(meta, "type_description_hash", strNode(t.TypeDescriptionHash))
		}
		topics.Content = append(topics.Content, mapping(
			"topic_metadata", meta,
			"message_count", uintNode(tc.MessageCount),
		))
	}
	addPairs(info,
		"topics_with_message_count", topics,
		"compression_format", quotedNode(m.CompressionFormat),
		"compression_mode", quotedNode(m.CompressionMode),
	)
	paths := &yaml.Node{Kind: yaml.SequenceNode}
	for _, p := range m.RelativeFilePaths {
		paths.Content = append(paths.Content, strNode(p))
	}
	addPairs(info, "relative_file_paths", paths)
	if version >= 5 {
		files := &yaml.Node{Kind: yaml.SequenceNode}
		for _, f := range m.Files {
			files.Content = append(files.Content, mapping(
				"path", strNode(f.Path),
				"starting_time", mapping("nanoseconds_since_epoch", intNode(f.StartingTime)),
				"duration", mapping("nanoseconds", intNode(int64(f.Duration))),
				"message_count", uintNode(f.MessageCount),
			))
		}
		addPairs(info, "files", files)
	}
	if version >= 6 {
		custom := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "~"}
		if len(m.CustomData) > 0 {
			custom = &yaml.Node{Kind: yaml.MappingNode}
			if err := custom.Encode(m.CustomData); err != nil {
				return nil, fmt.Errorf("bag: encode custom_data: %w", err)
			}
		}
		addPairs(info, "custom_data", custom)
	}
	if version >= 8 {
		addPairs(info, "ros_distro", quotedNode(m.ROSDistro))
	}

	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(mapping("rosbag2_bagfile_information", info)); err != nil {
		return nil, fmt.Errorf("bag: encode metadata: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("bag: encode metadata: %w", err)
	}
	return buf.Bytes(), nil
}

// WriteMetadata writes m as metadata.yaml into the bag directory dir. It
// writes a temporary file and renames it, so a crash never leaves a
// half-written metadata.yaml behind. The file gets the mode of the MCAP
// files, filePerm less the process umask.
func WriteMetadata(dir string, m *Metadata) error {
	data, err := m.MarshalYAML()
	if err != nil {
		return err
	}
	path := filepath.Join(dir, MetadataFile)
	tmp, err := createTemp(dir, MetadataFile, filePerm)
	if err != nil {
		return fmt.Errorf("bag: write %s: %w", path, err)
	}
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("bag: write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("bag: %w", err)
	}
	return nil
}

// createTemp creates a new file named prefix.RANDOM.tmp in dir, opened for
// writing. Unlike os.CreateTemp, which always uses mode 0600, it creates
// the file with perm less the umask, as os.OpenFile does, so the file
// keeps that mode after it is renamed into place.
func createTemp(dir, prefix string, perm fs.FileMode) (*os.File, error) {
	const attempts = 100
	for range attempts {
		name := filepath.Join(dir, prefix+"."+strconv.FormatUint(rand.Uint64(), 36)+".tmp")
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, fmt.Errorf("create temporary file in %s: %d random names already exist: remove stale %s.*.tmp files", dir, attempts, prefix)
}

func mapping(pairs ...any) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	addPairs(n, pairs...)
	return n
}

// addPairs appends key-value pairs, given as alternating string keys and
// *yaml.Node values, to the mapping n.
func addPairs(n *yaml.Node, pairs ...any) {
	for i := 0; i+1 < len(pairs); i += 2 {
		n.Content = append(n.Content, strNode(pairs[i].(string)), pairs[i+1].(*yaml.Node))
	}
}

func strNode(s string) *yaml.Node {
	if s == "" {
		return quotedNode(s)
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

// quotedNode returns a double-quoted scalar, the style rosbag2 uses for
// QoS profiles and possibly empty strings.
func quotedNode(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.DoubleQuotedStyle}
}

func intNode(v int64) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(v, 10)}
}

func uintNode(v uint64) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatUint(v, 10)}
}
