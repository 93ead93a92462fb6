package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/noderegistry"
	"github.com/ebm-av/ebm_av/plannernode"
	"github.com/ebm-av/ebm_av/replay"
)

func nodeNames() string { return strings.Join(noderegistry.Names(), ",") }

func runReplay(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ebm replay", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `usage: ebm replay BAG... -o OUT [--nodes planner_ebm] [--params-file FILE] [-p NAME:=VALUE ...] [--keep-outputs]

Plays the bags into the nodes on bag time and records the inputs and the
nodes' outputs to OUT, then prints a JSON summary. Input messages on a
topic that a node publishes, such as the outputs in an earlier replay's bag
or /rosout and /diagnostics, are dropped and counted under
"dropped_outputs", so OUT holds only the new outputs on those topics.
/tf and /tf_static are always played because a stack has several
publishers on them.`)
		fs.PrintDefaults()
	}
	out := fs.String("o", "", "output bag directory (must not exist)")
	nodes := fs.String("nodes", plannernode.NodeName, "comma-separated nodes to run: "+nodeNames())
	compression := fs.String("compression", "zstd", "chunk compression of the output: zstd, lz4 or none")
	keepOutputs := fs.Bool("keep-outputs", false, keepOutputsHelp)
	var paramFiles, params stringList
	fs.Var(&paramFiles, "params-file", "ROS 2 YAML parameter file applied to every node; repeatable")
	fs.Var(&params, "p", "parameter override NAME:=VALUE applied to every node; repeatable")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return errors.New("missing input bag")
	}
	if *out == "" {
		return errors.New("missing output: give -o OUT")
	}
	specs, err := nodeSpecs(*nodes, paramFiles, params)
	if err != nil {
		return err
	}
	opts := replay.Options{Inputs: pos, Output: *out, Nodes: specs, KeepOutputs: *keepOutputs}
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

// keepOutputsHelp is the help of the --keep-outputs flag of ebm replay and
// ebm launch.
const keepOutputsHelp = "also play and record input messages on topics that a node publishes, so old and new outputs are mixed in the output bag"

func nodeSpecs(list string, paramFiles, params []string) ([]replay.NodeSpec, error) {
	rosArgv := []string{"--ros-args"}
	for _, f := range paramFiles {
		rosArgv = append(rosArgv, "--params-file", f)
	}
	for _, p := range params {
		rosArgv = append(rosArgv, "-p", p)
	}
	args, _, err := node.ParseArgs(rosArgv)
	if err != nil {
		return nil, err
	}
	var specs []replay.NodeSpec
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		start, ok := noderegistry.Lookup(name)
		if !ok {
			return nil, fmt.Errorf("unknown node %q: known nodes are %s", name, nodeNames())
		}
		specs = append(specs, replay.NodeSpec{Name: name, Start: start, Args: args})
	}
	return specs, nil
}

// stringList collects a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }
