package bag

import (
	"container/heap"
	"encoding/binary"
	"fmt"
	"iter"
	"math"
	"slices"

	"github.com/foxglove/mcap/go/mcap"
)

// Message is one recorded message.
type Message struct {
	// Topic is the message's topic, shared by all messages on it and by the
	// Reader, so it must not be modified.
	Topic *Topic
	// LogTime is when the recorder received the message and PublishTime when
	// it was published, both in nanoseconds since the Unix epoch.
	LogTime     int64
	PublishTime int64
	Sequence    uint32
	// Data is the serialized message. Each message gets its own slice; the
	// caller may keep and modify it.
	Data []byte
}

// Filter selects messages. The zero Filter selects every message.
type Filter struct {
	// Topics lists the topic names to read; empty means all topics.
	Topics []string
	// Start and End bound the log time, in nanoseconds since the Unix epoch:
	// Start <= LogTime < End. A zero End means no upper bound.
	Start, End int64
}

// Messages returns an iterator over the messages that f selects, in log
// time order; messages with equal log times keep their file order. The
// iteration stops at the first error. After the last message it yields one
// error wrapping ErrTruncated for every file that was cut off. Close must
// not be called while an iteration runs.
func (r *Reader) Messages(f Filter) iter.Seq2[Message, error] {
	return func(yield func(Message, error) bool) {
		wanted, err := r.selectTopics(f.Topics)
		if err != nil {
			yield(Message{}, err)
			return
		}
		start, end := uint64(max(f.Start, 0)), uint64(math.MaxUint64)
		if f.End > 0 {
			end = uint64(f.End)
		}
		blocks := r.selectBlocks(wanted, start, end)
		q := &messageQueue{}
		next := 0
		for next < len(blocks) || q.Len() > 0 {
			// Load every block that may hold a message earlier than the
			// queue's first one.
			for next < len(blocks) && (q.Len() == 0 || blocks[next].start <= uint64(q.items[0].LogTime)) {
				if err := r.loadBlock(blocks[next], wanted, start, end, q); err != nil {
					yield(Message{}, err)
					return
				}
				next++
			}
			if q.Len() == 0 {
				continue
			}
			item := heap.Pop(q).(queued)
			if !yield(item.Message, nil) {
				return
			}
		}
		for _, file := range r.files {
			if file.truncated != nil && !yield(Message{}, fmt.Errorf("bag: %w", file.truncated)) {
				return
			}
		}
	}
}

// selectTopics returns the topic set for names, or nil for all topics.
func (r *Reader) selectTopics(names []string) (map[*readerTopic]bool, error) {
	if len(names) == 0 {
		return nil, nil
	}
	wanted := make(map[*readerTopic]bool, len(names))
	for _, name := range names {
		rt, ok := r.byName[name]
		if !ok {
			return nil, fmt.Errorf("bag: topic %s is not in the bag", name)
		}
		wanted[rt] = true
	}
	return wanted, nil
}

// fileBlock is a block of a file, in the order the iterator loads them.
type fileBlock struct {
	block
	file int
}

// selectBlocks returns the blocks that may hold selected messages, sorted
// by start time.
func (r *Reader) selectBlocks(wanted map[*readerTopic]bool, start, end uint64) []fileBlock {
	var out []fileBlock
	for i, f := range r.files {
		for _, b := range f.blocks {
			if b.end < start || b.start >= end {
				continue
			}
			if wanted != nil && !r.blockHasTopic(i, b, wanted) {
				continue
			}
			out = append(out, fileBlock{block: b, file: i})
		}
	}
	slices.SortStableFunc(out, func(a, b fileBlock) int {
		if a.start != b.start {
			if a.start < b.start {
				return -1
			}
			return 1
		}
		return a.file - b.file
	})
	return out
}

