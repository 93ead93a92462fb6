// Package replay runs nodes over recorded bags: it publishes the input
// messages on an in-process bus in log-time order with bag time as the
// nodes' clock, and records inputs and outputs to a new bag.
//
// Input messages on a topic that a node advertises are neither played nor
// recorded unless Options.KeepOutputs is set. Such topics are the outputs
// in an earlier replay's bag and the shared /rosout and /diagnostics, so
// the output bag contains only the new messages on them. /tf and
// /tf_static are always played because a stack has several publishers on
// them.
package replay

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"os"
	"sort"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/msgs/go/registry"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/node/inproc"
)

// Starter creates a node on the given options; the replay sets the
// transport, the clock and the logger.
type Starter func(opts node.Options) (*node.Node, error)

// NodeSpec is one node to run.
type NodeSpec struct {
	Name  string // executable name, for logs
	Start Starter
	Args  node.Args
}

// Options configures Run.
type Options struct {
	Inputs []string // bag directories or .mcap files, merged by log time
	Output string   // bag directory to create
	Nodes  []NodeSpec
	Writer bag.WriterOptions // zero means zstd-compressed chunks
	Logger *slog.Logger      // nil means slog.Default()
	// KeepOutputs plays and records input messages on topics that a node
	// advertises too, so the output bag mixes old and new messages there.
	KeepOutputs bool
}

// Summary reports what a replay did.
type Summary struct {
	Output        string         `json:"output"`
	InputMessages int            `json:"input_messages"`
	Outputs       map[string]int `json:"outputs"` // messages published per topic
	// Rejected counts input messages the nodes dropped because they failed
	// to decode or to validate, per topic.
	Rejected map[string]int `json:"rejected"`
	// UnknownTypes counts input messages whose type this build has no
	// binding for, per topic; they are recorded but no node reads them.
	UnknownTypes map[string]int `json:"unknown_types"`
	// DroppedOutputs counts, per topic, the input messages that were neither
	// played nor recorded because a node advertises their topic. It is empty
	// when KeepOutputs is set.
	DroppedOutputs map[string]int `json:"dropped_outputs"`
	// Truncated is set when an input bag ended mid-record; every complete
	// message before the cut was replayed.
	Truncated bool `json:"truncated"`
}

// Run replays the inputs through the nodes. The output bag is closed, and
// so keeps what was written, whatever error ends the run.
func Run(ctx context.Context, opts Options) (sum Summary, err error) {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	sum = Summary{Output: opts.Output, Outputs: map[string]int{}, Rejected: map[string]int{},
		UnknownTypes: map[string]int{}, DroppedOutputs: map[string]int{}}

	readers := make([]*bag.Reader, 0, len(opts.Inputs))
	defer func() {
		for _, r := range readers {
			r.Close()
		}
	}()
	for _, in := range opts.Inputs {
		r, err := bag.Open(in, bag.ReaderOptions{Logger: log})
		if err != nil {
			return sum, fmt.Errorf("replay: %w", err)
		}
		readers = append(readers, r)
	}

	if opts.Writer == (bag.WriterOptions{}) {
		opts.Writer = bag.WriterOptions{Chunked: true, Compression: bag.CompressionZstd}
	}
	replaying := false // set once the nodes have started
	w, err := bag.Create(opts.Output, opts.Writer)
	if err != nil {
		return sum, fmt.Errorf("replay: %w", err)
	}
	defer func() {
		if cerr := w.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("replay: %w", cerr)
		}
		// A run that fails while starting, such as on a bad parameter,
		// leaves no empty bag behind to block the corrected rerun.
		if err != nil && !replaying {
			os.RemoveAll(opts.Output)
		}
	}()

	rec := &recorder{w: w, log: log, topics: map[string]bool{}, sum: &sum}

	// The clock starts at the first input's log time, not at the epoch, so
	// what the nodes publish while starting, such as their "started" record
	// on /rosout, is recorded at bag time and the output bag starts there.
	clock := &node.SimClock{}
	clock.Set(startTime(readers))
	bus := inproc.New(func() int64 { return clock.Now().UnixNano() })
	bus.Tap(rec.recordOutput)
	transport := newAdvertisedTopics(bus)

	nodes := make([]*node.Node, 0, len(opts.Nodes))
	for _, spec := range opts.Nodes {
		args := spec.Args
		args.Params = append(append([]node.ParamEntry(nil), args.Params...),
			node.ParamEntry{Name: "use_sim_time", Value: true, Source: "replay"})
		n, err := spec.Start(node.Options{Transport: transport, Clock: clock, Logger: log, Args: args})
		if err != nil {
			return sum, fmt.Errorf("replay: start %s: %w", spec.Name, err)
		}
		nodes = append(nodes, n)
	}
	defer func() {
		for _, n := range nodes {
			for topic, count := range n.DecodeErrors() {
				sum.Rejected[topic] += count
			}
		}
	}()

	// The nodes advertise their outputs while they start, so the input
	// topics are added after the start to leave out the dropped ones.
	for _, r := range readers {
		for _, t := range r.Topics() {
			if !opts.KeepOutputs && transport.dropsInput(t.Name) {
				continue
			}
			if err := rec.addInputTopic(t); err != nil {
				return sum, err
			}
		}
	}
	defer logDropped(log, sum.DroppedOutputs)

	replaying = true
	warned := map[string]bool{}
	for m, err := range merge(readers) {
		if err != nil {
			if errors.Is(err, bag.ErrTruncated) {
				sum.Truncated = true
				log.Warn("input bag is truncated; replayed every complete message before the cut", "err", err)
				continue
			}
			return sum, fmt.Errorf("replay: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return sum, fmt.Errorf("replay: stopped after %d input messages: %w", sum.InputMessages, err)
		}
		// A dropped message does not advance the clock, so the nodes' timers
		// fire as in the replay of the bag without that message.
		if !opts.KeepOutputs && transport.dropsInput(m.Topic.Name) {
			sum.DroppedOutputs[m.Topic.Name]++
			continue
		}
		clock.Set(m.LogTime)
		sum.InputMessages++
		if err := w.Write(m.Topic.Name, m.LogTime, m.Data); err != nil {
			return sum, fmt.Errorf("replay: %w", err)
		}
		if _, ok := registry.New(m.Topic.Type); !ok {
			sum.UnknownTypes[m.Topic.Name]++
			if !warned[m.Topic.Name] {
				warned[m.Topic.Name] = true
				log.Warn("no binding for message type; recorded but not replayed", "topic", m.Topic.Name, "type", m.Topic.Type)
			}
			continue
		}
		s := node.Sample{Topic: m.Topic.Name, Type: m.Topic.Type, Data: m.Data, Time: m.LogTime}
		if err := bus.Inject(s); err != nil {
			sum.Rejected[m.Topic.Name]++
			log.Error("input rejected by the bus", "topic", m.Topic.Name, "err", err)
		}
	}
	return sum, nil
}

