package bag

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"sync"

	"github.com/foxglove/mcap/go/mcap"
	"github.com/klauspost/compress/zstd"
	"github.com/pierrec/lz4/v4"
)

// Limits on chunk sizes: maxChunkSize bounds the uncompressed size a chunk
// header may declare (writers use chunks of about 1 MiB), allocHint the
// buffer allocated before decompression.
const (
	maxChunkSize = 1 << 32
	allocHint    = 64 << 20
)

// recordHeaderLen is the size of an MCAP record's opcode and length prefix.
const recordHeaderLen = 1 + 8

// chunkHeader holds the fields of an MCAP chunk record before its records.
type chunkHeader struct {
	start, end       uint64 // message log time range, ns
	uncompressedSize uint64
	uncompressedCRC  uint32 // zero when the writer computed none
	compression      string
	recordsLen       uint64
}

// parseChunkHeader splits a chunk record body into its header and the
// compressed records. The records are shorter than recordsLen when the body
// was cut off.
func parseChunkHeader(body []byte) (chunkHeader, []byte, error) {
	var h chunkHeader
	if len(body) < 8+8+8+4+4 {
		return h, nil, errors.New("chunk header is cut off")
	}
	h.start = binary.LittleEndian.Uint64(body)
	h.end = binary.LittleEndian.Uint64(body[8:])
	h.uncompressedSize = binary.LittleEndian.Uint64(body[16:])
	h.uncompressedCRC = binary.LittleEndian.Uint32(body[24:])
	n := uint64(binary.LittleEndian.Uint32(body[28:]))
	rest := body[32:]
	if uint64(len(rest)) < n+8 {
		return h, nil, errors.New("chunk header is cut off")
	}
	h.compression = string(rest[:n])
	h.recordsLen = binary.LittleEndian.Uint64(rest[n:])
	records := rest[n+8:]
	if uint64(len(records)) > h.recordsLen {
		return h, nil, fmt.Errorf("chunk records are %d bytes, but the chunk header declares %d: the file is corrupt", len(records), h.recordsLen)
	}
	return h, records, nil
}

var zstdDecoder = sync.OnceValues(func() (*zstd.Decoder, error) {
	return zstd.NewReader(nil, zstd.WithDecoderConcurrency(0))
})

// decompressChunk returns the uncompressed records of a chunk. When complete
// is false the compressed records were cut off, and decompressChunk returns
// what it could decode without an error.
func decompressChunk(h chunkHeader, compressed []byte, complete bool) ([]byte, error) {
	if h.uncompressedSize > maxChunkSize {
		return nil, fmt.Errorf("chunk header declares %d uncompressed bytes, more than the %d this reader accepts: the file is corrupt", h.uncompressedSize, uint64(maxChunkSize))
	}
	// Preallocate no more than allocHint, so that a corrupt size cannot
	// allocate gigabytes before decompression fails.
	size := min(h.uncompressedSize, allocHint)
	var out []byte
	switch Compression(h.compression) {
	case CompressionNone:
		out = compressed
	case CompressionZstd:
		if !complete {
			return readPartial(zstd.NewReader(bytes.NewReader(compressed)))
		}
		dec, err := zstdDecoder()
		if err != nil {
			return nil, err
		}
		out, err = dec.DecodeAll(compressed, make([]byte, 0, size))
		if err != nil {
			return nil, fmt.Errorf("zstd: %w", err)
		}
	case CompressionLZ4:
		zr := lz4.NewReader(bytes.NewReader(compressed))
		if !complete {
			return readPartial(zr, nil)
		}
		buf := bytes.NewBuffer(make([]byte, 0, size))
		if _, err := buf.ReadFrom(io.LimitReader(zr, int64(h.uncompressedSize)+1)); err != nil {
			return nil, fmt.Errorf("lz4: %w", err)
		}
		out = buf.Bytes()
	default:
		return nil, fmt.Errorf("unsupported chunk compression %q", h.compression)
	}
	if !complete {
		return out, nil
	}
	if uint64(len(out)) != h.uncompressedSize {
		return nil, fmt.Errorf("chunk decompressed to %d bytes, but the chunk header declares %d: the file is corrupt", len(out), h.uncompressedSize)
	}
	if h.uncompressedCRC != 0 {
		if crc := crc32.ChecksumIEEE(out); crc != h.uncompressedCRC {
			return nil, fmt.Errorf("chunk CRC %08x does not match the stored %08x: the file is corrupt", crc, h.uncompressedCRC)
		}
	}
	return out, nil
}

// readPartial reads r until its first error and returns the bytes read.
func readPartial[R io.Reader](r R, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(r) // a cut-off stream ends in an error by design
	if c, ok := any(r).(interface{ Close() }); ok {
		c.Close()
	}
	return buf.Bytes(), nil
}

// recordVisitor receives the records found inside a chunk.
type recordVisitor struct {
	schema  func(*mcap.Schema) error
	channel func(*mcap.Channel) error
	message func(*mcap.Message) error
}

// visitRecords parses the records in the uncompressed body of a chunk. With
// complete false, a final record cut short is ignored.
func visitRecords(records []byte, complete bool, v recordVisitor) error {
	for len(records) > 0 {
		if len(records) < recordHeaderLen {
			if !complete {
				return nil
			}
			return fmt.Errorf("record header cut off after %d bytes", len(records))
		}
		op := mcap.OpCode(records[0])
		n := binary.LittleEndian.Uint64(records[1:])
		if n > uint64(len(records)-recordHeaderLen) {
			if !complete {
				return nil
			}
			return fmt.Errorf("%s record of %d bytes exceeds the chunk", op, n)
		}
		body := records[recordHeaderLen : recordHeaderLen+n]
		records = records[recordHeaderLen+n:]
		var err error
		switch op {
		case mcap.OpSchema:
			var s *mcap.Schema
			if s, err = mcap.ParseSchema(body); err == nil && v.schema != nil {
				err = v.schema(s)
			}
		case mcap.OpChannel:
			var c *mcap.Channel
			if c, err = mcap.ParseChannel(body); err == nil && v.channel != nil {
				err = v.channel(c)
			}
		case mcap.OpMessage:
			var m *mcap.Message
			if m, err = mcap.ParseMessage(body); err == nil && v.message != nil {
				err = v.message(m)
			}
		}
		if err != nil {
			return fmt.Errorf("%s record: %w", op, err)
		}
	}
	return nil
}
