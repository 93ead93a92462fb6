package bag

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/foxglove/mcap/go/mcap"
)

// ErrTruncated reports an MCAP file that ends before its footer, as after
// a crash of the recorder or an interrupted copy. Messages before the cut
// are still readable.
var ErrTruncated = errors.New("file is truncated")

// block is a unit of the data section that the message iterator loads at
// once: a chunk, or a message record outside chunks.
type block struct {
	start, end uint64 // log time range of its messages, ns
	offset     int64  // file offset of the record's opcode
	length     int64  // record length with its 9-byte prefix, as stored
	chunk      bool
	// channels lists the channels with messages in a chunk; nil when the
	// file has no message indexes to tell.
	channels map[uint16]bool
	channel  uint16 // channel of a message outside chunks
}

// mcapFile is one opened MCAP file and the locations of its messages.
type mcapFile struct {
	path     string
	file     *os.File
	size     int64
	header   *mcap.Header
	schemas  map[uint16]*mcap.Schema
	channels map[uint16]*mcap.Channel
	// order lists channel IDs in the order their records appear.
	order      []uint16
	counts     map[uint16]uint64
	start, end uint64 // log time range of all messages, ns
	blocks     []block
	// truncated wraps ErrTruncated when the data section is cut off.
	truncated error
	scanned   bool // the index came from a linear scan, not the summary
}

// openMCAP opens path and indexes its messages from the summary section,
// or by scanning the data section when the summary is missing, incomplete or
// ignoreSummary is set.
func openMCAP(path string, ignoreSummary bool) (*mcapFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("bag: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("bag: %w", err)
	}
	m := &mcapFile{
		path:     path,
		file:     f,
		size:     st.Size(),
		schemas:  make(map[uint16]*mcap.Schema),
		channels: make(map[uint16]*mcap.Channel),
		counts:   make(map[uint16]uint64),
		start:    math.MaxUint64,
	}
	if err := m.readHeader(); err != nil {
		f.Close()
		return nil, fmt.Errorf("bag: %s: %w", path, err)
	}
	if ignoreSummary || !m.readSummary() {
		if err := m.scan(); err != nil {
			f.Close()
			return nil, fmt.Errorf("bag: %s: %w", path, err)
		}
	}
	return m, nil
}

func (m *mcapFile) readHeader() error {
	buf := make([]byte, len(mcap.Magic)+recordHeaderLen)
	if _, err := m.file.ReadAt(buf, 0); err != nil {
		return fmt.Errorf("not an MCAP file: %d bytes is too short", m.size)
	}
	if !bytes.Equal(buf[:len(mcap.Magic)], mcap.Magic) {
		return errors.New("not an MCAP file: magic bytes missing")
	}
	if mcap.OpCode(buf[len(mcap.Magic)]) != mcap.OpHeader {
		return errors.New("first MCAP record is not a header")
	}
	n := binary.LittleEndian.Uint64(buf[len(mcap.Magic)+1:])
	if n > 1<<20 || int64(n) > m.size {
		return fmt.Errorf("header record length %d is invalid", n)
	}
	body := make([]byte, n)
	if _, err := m.file.ReadAt(body, int64(len(buf))); err != nil {
		return fmt.Errorf("header record: %w", ErrTruncated)
	}
	h, err := mcap.ParseHeader(body)
	if err != nil {
		return fmt.Errorf("header record: %w", err)
	}
	m.header = h
	return nil
}

