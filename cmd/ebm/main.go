// Command ebm is the ebm_av command-line tool. It imports real and generated
// data into rosbag2 bags, replays bags through the nodes, evaluates replay
// outputs, trains the learned energy, runs launch files and the built-in
// demo, and plays and records bags over DDS.
//
// Usage:
//
//	ebm demo [-o DIR]
//	ebm import commonroad SCENARIO.xml [--solution FILE | --ego ID] -o BAG
//	ebm import kitti DIR -o BAG
//	ebm replay BAG... -o OUT [--nodes planner_ebm,occupancy_scorer,fusion_monitor]
//	ebm eval OUT... [-o REPORT_DIR]
//	ebm dataset ... / ebm train ...
//	ebm launch FILE [name:=value ...] [--bag BAG -o OUT]
//	ebm play BAG / ebm record -o OUT TOPIC...   (build tag cyclonedds)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string) error
}

var commands = []command{
	{"demo", "generate the built-in scene, import, replay and evaluate it", runDemo},
	{"import", "import data into a bag: ebm import commonroad|kitti ...", runImport},
	{"replay", "run the nodes over bags and record inputs and outputs", runReplay},
	{"eval", "evaluate replay outputs and write JSON and Markdown reports", runEval},
	{"dataset", "build learned-energy training sets from recorded scenarios", runDataset},
	{"train", "train the learned energy per held-out site and evaluate it", runTrain},
	{"launch", "run the nodes of a ros2 launch XML file in one process", runLaunch},
	{"play", "publish a bag's topics over DDS (build tag cyclonedds)", runPlay},
	{"record", "record DDS topics into a bag (build tag cyclonedds)", runRecord},
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: ebm COMMAND [ARGS]\n\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(os.Stderr, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(os.Stderr, "\nRun 'ebm COMMAND -h' for the options of a command.")
}

func main() {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})))
	if len(os.Args) < 2 || os.Args[1] == "-h" || os.Args[1] == "--help" || os.Args[1] == "help" {
		usage()
		if len(os.Args) < 2 {
			os.Exit(2)
		}
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	for _, c := range commands {
		if c.name == os.Args[1] {
			if err := c.run(ctx, os.Args[2:]); err != nil {
				if errors.Is(err, flag.ErrHelp) {
					return
				}
				fmt.Fprintln(os.Stderr, "ebm "+c.name+":", err)
				os.Exit(1)
			}
			return
		}
	}
	fmt.Fprintf(os.Stderr, "ebm: unknown command %q\n\n", os.Args[1])
	usage()
	os.Exit(2)
}

// parseInterspersed parses flags that may appear before, between or after
// positional arguments, as users of ros2 and colcon expect.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}
