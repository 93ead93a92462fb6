package nodecli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"

	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/replay"
)

// TransportFactory opens a live transport for one node. The node's name
// and namespace, after --ros-args remapping, let the transport announce
// the node to ROS 2 graph tools.
type TransportFactory func(nodeName, namespace string, log *slog.Logger) (node.Transport, io.Closer, error)

var transports = map[string]TransportFactory{}

// RegisterTransport makes a live transport available as --transport name.
// Backends register from init functions in files behind their build tags.
func RegisterTransport(name string, f TransportFactory) {
	if _, dup := transports[name]; dup {
		panic("nodecli: transport " + name + " registered twice")
	}
	transports[name] = f
}

// transportNames returns the registered transport names in sorted order.
func transportNames() []string {
	names := make([]string, 0, len(transports))
	for n := range transports {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// LiveSummary reports a live run when the node stops.
type LiveSummary struct {
	Node string `json:"node"`
	// Rejected counts input messages the node dropped because they failed
	// to decode or to validate, per topic.
	Rejected map[string]int `json:"rejected"`
}

// runLive runs one node over a registered transport until ctx ends, then
// writes a LiveSummary as JSON to out.
func runLive(ctx context.Context, transport, name string, start replay.Starter, args node.Args, log *slog.Logger, out io.Writer) error {
	open, ok := transports[transport]
	if !ok {
		if len(transports) == 0 {
			return fmt.Errorf("unknown transport %q: this build has none; rebuild with -tags cyclonedds for --transport dds", transport)
		}
		return fmt.Errorf("unknown transport %q: use one of %v", transport, transportNames())
	}
	// The same __node and __ns rules, with or without a node prefix, that
	// node.New applies.
	nodeName, ns := args.NodeNameFor(name), args.NamespaceFor(name, "/")
	tr, closer, err := open(nodeName, ns, log)
	if err != nil {
		return fmt.Errorf("open transport %s: %w", transport, err)
	}
	defer closer.Close()
	n, err := start(node.Options{Transport: tr, Logger: log, Args: args})
	if err != nil {
		return err
	}
	log.Info("node running; stop it with SIGINT or SIGTERM", "node", n.FullyQualifiedName(), "transport", transport, "pid", os.Getpid())
	<-ctx.Done()
	sum := LiveSummary{Node: n.FullyQualifiedName(), Rejected: n.DecodeErrors()}
	log.Info("node stopped", "node", sum.Node, "rejected", sum.Rejected)
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(sum)
}