// readSummary fills the index from the summary section and reports whether
// it was complete enough to use: it must hold chunk indexes for every chunk
// and message counts per channel. Schemas and channels of a summary that is
// present but incomplete are kept, because channels without messages may be
// recorded only there.
//
// NOTE: like the mcap Go library's indexed reader, this trusts that a file
// with chunk indexes has no message records outside chunks.
func (m *mcapFile) readSummary() bool {
	r, err := mcap.NewReader(io.NewSectionReader(m.file, 0, m.size))
	if err != nil {
		return false
	}
	info, err := r.Info()
	if err != nil || info.Footer == nil || info.Footer.SummaryStart == 0 {
		return false
	}
	for id, s := range info.Schemas {
		m.schemas[id] = s
	}
	for _, c := range info.Channels {
		m.addChannel(c)
	}
	stats := info.Statistics
	if stats == nil || len(info.ChunkIndexes) == 0 || uint64(len(info.ChunkIndexes)) != uint64(stats.ChunkCount) {
		return false
	}
	for _, ci := range info.ChunkIndexes {
		if ci.ChunkStartOffset < uint64(len(mcap.Magic)) || ci.ChunkLength < recordHeaderLen ||
			ci.ChunkStartOffset+ci.ChunkLength > uint64(m.size) {
			return false // a chunk index that points outside the file
		}
	}

	for id, n := range stats.ChannelMessageCounts {
		m.counts[id] = n
	}
	if stats.MessageCount > 0 {
		m.start, m.end = stats.MessageStartTime, stats.MessageEndTime
	}
	for _, ci := range info.ChunkIndexes {
		b := block{
			start:  ci.MessageStartTime,
			end:    ci.MessageEndTime,
			offset: int64(ci.ChunkStartOffset),
			length: int64(ci.ChunkLength),
			chunk:  true,
		}
		if len(ci.MessageIndexOffsets) > 0 {
			b.channels = make(map[uint16]bool, len(ci.MessageIndexOffsets))
			for id := range ci.MessageIndexOffsets {
				b.channels[id] = true
			}
		}
		m.blocks = append(m.blocks, b)
	}
	return true
}

func (m *mcapFile) addChannel(c *mcap.Channel) {
	if _, ok := m.channels[c.ID]; !ok {
		m.order = append(m.order, c.ID)
	}
	m.channels[c.ID] = c
}

// scan reads the data section from the start, indexing chunks and loose
// messages and collecting schemas, channels and message counts. Chunks are
// decompressed to find the records inside. A cut-off file sets m.truncated
// rather than failing.
func (m *mcapFile) scan() error {
	m.scanned = true
	m.blocks = m.blocks[:0]
	clear(m.counts)
	m.start, m.end = math.MaxUint64, 0
	sr := newSkipReader(m.file, m.size)
	offset := int64(len(mcap.Magic))
	if err := sr.skip(offset); err != nil {
		return err
	}
	var prefix [recordHeaderLen]byte
	for {
		n, err := io.ReadFull(sr, prefix[:])
		if err == io.EOF {
			m.truncated = fmt.Errorf("%s ends after %d bytes without a data end or footer record (the recording did not finish): %w", m.path, offset, ErrTruncated)
			return nil
		}
		if err != nil {
			m.truncated = fmt.Errorf("%s: record at byte %d is cut off after %d of its 9 prefix bytes: %w", m.path, offset, n, ErrTruncated)
			return nil
		}
		op := mcap.OpCode(prefix[0])
		bodyLen := binary.LittleEndian.Uint64(prefix[1:])
		available := m.size - offset - recordHeaderLen
		cut := bodyLen > uint64(available)
		if cut {
			m.truncated = fmt.Errorf("%s: %s record at byte %d is cut off after %d of its %d bytes: %w", m.path, op, offset, available, bodyLen, ErrTruncated)
		}
		recordLen := recordHeaderLen + int64(min(bodyLen, uint64(available)))
		switch op {
		case mcap.OpDataEnd, mcap.OpFooter:
			return nil
		case mcap.OpHeader:
			if offset != int64(len(mcap.Magic)) {
				return fmt.Errorf("second header record at byte %d", offset)
			}
			err = sr.skip(recordLen - recordHeaderLen)
		case mcap.OpMessage:
			err = m.scanMessage(sr, offset, recordLen, !cut)
		case mcap.OpSchema, mcap.OpChannel, mcap.OpChunk:
			body := make([]byte, recordLen-recordHeaderLen)
			if _, err = io.ReadFull(sr, body); err != nil {
				return fmt.Errorf("read %s record at byte %d: %w", op, offset, err)
			}
			err = m.scanRecord(op, offset, recordLen, body, !cut)
		default:
			err = sr.skip(recordLen - recordHeaderLen)
		}
		if err != nil {
			return err
		}
		if cut {
			return nil
		}
		offset += recordLen
	}
}

// messageHeaderLen is the size of a message record's fields before its data.
const messageHeaderLen = 2 + 4 + 8 + 8

