// Package inproc is an in-process Transport: a bus that delivers every
// published message synchronously to the subscriptions of its topic, in
// publication order. Replay and tests use it, because synchronous delivery
// makes a run over a bag deterministic.
package inproc

import (
	"context"
	"fmt"
	"sync"

	"github.com/ebm-av/ebm_av/node"
)

// Bus is the in-process transport. The zero value is not usable; call New.
type Bus struct {
	mu     sync.Mutex
	clock  func() int64
	topics map[string]*topic
	taps   []node.Handler
}

type topic struct {
	typeName string
	subs     []*subscription
	// latched holds the last messages of transient-local publishers, for
	// subscriptions that arrive later.
	latched      []node.Sample
	latchedDepth int
}

type subscription struct {
	qos node.QoS
	h   node.Handler
}

// New returns a bus whose samples are stamped with clock() (ns since the
// Unix epoch).
func New(clock func() int64) *Bus {
	return &Bus{clock: clock, topics: map[string]*topic{}}
}

// Tap registers h to observe every published sample on every topic, as a
// recorder does.
func (b *Bus) Tap(h node.Handler) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.taps = append(b.taps, h)
}

func (b *Bus) topicFor(name, typeName string) (*topic, error) {
	t, ok := b.topics[name]
	if !ok {
		t = &topic{typeName: typeName}
		b.topics[name] = t
		return t, nil
	}
	if t.typeName == "" {
		t.typeName = typeName
	}
	if typeName != "" && t.typeName != typeName {
		return nil, fmt.Errorf("topic %s has type %s, not %s: remap one of them", name, t.typeName, typeName)
	}
	return t, nil
}

// Advertise implements node.Transport.
func (b *Bus) Advertise(name, typeName string, qos node.QoS) (node.RawPublisher, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	t, err := b.topicFor(name, typeName)
	if err != nil {
		return nil, err
	}
	if qos.Durability == node.TransientLocal && qos.Depth > t.latchedDepth {
		t.latchedDepth = qos.Depth
	}
	return &publisher{bus: b, name: name, typeName: typeName, qos: qos}, nil
}

// Subscribe implements node.Transport.
func (b *Bus) Subscribe(name, typeName string, qos node.QoS, h node.Handler) (func(), error) {
	b.mu.Lock()
	t, err := b.topicFor(name, typeName)
	if err != nil {
		b.mu.Unlock()
		return nil, err
	}
	s := &subscription{qos: qos, h: h}
	t.subs = append(t.subs, s)
	var backlog []node.Sample
	if qos.Durability == node.TransientLocal {
		backlog = append(backlog, t.latched...)
	}
	b.mu.Unlock()
	for _, m := range backlog {
		h(m)
	}
	cancel := func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		for i, x := range t.subs {
			if x == s {
				t.subs = append(t.subs[:i:i], t.subs[i+1:]...)
				return
			}
		}
	}
	return cancel, nil
}

// Inject delivers a serialized sample as if a publisher outside the process
// had sent it, as a bag player does. The sample's type must match the topic's.
func (b *Bus) Inject(s node.Sample) error {
	b.mu.Lock()
	t, err := b.topicFor(s.Topic, s.Type)
	if err != nil {
		b.mu.Unlock()
		return err
	}
	subs := append([]*subscription(nil), t.subs...)
	b.mu.Unlock()
	for _, sub := range subs {
		sub.h(s)
	}
	return nil
}

type publisher struct {
	bus      *Bus
	name     string
	typeName string
	qos      node.QoS
}

func (p *publisher) Publish(_ context.Context, data []byte) error {
	b := p.bus
	s := node.Sample{Topic: p.name, Type: p.typeName, Data: data, Time: b.clock(), QoS: p.qos}
	b.mu.Lock()
	t := b.topics[p.name]
	if p.qos.Durability == node.TransientLocal && t.latchedDepth > 0 {
		t.latched = append(t.latched, s)
		if len(t.latched) > t.latchedDepth {
			t.latched = t.latched[len(t.latched)-t.latchedDepth:]
		}
	}
	subs := append([]*subscription(nil), t.subs...)
	taps := append([]node.Handler(nil), b.taps...)
	b.mu.Unlock()
	for _, tap := range taps {
		tap(s)
	}
	for _, sub := range subs {
		sub.h(s)
	}
	return nil
}

func (p *publisher) SubscriptionCount() int {
	p.bus.mu.Lock()
	defer p.bus.mu.Unlock()
	return len(p.bus.topics[p.name].subs) + len(p.bus.taps)
}
