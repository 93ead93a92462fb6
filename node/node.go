// Package node is the runtime shared by the three ebm_av nodes. It provides
// parameters, name resolution and remapping, a clock that follows bag time
// or /clock, and timers on that clock. It also provides typed publishers
// and subscriptions over a Transport, logging with ROS 2 severities to the
// console and /rosout, and decode-error accounting.
//
// Node logic depends only on this package, never on a ROS client library, so
// the same nodes run over the in-process bus for replay and over ROS 2
// middleware backends built elsewhere.
package node

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/msgs/go/rcl_interfaces"
	"github.com/ebm-av/ebm_av/msgs/go/rosgraph_msgs"
)

// Options configures a Node.
type Options struct {
	Name      string // node name in code, replaced by -r [NAME:]__node:=NEW
	Namespace string // default "/", replaced by -r [NAME:]__ns:=NS
	Transport Transport
	Clock     Clock        // nil means SystemClock unless use_sim_time is set
	Logger    *slog.Logger // nil means slog.Default()
	Args      Args         // parsed --ros-args
}

// Node is one ROS 2 node on a Transport.
type Node struct {
	name      string
	codeName  string // name before __node rules, which NODE: prefixes may use
	namespace string
	transport Transport
	clock     Clock
	log       *slog.Logger
	args      Args

	// Params holds the declared parameters. Declare every parameter before
	// calling Configure.
	Params *Params

	mu           sync.Mutex
	decodeErrors map[string]int
	timers       []*Timer
	stopClock    func() // cancels the /clock subscription of use_sim_time
}

// New creates a node. Declare parameters on n.Params, then call Configure.
func New(opts Options) (*Node, error) {
	if opts.Transport == nil {
		return nil, fmt.Errorf("node %q: no transport given", opts.Name)
	}
	name := opts.Args.NodeNameFor(opts.Name)
	if name == opts.Name && opts.Args.NodeName != "" {
		name = opts.Args.NodeName // Args built without Remaps
	}
	ns := opts.Args.NamespaceFor(opts.Name, opts.Namespace)
	if ns == opts.Namespace && opts.Args.Namespace != "" {
		ns = opts.Args.Namespace
	}
	if ns == "" {
		ns = "/"
	}
	if err := ValidateNodeName(name); err != nil {
		return nil, err
	}
	if err := ValidateNamespace(ns); err != nil {
		return nil, err
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	n := &Node{
		name:         name,
		codeName:     opts.Name,
		namespace:    ns,
		transport:    opts.Transport,
		clock:        opts.Clock,
		args:         opts.Args,
		Params:       NewParams(name),
		decodeErrors: map[string]int{},
	}
	if !opts.Args.DisableRosout {
		pub, err := Advertise[*rcl_interfaces.Log](n, TopicRosout, QoSRosout)
		if err != nil {
			return nil, err
		}
		log = slog.New(&rosoutHandler{next: log.Handler(), out: &rosoutPublisher{pub: pub}, node: n, logger: "ebm"})
	}
	n.log = log.With(LogAttrNode, n.FullyQualifiedName())
	n.Params.Declare(ParamDescriptor{Name: "use_sim_time", Type: ParamBool, Default: false,
		Description: "follow bag or /clock time instead of the system clock"})
	return n, nil
}

// Configure applies parameter files and -p overrides, in the order rcl uses:
// files first, then command-line values. Nothing is applied when any value is
// invalid, so a node never starts half-configured.
func (n *Node) Configure() error {
	staged := NewParams(n.name)
	for _, name := range n.Params.Names() {
		d, _ := n.Params.Descriptor(name)
		staged.Declare(d)
	}
	var errs []string
	for _, f := range n.args.ParamFiles {
		entries, err := LoadParamFile(f, n.FullyQualifiedName())
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		if err := staged.Apply(entries); err != nil {
			errs = append(errs, err.Error())
		}
	}
	if err := staged.Apply(n.args.Params); err != nil {
		errs = append(errs, err.Error())
	}
	if len(errs) > 0 {
		return fmt.Errorf("node %s: invalid parameters:\n%s", n.FullyQualifiedName(), strings.Join(errs, "\n"))
	}
	n.Params = staged
	if n.clock == nil {
		if err := n.startClock(); err != nil {
			return err
		}
	}
	return nil
}

// startClock sets the node's own clock: the system clock, or with
// use_sim_time a SimClock that follows rosgraph_msgs/Clock on /clock.
func (n *Node) startClock() error {
	if !n.Params.Bool("use_sim_time") {
		n.clock = SystemClock{}
		return nil
	}
	sim := &SimClock{}
	// The clock is set before the subscription exists, because its callback
	// logs and the /rosout handler reads n.clock.
	n.clock = sim
	cancel, err := Subscribe(n, TopicClock, QoSClock, func(m *rosgraph_msgs.Clock, _ Sample) {
		ns := int64(m.Clock.Sec)*1e9 + int64(m.Clock.Nanosec)
		if !sim.Set(ns) {
			n.log.Debug("ignored /clock message that runs backwards", "clock_ns", ns, "now_ns", sim.Now().UnixNano())
		}
	})
	if err != nil {
		return err
	}
	n.stopClock = cancel
	return nil
}

// Shutdown stops the node's timers and its /clock subscription. It does not
// remove the subscriptions the node logic created.
func (n *Node) Shutdown() {
	n.mu.Lock()
	timers := n.timers
	n.timers = nil
	n.mu.Unlock()
	for _, t := range timers {
		t.Stop()
	}
	if n.stopClock != nil {
		n.stopClock()
		n.stopClock = nil
	}
}

// Name returns the node name.
func (n *Node) Name() string { return n.name }

// Namespace returns the node namespace.
func (n *Node) Namespace() string { return n.namespace }

// FullyQualifiedName returns namespace and name, for example "/ego/planner_ebm".
func (n *Node) FullyQualifiedName() string {
	return strings.TrimSuffix(n.namespace, "/") + "/" + n.name
}

// Logger returns the node's logger, which tags every record with the node name.
func (n *Node) Logger() *slog.Logger { return n.log }

// Clock returns the node's clock.
func (n *Node) Clock() Clock { return n.clock }

// ResolveTopic expands topic to a fully qualified name. It then applies the
// first remapping rule for this node whose FROM, expanded the same way,
// equals it, and expands the rule's TO too. So with namespace /ns the rule
// foo:=bar remaps both "foo" and "/ns/foo" to "/ns/bar", as rcl does.
func (n *Node) ResolveTopic(topic string) string {
	full := ResolveName(topic, n.namespace, n.name)
	for _, r := range n.args.Remaps {
		if r.From == "__node" || r.From == "__ns" || !r.appliesTo(n.name, n.codeName) {
			continue
		}
		if ResolveName(r.From, n.namespace, n.name) == full {
			return ResolveName(r.To, n.namespace, n.name)
		}
	}
	return full
}

// DecodeErrors returns the number of messages per topic that failed to
// decode or, through CountInputError, to validate.
func (n *Node) DecodeErrors() map[string]int {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make(map[string]int, len(n.decodeErrors))
	for k, v := range n.decodeErrors {
		out[k] = v
	}
	return out
}

// CountInputError records a message that decoded but failed validation
// (a NaN, an array length that disagrees with its dimensions) and logs it
// like a decode error. The node drops such a message and keeps running.
func (n *Node) CountInputError(topic string, err error) { n.countDecodeError(topic, err) }

// countDecodeError records a failed decode and logs the first and then every
// hundredth failure per topic, so a flood of bad input cannot flood the log.
func (n *Node) countDecodeError(topic string, err error) {
	n.mu.Lock()
	n.decodeErrors[topic]++
	count := n.decodeErrors[topic]
	n.mu.Unlock()
	if count == 1 || count%100 == 0 {
		n.log.Error("dropped invalid message", "topic", topic, "count", count, "err", err)
	}
}

// Publisher publishes messages of type M on one topic.
type Publisher[M cdr.Message] struct {
	node  *Node
	topic string
	raw   RawPublisher
	buf   []byte
}

// Advertise creates a typed publisher on topic (resolved and remapped).
func Advertise[M cdr.Message](n *Node, topic string, qos QoS) (*Publisher[M], error) {
	var zero M
	full := n.ResolveTopic(topic)
	raw, err := n.transport.Advertise(full, zero.ROSTypeName(), qos)
	if err != nil {
		return nil, fmt.Errorf("node %s: advertise %s: %w", n.FullyQualifiedName(), full, err)
	}
	return &Publisher[M]{node: n, topic: full, raw: raw}, nil
}

// Topic returns the resolved topic name.
func (p *Publisher[M]) Topic() string { return p.topic }

// SubscriptionCount returns the number of matched subscriptions.
func (p *Publisher[M]) SubscriptionCount() int { return p.raw.SubscriptionCount() }

// Publish serializes m and sends it.
func (p *Publisher[M]) Publish(ctx context.Context, m M) error {
	data, err := cdr.AppendMarshal(p.buf[:0], m)
	if err != nil {
		return fmt.Errorf("publish %s: %w", p.topic, err)
	}
	p.buf = data
	// The transport may keep data (transient local, recording), so it gets a copy.
	if err := p.raw.Publish(ctx, append([]byte(nil), data...)); err != nil {
		return fmt.Errorf("publish %s: %w", p.topic, err)
	}
	return nil
}

// Subscribe registers fn for messages of type M on topic (resolved and
// remapped). Messages that fail to decode are counted, logged and dropped;
// the subscription stays.
func Subscribe[M any, P interface {
	*M
	cdr.Message
}](n *Node, topic string, qos QoS, fn func(P, Sample)) (func(), error) {
	var probe P = new(M)
	full := n.ResolveTopic(topic)
	typeName := probe.ROSTypeName()
	cancel, err := n.transport.Subscribe(full, typeName, qos, func(s Sample) {
		if s.Type != "" && s.Type != typeName {
			n.countDecodeError(full, fmt.Errorf("message type %q on topic %s: expected %q", s.Type, full, typeName))
			return
		}
		var m P = new(M)
		if err := cdr.Unmarshal(s.Data, m); err != nil {
			n.countDecodeError(full, err)
			return
		}
		fn(m, s)
	})
	if err != nil {
		return nil, fmt.Errorf("node %s: subscribe %s: %w", n.FullyQualifiedName(), full, err)
	}
	return cancel, nil
}
