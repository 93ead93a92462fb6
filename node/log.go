package node

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync"
)

// LevelFatal is the FATAL severity of ROS 2 logging, above slog.LevelError.
const LevelFatal = slog.Level(12)

// LogAttrNode is the record attribute that carries the node's fully
// qualified name; Node adds it to its logger.
const LogAttrNode = "node"

// ParseLogLevel reads a ROS 2 --log-level severity: debug, info, warn,
// error or fatal, in any case.
func ParseLogLevel(s string) (slog.Level, error) {
	switch strings.ToLower(s) {
	case "debug":
		return slog.LevelDebug, nil
	case "info":
		return slog.LevelInfo, nil
	case "warn", "warning":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	case "fatal":
		return LevelFatal, nil
	}
	return 0, fmt.Errorf("invalid log level %q: use debug, info, warn, error or fatal", s)
}

// Severity returns the ROS 2 severity name of a slog level.
func Severity(l slog.Level) string {
	switch {
	case l >= LevelFatal:
		return "FATAL"
	case l >= slog.LevelError:
		return "ERROR"
	case l >= slog.LevelWarn:
		return "WARN"
	case l >= slog.LevelInfo:
		return "INFO"
	}
	return "DEBUG"
}

// LoggerName converts a fully qualified node name such as /ego/planner_ebm
// to the ROS 2 logger name ego.planner_ebm.
func LoggerName(fqn string) string {
	return strings.ReplaceAll(strings.TrimPrefix(fqn, "/"), "/", ".")
}

// LogHandler writes records in the console format of rcutils' default
// output, "[SEVERITY] [SECONDS.NANOSECONDS] [LOGGER]: message", followed by
// the record's attributes as key=value. The logger is the ROS 2 logger name
// of the node attribute, or "ebm" for records of no node.
type LogHandler struct {
	out    *lockedWriter
	level  slog.Leveler
	logger string
	prefix string // group prefix of attribute keys
	attrs  string // preformatted attributes
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

// NewLogHandler returns a LogHandler writing records at level or above to w.
// A nil level means slog.LevelInfo.
func NewLogHandler(w io.Writer, level slog.Leveler) *LogHandler {
	if level == nil {
		level = slog.LevelInfo
	}
	return &LogHandler{out: &lockedWriter{w: w}, level: level, logger: "ebm"}
}

// Enabled implements slog.Handler.
func (h *LogHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= h.level.Level() }

// Handle implements slog.Handler.
func (h *LogHandler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	t := r.Time
	fmt.Fprintf(&b, "[%s] [%d.%09d] [%s]: %s", Severity(r.Level), t.Unix(), t.Nanosecond(), h.logger, r.Message)
	b.WriteString(h.attrs)
	r.Attrs(func(a slog.Attr) bool {
		appendAttr(&b, h.prefix, a)
		return true
	})
	b.WriteByte('\n')
	h.out.mu.Lock()
	defer h.out.mu.Unlock()
	_, err := io.WriteString(h.out.w, b.String())
	return err
}

// WithAttrs implements slog.Handler. A top-level node attribute becomes the
// logger name instead of a key=value pair.
func (h *LogHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	out := *h
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

// WithGroup implements slog.Handler.
func (h *LogHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	out := *h
	out.prefix = h.prefix + name + "."
	return &out
}

func appendAttr(b *strings.Builder, prefix string, a slog.Attr) {
	a.Value = a.Value.Resolve()
	if a.Equal(slog.Attr{}) {
		return
	}
	if a.Value.Kind() == slog.KindGroup {
		inner := prefix + a.Key + "."
		if a.Key == "" {
			inner = prefix // a group with an empty key is inlined
		}
		for _, g := range a.Value.Group() {
			appendAttr(b, inner, g)
		}
		return
	}
	v := a.Value.String()
	if v == "" || strings.ContainsAny(v, " \t\n\"=") {
		v = strconv.Quote(v)
	}
	b.WriteString(" " + prefix + a.Key + "=" + v)
}
