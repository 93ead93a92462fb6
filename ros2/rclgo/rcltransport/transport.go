// Package rcltransport implements node.Transport on rcl through rclgo. It
// moves the CDR bytes of the generated Go messages with rclgo's serialized
// publish and take calls, and loads the C type support of each message type
// at run time. The generated Go messages are therefore the only message
// types, and no rclgo-generated bindings are needed.
package rcltransport

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tiiuae/rclgo/pkg/rclgo"
	"github.com/tiiuae/rclgo/pkg/rclgo/types"

	"github.com/ebm-av/ebm_av/node"
)

// Transport is a node.Transport on one rclgo node. Create every publisher
// and subscription before calling Spin, which builds the wait set from the
// subscriptions that exist when it starts.
type Transport struct {
	rcl   *rclgo.Node
	clock atomic.Pointer[node.Clock]
	log   *slog.Logger

	mu           sync.Mutex
	typeSupports map[string]types.MessageTypeSupport
	subs         []*rclgo.Subscription // in creation order
	spinning     bool
}

// New returns a transport on n. A nil log means slog.Default().
func New(n *rclgo.Node, log *slog.Logger) *Transport {
	if log == nil {
		log = slog.Default()
	}
	return &Transport{rcl: n, log: log, typeSupports: map[string]types.MessageTypeSupport{}}
}

// SetClock makes the transport stamp received samples with c, normally the
// node's clock, so that with use_sim_time a sample carries /clock time as in
// replay. Until it is called, samples carry the middleware's receive time.
func (t *Transport) SetClock(c node.Clock) { t.clock.Store(&c) }

// Spin runs the subscription callbacks on the calling goroutine until ctx
// is done or rcl fails. It returns nil when ctx ends the spin.
//
// When several subscriptions are ready after one rcl_wait, each callback
// takes one sample, in the order the subscriptions were created. rclgo's
// Node.Spin keeps its resources in a map and so visits them in random
// order, which is why the wait set is built here. With use_sim_time the
// /clock subscription, created first by package node, must run before the
// inputs that arrived with it.
func (t *Transport) Spin(ctx context.Context) (err error) {
	t.mu.Lock()
	t.spinning = true
	subs := t.subs
	t.mu.Unlock()
	ws, err := t.rcl.Context().NewWaitSet()
	if err != nil {
		return fmt.Errorf("rclgo: wait set: %w", err)
	}
	defer func() {
		if cerr := ws.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("rclgo: close wait set: %w", cerr)
		}
	}()
	ws.AddSubscriptions(subs...)
	if err := ws.Run(ctx); err != nil && ctx.Err() == nil {
		return fmt.Errorf("rclgo: spin: %w", err)
	}
	return nil
}

// typeSupport loads, once per type, the rosidl_typesupport_c handle of a
// type named "pkg/msg/Type" from lib<pkg>__rosidl_typesupport_c.so.
func (t *Transport) typeSupport(typeName string) (types.MessageTypeSupport, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if ts, ok := t.typeSupports[typeName]; ok {
		return ts, nil
	}
	pkg, name, err := splitTypeName(typeName)
	if err != nil {
		return nil, err
	}
	ts, err := rclgo.LoadDynamicMessageTypeSupport(pkg, name)
	if err != nil {
		return nil, fmt.Errorf("type support of %s: %w (source the setup script of the workspace that built %s, so that lib%s__rosidl_typesupport_c.so is on LD_LIBRARY_PATH)",
			typeName, err, pkg, pkg)
	}
	t.typeSupports[typeName] = ts
	return ts, nil
}

// splitTypeName splits "pkg/msg/Type" into package and type name.
func splitTypeName(typeName string) (pkg, name string, err error) {
	parts := strings.Split(typeName, "/")
	if len(parts) != 3 || parts[1] != "msg" || parts[0] == "" || parts[2] == "" {
		return "", "", fmt.Errorf("message type %q is not of the form pkg/msg/Type", typeName)
	}
	return parts[0], parts[2], nil
}

