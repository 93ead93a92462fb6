package rosbag

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/msgs/go/registry"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/ros2/dds"
)

// Graph lists the writers a transport has discovered, so that a recorder
// learns each topic's type and QoS before it subscribes.
type Graph interface {
	Publications() []dds.Publication
}

// RecordOptions configures Record.
type RecordOptions struct {
	// Topics lists the fully qualified topics to record.
	Topics []string
	// DiscoveryTimeout bounds the wait for a publisher of every topic;
	// 0 means wait until ctx ends.
	DiscoveryTimeout time.Duration
	// Ready, if set, is called once every topic is subscribed.
	Ready  func()
	Writer bag.WriterOptions // zero means zstd-compressed chunks
	Logger *slog.Logger      // nil means slog.Default()
}

// RecordSummary reports what Record wrote.
type RecordSummary struct {
	Output   string         `json:"output"`
	Messages int            `json:"messages"`
	PerTopic map[string]int `json:"per_topic"`
}

// ErrNoPublisher reports topics for which no publisher appeared within
// RecordOptions.DiscoveryTimeout.
var ErrNoPublisher = errors.New("no publisher found")

// Record subscribes to the topics on tr, with the type and QoS their
// publishers offer, and writes every message to a new bag at out, stamped
// with its receive time, until ctx ends. The bag is closed, and so keeps
// what was written, whatever error ends the recording.
func Record(ctx context.Context, tr node.Transport, graph Graph, out string, opts RecordOptions) (sum RecordSummary, err error) {
	sum = RecordSummary{Output: out, PerTopic: map[string]int{}}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	if len(opts.Topics) == 0 {
		return sum, errors.New("record: no topics given")
	}
	pubs, err := discover(ctx, graph, opts.Topics, opts.DiscoveryTimeout)
	if err != nil {
		return sum, fmt.Errorf("record: %w", err)
	}
	if opts.Writer == (bag.WriterOptions{}) {
		opts.Writer = bag.WriterOptions{Chunked: true, Compression: bag.CompressionZstd}
	}
	w, err := bag.Create(out, opts.Writer)
	if err != nil {
		return sum, fmt.Errorf("record: %w", err)
	}
	defer func() {
		if cerr := w.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("record: %w", cerr)
		}
	}()

	var (
		mu       sync.Mutex
		writeErr error
	)
	for _, topic := range opts.Topics {
		p := pubs[topic]
		msg, ok := registry.New(p.Type)
		if !ok {
			return sum, fmt.Errorf("record %s: no binding for message type %s in this build", topic, p.Type)
		}
		t := bag.Topic{Name: topic, Type: p.Type, Definition: msg.ROSDefinition(),
			SerializationFormat: bag.SerializationCDR, OfferedQoSProfiles: qosProfiles(p.QoS)}
		if err := w.AddTopic(t); err != nil {
			return sum, fmt.Errorf("record: %w", err)
		}
		qos := p.QoS
		qos.Depth = 100
		cancel, err := tr.Subscribe(topic, p.Type, qos, func(s node.Sample) {
			mu.Lock()
			defer mu.Unlock()
			if writeErr != nil {
				return
			}
			if err := w.Write(s.Topic, s.Time, s.Data); err != nil {
				writeErr = err
				log.Error("cannot write message; recording stops", "topic", s.Topic, "err", err)
				return
			}
			sum.Messages++
			sum.PerTopic[s.Topic]++
		})
		if err != nil {
			return sum, fmt.Errorf("record: %w", err)
		}
		defer cancel()
	}
	log.Info("recording", "topics", opts.Topics, "output", out)
	if opts.Ready != nil {
		opts.Ready()
	}
	<-ctx.Done()
	mu.Lock()
	defer mu.Unlock()
	// Handlers may still run until the deferred cancels; the lock keeps
	// them from writing while the summary is read and the bag closed.
	writeErr = ctx.Err()
	return sum, nil
}

// discover waits until graph lists a publisher for every topic and returns
// one per topic. Several publishers of one topic must agree on its type.
func discover(ctx context.Context, graph Graph, topics []string, timeout time.Duration) (map[string]dds.Publication, error) {
	var deadline <-chan time.Time
	if timeout > 0 {
		timer := time.NewTimer(timeout)
		defer timer.Stop()
		deadline = timer.C
	}
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		found := map[string]dds.Publication{}
		for _, p := range graph.Publications() {
			if prev, ok := found[p.Topic]; ok && prev.Type != p.Type {
				return nil, fmt.Errorf("topic %s has publishers of types %s and %s: record one of them by remapping", p.Topic, prev.Type, p.Type)
			}
			if prev, ok := found[p.Topic]; ok {
				// Record best effort if any publisher offers only that.
				if p.QoS.Reliability == node.BestEffort {
					prev.QoS.Reliability = node.BestEffort
				}
				if p.QoS.Durability == node.Volatile {
					prev.QoS.Durability = node.Volatile
				}
				p = prev
			}
			found[p.Topic] = p
		}
		var missing []string
		for _, t := range topics {
			if _, ok := found[t]; !ok {
				missing = append(missing, t)
			}
		}
		if len(missing) == 0 {
			return found, nil
		}
		sort.Strings(missing)
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%w for %v: %w", ErrNoPublisher, missing, ctx.Err())
		case <-deadline:
			return nil, fmt.Errorf("%w for %v within %s: start the publishers or check the topic names", ErrNoPublisher, missing, timeout)
		case <-tick.C:
		}
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
