// Package nodecli is the shared main of the node executables: it parses the
// ROS 2 arguments and runs one node over bag replay or, with --transport,
// over a live transport this build registers (dds with the build tag
// cyclonedds).
package nodecli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/replay"
)

// Main runs the node named name and exits with its status.
func Main(name string, start replay.Starter) {
	if err := run(name, start, os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1)
	}
}

// bagList collects repeated --bag flags.
type bagList []string

func (b *bagList) String() string     { return strings.Join(*b, ",") }
func (b *bagList) Set(v string) error { *b = append(*b, v); return nil }

func run(name string, start replay.Starter, argv []string) error {
	rosArgs, rest, err := node.ParseArgs(argv)
	if err != nil {
		return err
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	var bags bagList
	fs.Var(&bags, "bag", "input bag directory or .mcap file; repeat for several bags")
	out := fs.String("o", "", "output bag directory for --bag replay (must not exist)")
	transport := fs.String("transport", "", "run live over this transport (dds) instead of replaying bags")
	keepOutputs := fs.Bool("keep-outputs", false, "also play input messages on topics the node publishes, such as the outputs of an earlier replay (dropped by default)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: %s --bag BAG [--bag BAG ...] -o OUT [--ros-args -p NAME:=VALUE --params-file FILE -r FROM:=TO]\n", name)
		fmt.Fprintf(fs.Output(), "       %s --transport NAME [--ros-args ...]\n", name)
		fs.PrintDefaults()
		if len(transports) == 0 {
			fmt.Fprintln(fs.Output(), "\nThis build has no live transport; build with -tags cyclonedds for --transport dds.")
		} else {
			fmt.Fprintf(fs.Output(), "\nLive transports of this build: %v\n", transportNames())
		}
	}
	if err := fs.Parse(rest); err != nil {
		if err == flag.ErrHelp {
			return nil
		}
		return err
	}
	if *transport != "" && (len(bags) > 0 || *out != "" || *keepOutputs) {
		return fmt.Errorf("--transport runs the node live: drop --bag, -o and --keep-outputs, or drop --transport to replay bags")
	}
	if *transport == "" && len(bags) == 0 && *out == "" && len(transports) == 1 {
		// A build with one live transport runs live by default, as a ROS 2
		// node started by ros2 launch or ros2 run expects.
		*transport = transportNames()[0]
	}
	if *transport == "" && (len(bags) == 0 || *out == "") {
		fs.Usage()
		return fmt.Errorf("no transport: give --bag BAG and -o OUT to replay a bag through the node, or --transport NAME to run it live")
	}
	level := slog.LevelInfo
	logger := node.LoggerName(strings.TrimSuffix(rosArgs.NamespaceFor(name, "/"), "/") + "/" + rosArgs.NodeNameFor(name))
	if l := rosArgs.LogLevelFor(logger); l != "" {
		if level, err = node.ParseLogLevel(l); err != nil {
			return fmt.Errorf("--log-level: %w", err)
		}
	}
	log := slog.New(node.NewLogHandler(os.Stderr, level))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *transport != "" {
		return runLive(ctx, *transport, name, start, rosArgs, log, os.Stdout)
	}
	sum, err := replay.Run(ctx, replay.Options{
		Inputs: bags, Output: *out, Logger: log,
		Writer:      bag.WriterOptions{Chunked: true, Compression: bag.CompressionZstd},
		Nodes:       []replay.NodeSpec{{Name: name, Start: start, Args: rosArgs}},
		KeepOutputs: *keepOutputs,
	})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(sum)
}
