// Command ebm-rclgo runs one ebm_av node as an rcl node through rclgo:
//
//	ebm-rclgo planner_ebm [--ros-args -p NAME:=VALUE --params-file FILE -r FROM:=TO]
//
// The ROS 2 arguments are parsed by the node runtime of the main module, as
// in replay, and are not passed to rcl_init, so each remapping is applied
// once. The node follows /clock when use_sim_time is true.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/tiiuae/rclgo/pkg/rclgo"

	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/noderegistry"
	"github.com/ebm-av/ebm_av/ros2/rclgo/rcltransport"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "ebm-rclgo: %v\n", err)
		os.Exit(1)
	}
}

func run(argv []string) (err error) {
	if len(argv) == 0 || strings.HasPrefix(argv[0], "-") {
		return fmt.Errorf("usage: ebm-rclgo NODE [--ros-args ...]; NODE is one of %s",
			strings.Join(noderegistry.Names(), ", "))
	}
	exec := argv[0]
	start, ok := noderegistry.Lookup(exec)
	if !ok {
		return fmt.Errorf("unknown node %q: use one of %s", exec, strings.Join(noderegistry.Names(), ", "))
	}
	rosArgs, rest, err := node.ParseArgs(argv[1:])
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("unexpected arguments %q: pass node settings after --ros-args", rest)
	}
	level := slog.LevelInfo
	if rosArgs.LogLevel != "" {
		if err := level.UnmarshalText([]byte(rosArgs.LogLevel)); err != nil {
			return fmt.Errorf("invalid --log-level %q: use debug, info, warn or error", rosArgs.LogLevel)
		}
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	if err := rclgo.Init(nil); err != nil {
		return fmt.Errorf("rcl init: %w", err)
	}
	defer func() { err = errors.Join(err, rclgo.Uninit()) }()

	// The rcl node must exist before the node logic advertises, so its
	// name is resolved here the way package node resolves it.
	name, ns := exec, "/"
	if rosArgs.NodeName != "" {
		name = rosArgs.NodeName
	}
	if rosArgs.Namespace != "" {
		ns = rosArgs.Namespace
	}
	rclNode, err := rclgo.NewNode(name, ns)
	if err != nil {
		return fmt.Errorf("rcl node %s in %s: %w", name, ns, err)
	}

	// With use_sim_time, package node subscribes to /clock before the node
	// logic subscribes to its inputs. Transport.Spin runs ready callbacks in
	// creation order, so a /clock sample advances the clock before an input
	// that arrived with it is handled.
	transport := rcltransport.New(rclNode, log)
	n, err := start(node.Options{Transport: transport, Logger: log, Args: rosArgs})
	if err != nil {
		return err
	}
	defer n.Shutdown()
	if n.FullyQualifiedName() != rclNode.FullyQualifiedName() {
		return fmt.Errorf("node name %s differs from the rcl node name %s", n.FullyQualifiedName(), rclNode.FullyQualifiedName())
	}
	transport.SetClock(n.Clock())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log.Info("spinning", "node", n.FullyQualifiedName(), "use_sim_time", n.Params.Bool("use_sim_time"))
	if err := transport.Spin(ctx); err != nil {
		return err
	}
	log.Info("stopped", "node", n.FullyQualifiedName(), "decode_errors", n.DecodeErrors())
	return nil
}
