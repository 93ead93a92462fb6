package node

import (
	"context"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/ebm-av/ebm_av/msgs/go/builtin_interfaces"
	"github.com/ebm-av/ebm_av/msgs/go/rcl_interfaces"
)

// TopicRosout is the topic on which ROS 2 nodes publish their log records.
const TopicRosout = "/rosout"

// QoSRosout is rcl's rosout publisher profile without its 10 s lifespan,
// which QoS does not model: reliable, transient local, keep last 1000.
var QoSRosout = QoS{Reliability: Reliable, Durability: TransientLocal, Depth: 1000}

// rosoutHandler passes records to the next handler and publishes each as
// rcl_interfaces/msg/Log on /rosout, as rcl does unless
// --disable-rosout-logs is given.
type rosoutHandler struct {
	next   slog.Handler
	out    *rosoutPublisher
	node   *Node  // whose clock stamps the records
	logger string // ROS 2 logger name
	attrs  string // preformatted attributes
	prefix string // group prefix of attribute keys
}

// rosoutPublisher serializes publishing, because records arrive from
// timer goroutines and subscription callbacks at once.
// NOTE: a node that logs from its own /rosout subscription on the
// in-process bus deadlocks on mu, because delivery there is synchronous.
type rosoutPublisher struct {
	mu  sync.Mutex
	pub *Publisher[*rcl_interfaces.Log]
}

func (h *rosoutHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

func (h *rosoutHandler) Handle(ctx context.Context, r slog.Record) error {
	err := h.next.Handle(ctx, r)

	var msg strings.Builder
	msg.WriteString(r.Message)
	msg.WriteString(h.attrs)
	r.Attrs(func(a slog.Attr) bool {
		appendAttr(&msg, h.prefix, a)
		return true
	})
	ns := h.node.logStamp(r.Time).UnixNano()
	m := rcl_interfaces.Log{
		Stamp: builtin_interfaces.Time{Sec: int32(ns / 1e9), Nanosec: uint32(ns % 1e9)}, Level: rosoutLevel(r.Level),
		Name: h.logger, Msg: msg.String(),
	}
	if r.PC != 0 {
		frame, _ := runtime.CallersFrames([]uintptr{r.PC}).Next()
		m.File, m.Function, m.Line = frame.File, frame.Function, uint32(frame.Line)
	}

	o := h.out
	o.mu.Lock()
	defer o.mu.Unlock()
	// A failed publish is dropped, not logged, because logging it would
	// publish again; the console handler above has the record already.
	_ = o.pub.Publish(ctx, &m)
	return err
}

func (h *rosoutHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	out := *h
	out.next = h.next.WithAttrs(attrs)
	var b strings.Builder
	b.WriteString(h.attrs)
	for _, a := range attrs {
		if h.prefix == "" && a.Key == LogAttrNode {
			out.logger = LoggerName(a.Value.String())
			continue
		}
		appendAttr(&b, h.prefix, a)
	}
	out.attrs = b.String()
	return &out
}

func (h *rosoutHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	out := *h
	out.next = h.next.WithGroup(name)
	out.prefix = h.prefix + name + "."
	return &out
}

// logStamp returns the stamp of a /rosout record, which is the time of the
// node's clock. So with use_sim_time a record carries bag or /clock time,
// like the messages recorded around it. Before Configure sets a clock,
// logStamp returns recorded, the record's system time.
// NOTE: rcl stamps /rosout records with system time even with
// use_sim_time, because rcutils logging.c calls rcutils_system_time_now.
// So under sim time these stamps differ from those of an rcl node.
func (n *Node) logStamp(recorded time.Time) time.Time {
	if n.clock == nil {
		return recorded
	}
	return n.clock.Now()
}

// rosoutLevel maps a slog level to the severity bytes of rcl_interfaces/msg/Log.
func rosoutLevel(l slog.Level) uint8 {
	switch Severity(l) {
	case "FATAL":
		return rcl_interfaces.LogFatal
	case "ERROR":
		return rcl_interfaces.LogError
	case "WARN":
		return rcl_interfaces.LogWarn
	case "INFO":
		return rcl_interfaces.LogInfo
	}
	return rcl_interfaces.LogDebug
}