func (r *Reader) blockHasTopic(file int, b block, wanted map[*readerTopic]bool) bool {
	if !b.chunk {
		return wanted[r.channelTopic[fileChannel{file, b.channel}]]
	}
	if b.channels == nil {
		return true
	}
	for id := range b.channels {
		if wanted[r.channelTopic[fileChannel{file, id}]] {
			return true
		}
	}
	return false
}

// loadBlock reads a block and queues its selected messages.
func (r *Reader) loadBlock(b fileBlock, wanted map[*readerTopic]bool, start, end uint64, q *messageQueue) error {
	f := r.files[b.file]
	if f.file == nil {
		return fmt.Errorf("bag: %s: reader is closed", f.path)
	}
	length := min(b.length, f.size-b.offset)
	rec := make([]byte, length)
	if _, err := f.file.ReadAt(rec, b.offset); err != nil {
		return fmt.Errorf("bag: %s: read record at byte %d: %w", f.path, b.offset, err)
	}
	if len(rec) < recordHeaderLen {
		return fmt.Errorf("bag: %s: record at byte %d: %w", f.path, b.offset, ErrTruncated)
	}
	op := mcap.OpCode(rec[0])
	bodyLen := binary.LittleEndian.Uint64(rec[1:])
	body := rec[recordHeaderLen:]
	complete := uint64(len(body)) == bodyLen
	push := func(m *mcap.Message) error {
		rt := r.channelTopic[fileChannel{b.file, m.ChannelID}]
		if rt == nil {
			return fmt.Errorf("message on channel %d, which has no channel record", m.ChannelID)
		}
		if (wanted != nil && !wanted[rt]) || m.LogTime < start || m.LogTime >= end {
			return nil
		}
		q.push(Message{
			Topic:       &rt.topic,
			LogTime:     int64(m.LogTime),
			PublishTime: int64(m.PublishTime),
			Sequence:    m.Sequence,
			Data:        m.Data,
		})
		return nil
	}
	var err error
	switch {
	case op == mcap.OpMessage && !b.chunk:
		var m *mcap.Message
		if m, err = mcap.ParseMessage(body); err == nil {
			err = push(m)
		}
	case op == mcap.OpChunk && b.chunk:
		err = loadChunk(body, complete, push)
	default:
		err = fmt.Errorf("found a %s record where the index points to a %s", op, map[bool]string{true: "chunk", false: "message"}[b.chunk])
	}
	if err != nil {
		return fmt.Errorf("bag: %s: record at byte %d: %w", f.path, b.offset, err)
	}
	return nil
}

func loadChunk(body []byte, complete bool, push func(*mcap.Message) error) error {
	h, compressed, err := parseChunkHeader(body)
	if err != nil {
		if !complete {
			return nil
		}
		return err
	}
	complete = complete && uint64(len(compressed)) == h.recordsLen
	records, err := decompressChunk(h, compressed, complete)
	if err != nil {
		return err
	}
	return visitRecords(records, complete, recordVisitor{message: push})
}

// queued is a message waiting in the merge queue; seq keeps equal log times
// in load order.
type queued struct {
	Message
	seq uint64
}

// messageQueue is a min-heap of messages by (LogTime, seq).
type messageQueue struct {
	items []queued
	seq   uint64
}

func (q *messageQueue) push(m Message) {
	heap.Push(q, queued{Message: m, seq: q.seq})
	q.seq++
}

func (q *messageQueue) Len() int { return len(q.items) }
func (q *messageQueue) Less(i, j int) bool {
	a, b := q.items[i], q.items[j]
	return a.LogTime < b.LogTime || (a.LogTime == b.LogTime && a.seq < b.seq)
}
func (q *messageQueue) Swap(i, j int) { q.items[i], q.items[j] = q.items[j], q.items[i] }
func (q *messageQueue) Push(x any)    { q.items = append(q.items, x.(queued)) }
func (q *messageQueue) Pop() any {
	n := len(q.items) - 1
	it := q.items[n]
	q.items = q.items[:n]
	return it
}