// Advertise implements node.Transport.
func (t *Transport) Advertise(topic, typeName string, qos node.QoS) (node.RawPublisher, error) {
	ts, err := t.typeSupport(typeName)
	if err != nil {
		return nil, fmt.Errorf("rclgo: advertise %s: %w", topic, err)
	}
	pub, err := t.rcl.NewPublisher(topic, ts, &rclgo.PublisherOptions{Qos: QoSProfile(qos)})
	if err != nil {
		return nil, fmt.Errorf("rclgo: advertise %s (%s): %w", topic, typeName, err)
	}
	return &publisher{pub: pub, topic: topic, log: t.log}, nil
}

// Subscribe implements node.Transport. The handler runs on the goroutine
// that calls Spin. The returned cancel function stops delivery at once;
// rclgo frees the subscription when the node closes, because closing it
// during a spin would leave a dangling entry in the wait set.
func (t *Transport) Subscribe(topic, typeName string, qos node.QoS, h node.Handler) (func(), error) {
	t.mu.Lock()
	spinning := t.spinning
	t.mu.Unlock()
	if spinning {
		return nil, fmt.Errorf("rclgo: subscribe %s: the node is already spinning; subscribe before calling Spin", topic)
	}
	ts, err := t.typeSupport(typeName)
	if err != nil {
		return nil, fmt.Errorf("rclgo: subscribe %s: %w", topic, err)
	}
	var cancelled atomic.Bool
	callback := func(s *rclgo.Subscription) {
		data, info, err := s.TakeSerializedMessage()
		if err != nil {
			// rcl_wait may wake a subscription whose sample another take
			// already consumed; rcl then reports a failed take.
			t.log.Debug("take failed", "topic", topic, "err", err)
			return
		}
		if cancelled.Load() {
			return
		}
		stamp := info.ReceivedTimestamp.UnixNano()
		if c := t.clock.Load(); c != nil {
			stamp = (*c).Now().UnixNano()
		}
		h(node.Sample{Topic: topic, Type: typeName, Data: data, Time: stamp, QoS: qos})
	}
	sub, err := t.rcl.NewSubscription(topic, ts, &rclgo.SubscriptionOptions{Qos: QoSProfile(qos)}, callback)
	if err != nil {
		return nil, fmt.Errorf("rclgo: subscribe %s (%s): %w", topic, typeName, err)
	}
	t.mu.Lock()
	t.subs = append(t.subs, sub)
	t.mu.Unlock()
	return func() { cancelled.Store(true) }, nil
}

// QoSProfile maps a node QoS to the rclgo profile with keep-last history and
// rmw's defaults for deadline, lifespan and liveliness.
func QoSProfile(q node.QoS) rclgo.QosProfile {
	p := rclgo.NewDefaultQosProfile()
	p.History = rclgo.HistoryKeepLast
	p.Depth = q.Depth
	p.Reliability = rclgo.ReliabilityReliable
	if q.Reliability == node.BestEffort {
		p.Reliability = rclgo.ReliabilityBestEffort
	}
	p.Durability = rclgo.DurabilityVolatile
	if q.Durability == node.TransientLocal {
		p.Durability = rclgo.DurabilityTransientLocal
	}
	return p
}

// publisher is a node.RawPublisher on an rclgo publisher.
type publisher struct {
	pub   *rclgo.Publisher
	topic string
	log   *slog.Logger

	countErrors atomic.Int64
}

// Publish implements node.RawPublisher.
func (p *publisher) Publish(ctx context.Context, data []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := p.pub.PublishSerialized(data); err != nil {
		return fmt.Errorf("rclgo: publish %s: %w", p.topic, err)
	}
	return nil
}

// SubscriptionCount implements node.RawPublisher. A failed query counts as
// no subscription, so optional outputs are skipped; the first and then every
// thousandth failure is logged.
func (p *publisher) SubscriptionCount() int {
	n, err := p.pub.GetSubscriptionCount()
	if err != nil {
		if c := p.countErrors.Add(1); c == 1 || c%1000 == 0 {
			p.log.Error("subscription count failed", "topic", p.topic, "count", c, "err", err)
		}
		return 0
	}
	return n
}

var _ node.Transport = (*Transport)(nil)
