//go:build cyclonedds

package dds

// #include "rawtype.h"
import "C"

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"sync"

	"github.com/ebm-av/ebm_av/node"
)

// Options configures a Transport.
type Options struct {
	// DomainID is the DDS domain, as ROS_DOMAIN_ID sets it for ROS 2.
	DomainID uint32
	// Distro selects the GID layout of ros_discovery_info; "" means Humble.
	Distro Distro
	// NodeName and Namespace name the node that ROS 2 graph tools list for
	// this participant; an empty NodeName lists none.
	NodeName  string
	Namespace string
	Logger    *slog.Logger // nil means slog.Default()
}

// DomainIDFromEnv returns $ROS_DOMAIN_ID, or 0 when it is unset.
func DomainIDFromEnv() (uint32, error) {
	s := os.Getenv("ROS_DOMAIN_ID")
	if s == "" {
		return 0, nil
	}
	// Cyclone's default port mapping leaves room for domains 0 to 232.
	id, err := strconv.ParseUint(s, 10, 32)
	if err != nil || id > 232 {
		return 0, fmt.Errorf("invalid ROS_DOMAIN_ID %q: use an integer from 0 to 232", s)
	}
	return uint32(id), nil
}

// Transport is a node.Transport on one DDS participant. Cyclone reads its
// configuration from $CYCLONEDDS_URI when the first participant of the
// process is created.
type Transport struct {
	pp     C.dds_entity_t
	opts   Options
	log    *slog.Logger
	recv   *receiver
	graph  *graphPublisher
	mu     sync.Mutex
	topics map[topicKey]rawTopic
	closed bool
}

type topicKey struct{ name, typeName string }

// New creates a participant with the user data "enclave=/;" and starts
// delivering samples. Call Close to leave the domain.
func New(opts Options) (*Transport, error) {
	distro, err := ParseDistro(string(opts.Distro))
	if err != nil {
		return nil, err
	}
	opts.Distro = distro
	if opts.Namespace == "" {
		opts.Namespace = "/"
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	pp, err := createParticipant(opts.DomainID, "enclave=/;")
	if err != nil {
		return nil, err
	}
	t := &Transport{pp: pp, opts: opts, log: log, topics: map[topicKey]rawTopic{}}
	if t.graph, err = newGraphPublisher(t); err != nil {
		deleteEntity(pp)
		return nil, err
	}
	if t.recv, err = newReceiver(t); err != nil {
		deleteEntity(pp)
		return nil, err
	}
	return t, nil
}

// Close stops delivery and deletes the participant with all its readers
// and writers. Remote peers see the node leave. Close waits for a running
// handler to return, so a handler must not call it.
func (t *Transport) Close() error {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return nil
	}
	t.closed = true
	t.mu.Unlock()
	t.recv.stop()
	return deleteEntity(t.pp)
}

// topic returns the topic entity for a DDS topic and type, creating it once.
func (t *Transport) topic(name, typeName string) (rawTopic, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return rawTopic{}, fmt.Errorf("topic %s: transport closed", name)
	}
	k := topicKey{name, typeName}
	if tp, ok := t.topics[k]; ok {
		return tp, nil
	}
	tp, err := createTopic(t.pp, name, typeName)
	if err != nil {
		return rawTopic{}, err
	}
	t.topics[k] = tp
	return tp, nil
}

// Advertise implements node.Transport.
func (t *Transport) Advertise(topic, typeName string, qos node.QoS) (node.RawPublisher, error) {
	ddsTopic, err := TopicName(topic)
	if err != nil {
		return nil, err
	}
	ddsType, err := TypeName(typeName)
	if err != nil {
		return nil, err
	}
	tp, err := t.topic(ddsTopic, ddsType)
	if err != nil {
		return nil, err
	}
	wr, err := createEndpoint(t.pp, tp, true, qos)
	if err != nil {
		return nil, fmt.Errorf("advertise %s: %w", topic, err)
	}
	if err := t.graph.add(wr, true); err != nil {
		t.log.Warn("ros_discovery_info not updated; ROS 2 tools may not list this publisher", "topic", topic, "err", err)
	}
	return &publisher{t: t, topic: topic, writer: wr, stype: tp.stype}, nil
}

// Subscribe implements node.Transport. Samples of all subscriptions are
// delivered from one goroutine in source-timestamp order, so the order in
// which one process publishes on several topics is kept. A writer on the
// same topic with another type is matched too: its samples reach h with
// that type in Sample.Type, so the node can count them as invalid input.
func (t *Transport) Subscribe(topic, typeName string, qos node.QoS, h node.Handler) (func(), error) {
	ddsTopic, err := TopicName(topic)
	if err != nil {
		return nil, err
	}
	if _, err := TypeName(typeName); err != nil {
		return nil, err
	}
	s := &subscription{topic: topic, ddsTopic: ddsTopic, typeName: typeName, qos: qos, handler: h}
	if err := t.recv.add(s, typeName, qos); err != nil {
		return nil, fmt.Errorf("subscribe %s: %w", topic, err)
	}
	return func() { t.recv.remove(s) }, nil
}

type publisher struct {
	t      *Transport
	topic  string
	writer C.dds_entity_t
	stype  *C.struct_ddsi_sertype
}

// Publish implements node.RawPublisher. A reliable writer blocks while
// its history is full of unacknowledged samples.
func (p *publisher) Publish(ctx context.Context, data []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := writeRaw(p.writer, p.stype, data); err != nil {
		return fmt.Errorf("publish %s: %w", p.topic, err)
	}
	return nil
}

// SubscriptionCount implements node.RawPublisher.
func (p *publisher) SubscriptionCount() int {
	return matchedReaders(p.writer)
}