// startTime returns the earliest log time of the readers' messages, or 0
// when they contain none.
func startTime(readers []*bag.Reader) int64 {
	var start int64
	found := false
	for _, r := range readers {
		m := r.Metadata()
		if m.MessageCount > 0 && (!found || m.StartingTime < start) {
			start, found = m.StartingTime, true
		}
	}
	return start
}

// recorder writes inputs and node outputs to the output bag.
type recorder struct {
	w      *bag.Writer
	log    *slog.Logger
	topics map[string]bool
	sum    *Summary
	failed bool
}

func (r *recorder) addInputTopic(t bag.Topic) error {
	if r.topics[t.Name] {
		return nil
	}
	r.topics[t.Name] = true
	if err := r.w.AddTopic(t); err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	return nil
}

func (r *recorder) recordOutput(s node.Sample) {
	r.sum.Outputs[s.Topic]++
	if !r.topics[s.Topic] {
		m, ok := registry.New(s.Type)
		if !ok {
			r.log.Error("cannot record output of unknown type", "topic", s.Topic, "type", s.Type)
			return
		}
		t := bag.Topic{Name: s.Topic, Type: s.Type, Definition: m.ROSDefinition(),
			SerializationFormat: bag.SerializationCDR, OfferedQoSProfiles: qosProfiles(s.QoS)}
		if err := r.w.AddTopic(t); err != nil {
			r.log.Error("cannot record output", "topic", s.Topic, "err", err)
			return
		}
		r.topics[s.Topic] = true
	}
	if err := r.w.Write(s.Topic, s.Time, s.Data); err != nil && !r.failed {
		r.failed = true
		r.log.Error("cannot record output; later write errors are not logged", "topic", s.Topic, "err", err)
	}
}

func qosProfiles(q node.QoS) string {
	rel, dur := bag.ReliabilityReliable, bag.DurabilityVolatile
	if q.Reliability == node.BestEffort {
		rel = bag.ReliabilityBestEffort
	}
	if q.Durability == node.TransientLocal {
		dur = bag.DurabilityTransientLocal
	}
	return bag.FormatQoSProfiles(bag.OfferedQoS(rel, dur))
}

// merge yields the messages of all readers in log-time order; ties keep the
// order of the readers.
func merge(readers []*bag.Reader) iter.Seq2[bag.Message, error] {
	return func(yield func(bag.Message, error) bool) {
		type head struct {
			next func() (bag.Message, error, bool)
			stop func()
			msg  bag.Message
			ok   bool
		}
		heads := make([]*head, len(readers))
		for i, r := range readers {
			next, stop := iter.Pull2(r.Messages(bag.Filter{}))
			heads[i] = &head{next: next, stop: stop}
			defer stop()
		}
		advance := func(h *head) bool {
			for {
				m, err, ok := h.next()
				if !ok {
					h.ok = false
					return true
				}
				if err != nil {
					if !yield(bag.Message{}, err) {
						return false
					}
					continue
				}
				h.msg, h.ok = m, true
				return true
			}
		}
		for _, h := range heads {
			if !advance(h) {
				return
			}
		}
		for {
			live := heads[:0:0]
			for _, h := range heads {
				if h.ok {
					live = append(live, h)
				}
			}
			if len(live) == 0 {
				return
			}
			sort.SliceStable(live, func(i, j int) bool { return live[i].msg.LogTime < live[j].msg.LogTime })
			h := live[0]
			if !yield(h.msg, nil) {
				return
			}
			if !advance(h) {
				return
			}
		}
	}
}
