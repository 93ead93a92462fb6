package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/demo"
	"github.com/ebm-av/ebm_av/eval"
	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/plannernode"
	"github.com/ebm-av/ebm_av/replay"
)

func runDemo(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ebm demo", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: ebm demo [-o DIR]\n\nGenerates a synthetic three-lane motorway scene, imports it, replays it through planner_ebm and evaluates the result.")
		fs.PrintDefaults()
	}
	dir := fs.String("o", filepath.Join("out", "demo-"+time.Now().Format("20060102-150405")), "output directory (must not exist)")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if _, err := os.Stat(*dir); err == nil {
		return fmt.Errorf("output directory %s exists: choose another with -o", *dir)
	}
	scenario, solution, err := demo.Write(filepath.Join(*dir, "scene"))
	if err != nil {
		return err
	}
	input := filepath.Join(*dir, "input")
	writer := bag.WriterOptions{Chunked: true, Compression: bag.CompressionZstd}
	if _, err := importer.ImportCommonRoad(scenario, input, importer.CommonRoadOptions{Solution: solution, Writer: writer}); err != nil {
		return err
	}
	// The replay bag is named after the scenario, which names it in the report.
	output := filepath.Join(*dir, "replay", demo.ScenarioID)
	if err := os.MkdirAll(filepath.Dir(output), 0o755); err != nil {
		return err
	}
	sum, err := replay.Run(ctx, replay.Options{
		Inputs: []string{input}, Output: output, Writer: writer,
		Nodes: []replay.NodeSpec{{Name: plannernode.NodeName, Start: plannernode.Start}},
	})
	if err != nil {
		return err
	}
	rep, err := eval.EvaluatePlannerBags([]string{output}, eval.DefaultPlannerTopics)
	if err != nil {
		return err
	}
	reportDir := filepath.Join(*dir, "report")
	if err := rep.WriteFiles(reportDir); err != nil {
		return err
	}
	fmt.Printf("\nplanner_ebm on the built-in scene %s: %d input messages, %d energy messages\n\n",
		demo.ScenarioID, sum.InputMessages, sum.Outputs["/planner_ebm/energies"])
	rep.WriteMarkdown(os.Stdout)
	fmt.Printf("\nscene:  %s\ninput:  %s\nreplay: %s\nreport: %s\n", filepath.Dir(scenario), input, output, reportDir)
	return nil
}
