package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ebm-av/ebm_av/launchfile"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/node/inproc"
	"github.com/ebm-av/ebm_av/noderegistry"
	"github.com/ebm-av/ebm_av/replay"
)

// launchPackage is the only package whose nodes ebm launch can compose.
const launchPackage = "ebm_av"

func runLaunch(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ebm launch", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `usage: ebm launch [ebm_av] FILE [NAME:=VALUE ...] [--bag BAG ... -o OUT [--keep-outputs]] [--check]

Runs the nodes of a ros2 launch XML file composed in one process over the
in-process transport. With --bag (or a "ros2 bag play" <executable> in the
file) the nodes run over the bags on bag time and their outputs go to OUT;
without, they run on the system clock until interrupted. As in ebm
replay, input messages on a topic that a node publishes (except /tf and
/tf_static) are dropped unless --keep-outputs is given. As with ros2
launch, "ebm launch ebm_av ebm.launch.xml" finds the file in the launch
directory of the package share: above the working directory, on
AMENT_PREFIX_PATH, or beside an installed lib/ebm_av/ebm.`)
		fs.PrintDefaults()
	}
	var bags stringList
	fs.Var(&bags, "bag", "input bag directory or .mcap file; repeat for several bags, merged by log time")
	out := fs.String("o", "", "output bag directory for a bag replay (must not exist)")
	keepOutputs := fs.Bool("keep-outputs", false, keepOutputsHelp)
	check := fs.Bool("check", false, "start the nodes, print what was started as JSON and exit")
	compression := fs.String("compression", "zstd", "chunk compression of the output: zstd, lz4 or none")
	logLevel := fs.String("log-level", "info", "lowest severity logged: debug, info, warn, error or fatal")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return errors.New("missing launch file")
	}
	level, err := node.ParseLogLevel(*logLevel)
	if err != nil {
		return fmt.Errorf("-log-level: %w", err)
	}
	log := slog.New(node.NewLogHandler(os.Stderr, level))
	file := pos[0]
	if file == launchPackage && len(pos) > 1 && !strings.Contains(pos[1], ":=") {
		if file, err = packageLaunchFile(pos[1]); err != nil {
			return err
		}
		pos = pos[1:]
	}
	launchArgs, err := parseLaunchArgs(pos[1:])
	if err != nil {
		return err
	}
	desc, err := launchfile.Load(file, launchfile.Options{Args: launchArgs})
	if err != nil {
		return err
	}
	specs, played, err := composeLaunch(desc)
	if err != nil {
		return err
	}
	inputs := append(played, bags...)
	if len(inputs) == 0 {
		return runLive(ctx, log, specs, *check)
	}
	if *out == "" {
		return fmt.Errorf("missing output: give -o OUT to record the replay of %s", strings.Join(inputs, ", "))
	}
	if err := preflight(specs); err != nil {
		return err
	}
	opts := replay.Options{Inputs: inputs, Output: *out, Nodes: specs, Logger: log, KeepOutputs: *keepOutputs}
	if opts.Writer, err = writerOptions(*compression); err != nil {
		return err
	}
	sum, err := replay.Run(ctx, opts)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(sum)
}

// packageLaunchFile returns the path of launch/NAME in the ebm_av share
// directory.
func packageLaunchFile(name string) (string, error) {
	var tried []string
	find := func(near string) (string, bool) {
		share, err := launchfile.FindPackageShare(launchPackage, near)
		if err != nil {
			return "", false
		}
		path := filepath.Join(share, "launch", name)
		tried = append(tried, path)
		_, err = os.Stat(path)
		return path, err == nil
	}
	if wd, err := os.Getwd(); err == nil {
		if path, ok := find(filepath.Join(wd, name)); ok {
			return path, nil
		}
	}
	// An installed ebm sits in PREFIX/lib/ebm_av; its share is PREFIX/share/ebm_av.
	if exe, err := os.Executable(); err == nil {
		if path, ok := find(filepath.Join(filepath.Dir(exe), "..", "..", "share", launchPackage, "launch", name)); ok {
			return path, nil
		}
	}
	return "", fmt.Errorf("launch file %s of package %s not found (tried %s): run from the source checkout or source the workspace's install/setup.bash",
		name, launchPackage, strings.Join(tried, ", "))
}

// parseLaunchArgs reads NAME:=VALUE launch arguments.
func parseLaunchArgs(words []string) (map[string]string, error) {
	out := map[string]string{}
	for _, w := range words {
		name, value, ok := strings.Cut(w, ":=")
		if !ok || name == "" {
			return nil, fmt.Errorf("invalid launch argument %q: write NAME:=VALUE", w)
		}
		out[name] = value
	}
	return out, nil
}

// composeLaunch maps the node actions of desc to registered node starters
// and returns the bags of its "ros2 bag play" executables.
func composeLaunch(desc *launchfile.Description) ([]replay.NodeSpec, []string, error) {
	var specs []replay.NodeSpec
	seen := map[string]string{}
	for _, n := range desc.Nodes {
		if n.Package != launchPackage {
			return nil, nil, fmt.Errorf("%s: package %q: ebm launch runs only %s nodes; start this one with ros2 launch", n.Source, n.Package, launchPackage)
		}
		start, ok := noderegistry.Lookup(n.Executable)
		if !ok {
			return nil, nil, fmt.Errorf("%s: exec %q is not registered in this build of ebm (registered: %s); leave it out of the launch, for example with its launch argument set to false",
				n.Source, n.Executable, nodeNames())
		}
		fqn := n.Executable
		if n.Name != "" {
			fqn = n.Name
		}
		fqn = strings.TrimSuffix(n.Namespace, "/") + "/" + fqn
		if prev, dup := seen[fqn]; dup {
			return nil, nil, fmt.Errorf("%s: node %s is already launched at %s: give one of them another name or namespace", n.Source, fqn, prev)
		}
		seen[fqn] = n.Source
		specs = append(specs, replay.NodeSpec{Name: n.Executable, Start: start, Args: n.RosArgs()})
	}
	var bags []string
	for _, e := range desc.Executables {
		bag, err := bagPlayInput(e.Cmd)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", e.Source, err)
		}
		bags = append(bags, bag)
	}
	return specs, bags, nil
}

// bagPlayValueOptions lists the options of ros2 bag play (Humble) that take
// a value, so the value is not mistaken for the bag.
var bagPlayValueOptions = map[string]bool{
	"-r": true, "--rate": true, "-s": true, "--storage": true, "--read-ahead-queue-size": true,
	"--qos-profile-overrides-path": true, "--start-offset": true, "-d": true, "--delay": true,
	"--storage-config-file": true, "--clock": false,
}

// bagPlayInput returns the bag of a "ros2 bag play BAG [OPTIONS]" command.
func bagPlayInput(cmd []string) (string, error) {
	if len(cmd) < 3 || cmd[0] != "ros2" || cmd[1] != "bag" || cmd[2] != "play" {
		return "", fmt.Errorf("<executable cmd=%q> is not supported: ebm launch runs %s nodes and replays ros2 bag play commands", strings.Join(cmd, " "), launchPackage)
	}
	for i := 3; i < len(cmd); i++ {
		w := cmd[i]
		if strings.HasPrefix(w, "-") {
			if bagPlayValueOptions[w] {
				i++
			}
			continue
		}
		return w, nil
	}
	return "", fmt.Errorf("ros2 bag play command %q names no bag", strings.Join(cmd, " "))
}

// preflight starts every node once on a bus of its own and stops it, so a
// parameter error in any node fails before the replay creates its output.
func preflight(specs []replay.NodeSpec) error {
	quiet := slog.New(slog.DiscardHandler)
	for _, spec := range specs {
		args := spec.Args
		args.Params = append(append([]node.ParamEntry(nil), args.Params...),
			node.ParamEntry{Name: "use_sim_time", Value: true, Source: "replay"})
		n, err := spec.Start(node.Options{Transport: inproc.New(func() int64 { return 0 }), Clock: &node.SimClock{}, Logger: quiet, Args: args})
		if err != nil {
			return fmt.Errorf("start %s: %w", spec.Name, err)
		}
		n.Shutdown()
	}
	return nil
}

// runLive starts the nodes on an in-process bus with the system clock and
// keeps them running until ctx ends, or stops at once with check set.
func runLive(ctx context.Context, log *slog.Logger, specs []replay.NodeSpec, check bool) error {
	bus := inproc.New(func() int64 { return time.Now().UnixNano() })
	type started struct {
		Executable string `json:"executable"`
		Node       string `json:"node"`
	}
	var list []started
	for _, spec := range specs {
		n, err := spec.Start(node.Options{Transport: bus, Logger: log, Args: spec.Args})
		if err != nil {
			return fmt.Errorf("start %s: %w", spec.Name, err)
		}
		defer n.Shutdown()
		list = append(list, started{Executable: spec.Name, Node: n.FullyQualifiedName()})
	}
	if check {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(list)
	}
	log.Info("nodes running on the in-process transport; interrupt to stop", "nodes", len(list))
	<-ctx.Done()
	log.Info("stopping", "reason", context.Cause(ctx))
	return nil
}