// scanMessage indexes a message record outside chunks as a block of its own,
// reading only its header fields.
func (m *mcapFile) scanMessage(sr *skipReader, offset, recordLen int64, complete bool) error {
	bodyLen := recordLen - recordHeaderLen
	if !complete {
		return nil
	}
	if bodyLen < messageHeaderLen {
		return fmt.Errorf("message record at byte %d is %d bytes, too short for its header", offset, bodyLen)
	}
	var h [messageHeaderLen]byte
	if _, err := io.ReadFull(sr, h[:]); err != nil {
		return fmt.Errorf("read message record at byte %d: %w", offset, err)
	}
	if err := sr.skip(bodyLen - messageHeaderLen); err != nil {
		return fmt.Errorf("skip message record at byte %d: %w", offset, err)
	}
	channel := binary.LittleEndian.Uint16(h[:])
	logTime := binary.LittleEndian.Uint64(h[6:])
	m.countMessage(channel, logTime)
	m.blocks = append(m.blocks, block{start: logTime, end: logTime, offset: offset, length: recordLen, channel: channel})
	return nil
}

func (m *mcapFile) countMessage(channel uint16, logTime uint64) {
	m.counts[channel]++
	m.start = min(m.start, logTime)
	m.end = max(m.end, logTime)
}

// scanRecord indexes a schema, channel or chunk record read by scan. A record
// cut off by the end of the file has complete false.
func (m *mcapFile) scanRecord(op mcap.OpCode, offset, recordLen int64, body []byte, complete bool) error {
	if !complete && op != mcap.OpChunk {
		return nil
	}
	switch op {
	case mcap.OpSchema:
		s, err := mcap.ParseSchema(body)
		if err != nil {
			return fmt.Errorf("schema record at byte %d: %w", offset, err)
		}
		m.schemas[s.ID] = s
	case mcap.OpChannel:
		c, err := mcap.ParseChannel(body)
		if err != nil {
			return fmt.Errorf("channel record at byte %d: %w", offset, err)
		}
		m.addChannel(c)
	case mcap.OpChunk:
		h, compressed, err := parseChunkHeader(body)
		if err != nil {
			if !complete {
				return nil
			}
			return fmt.Errorf("chunk at byte %d: %w", offset, err)
		}
		records, err := decompressChunk(h, compressed, complete && uint64(len(compressed)) == h.recordsLen)
		if err != nil {
			return fmt.Errorf("chunk at byte %d: %w", offset, err)
		}
		b := block{offset: offset, length: recordLen, chunk: true, start: math.MaxUint64}
		if err := visitRecords(records, complete, m.visitor(&b)); err != nil {
			return fmt.Errorf("chunk at byte %d: %w", offset, err)
		}
		if b.start <= b.end {
			m.blocks = append(m.blocks, b)
		}
	}
	return nil
}

// visitor returns callbacks that add the schemas, channels and message
// counts found in a chunk to m and widen the chunk's time range.
func (m *mcapFile) visitor(chunk *block) recordVisitor {
	return recordVisitor{
		schema: func(s *mcap.Schema) error {
			m.schemas[s.ID] = s
			return nil
		},
		channel: func(c *mcap.Channel) error {
			m.addChannel(c)
			return nil
		},
		message: func(msg *mcap.Message) error {
			m.countMessage(msg.ChannelID, msg.LogTime)
			chunk.start = min(chunk.start, msg.LogTime)
			chunk.end = max(chunk.end, msg.LogTime)
			return nil
		},
	}
}

// skipReader reads a file sequentially through a buffer and skips large
// spans by seeking instead of reading.
type skipReader struct {
	section *io.SectionReader
	buf     *bufio.Reader
}

func newSkipReader(f io.ReaderAt, size int64) *skipReader {
	s := io.NewSectionReader(f, 0, size)
	return &skipReader{section: s, buf: bufio.NewReaderSize(s, 64<<10)}
}

func (s *skipReader) Read(p []byte) (int, error) { return s.buf.Read(p) }

func (s *skipReader) skip(n int64) error {
	if n <= int64(s.buf.Buffered()) {
		_, err := s.buf.Discard(int(n))
		return err
	}
	n -= int64(s.buf.Buffered())
	if _, err := s.section.Seek(n, io.SeekCurrent); err != nil {
		return err
	}
	s.buf.Reset(s.section)
	return nil
}
