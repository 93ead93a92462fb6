package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/ebm-av/ebm_av/eval"
)

// nodeReport is the report of one node, as ebm eval prints and writes it.
type nodeReport interface {
	WriteMarkdown(w io.Writer)
	WriteFiles(dir string) error
}

func runEval(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ebm eval", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: ebm eval OUT... [-o REPORT_DIR] [--occupancy-params FILE]")
		fmt.Fprintln(fs.Output(), "Reports planner_ebm, occupancy_scorer and fusion_monitor, each for the bags that hold its outputs.")
		fs.PrintDefaults()
	}
	reportDir := fs.String("o", "", "directory for report.json and report.md (planner_ebm), occupancy_report.json and occupancy_report.md, fusion_report.json and fusion_report.md (default: print only)")
	occupancyParams := fs.String("occupancy-params", "", "parameter file occupancy_scorer ran with, to score the real future the same way (default: the node defaults)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return errors.New("missing replay output bag")
	}
	plannerBags, err := bagsWithTopic(pos, eval.DefaultPlannerTopics.Energies)
	if err != nil {
		return err
	}
	occupancyBags, err := bagsWithTopic(pos, eval.DefaultOccupancyTopics.Energies)
	if err != nil {
		return err
	}
	fusionBags, err := bagsWithFusionOutputs(pos, eval.DefaultFusionTopics)
	if err != nil {
		return err
	}
	if len(plannerBags) == 0 && len(occupancyBags) == 0 && len(fusionBags) == 0 {
		ft := eval.DefaultFusionTopics
		return fmt.Errorf("no bag contains %s, %s, %s or a %q status on %s, the outputs of planner_ebm, occupancy_scorer and fusion_monitor: "+
			"replay the input with ebm replay BAG -o OUT --nodes NODE[,NODE...] and evaluate OUT",
			eval.DefaultPlannerTopics.Energies, eval.DefaultOccupancyTopics.Energies, ft.Diagnostics, ft.TimeSyncStatus, ft.DiagnosticArray)
	}

	var reports []nodeReport
	if len(plannerBags) > 0 {
		rep, err := eval.EvaluatePlannerBags(plannerBags, eval.DefaultPlannerTopics)
		if err != nil {
			return err
		}
		reports = append(reports, rep)
	}
	if len(occupancyBags) > 0 {
		rep, err := evalOccupancy(occupancyBags, *occupancyParams)
		if err != nil {
			return err
		}
		reports = append(reports, rep)
	}
	if len(fusionBags) > 0 {
		rep, err := eval.EvaluateFusionBags(fusionBags, eval.DefaultFusionTopics)
		if err != nil {
			return err
		}
		reports = append(reports, rep)
	}

	for i, rep := range reports {
		if i > 0 {
			fmt.Println()
		}
		rep.WriteMarkdown(os.Stdout)
		if *reportDir != "" {
			if err := rep.WriteFiles(*reportDir); err != nil {
				return err
			}
		}
	}
	return nil
}

// evalOccupancy evaluates occupancy_scorer over bags, scoring the real
// future with the parameter file paramFile when it is not empty.
func evalOccupancy(bags []string, paramFile string) (eval.OccupancyReport, error) {
	var files []string
	if paramFile != "" {
		files = append(files, paramFile)
	}
	sc, err := eval.NewOccupancyScorer(files...)
	if err != nil {
		return eval.OccupancyReport{}, err
	}
	return eval.EvaluateOccupancyBags(bags, eval.DefaultOccupancyTopics, sc, eval.DefaultOccupancyHorizons)
}

// bagsWithFusionOutputs returns the bags among paths that hold an output
// of fusion_monitor.
func bagsWithFusionOutputs(paths []string, topics eval.FusionTopics) ([]string, error) {
	var out []string
	for _, p := range paths {
		ok, err := eval.HasFusionOutputs(p, topics)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// bagsWithTopic returns the bags among paths that declare topic.
func bagsWithTopic(paths []string, topic string) ([]string, error) {
	var out []string
	for _, p := range paths {
		ok, err := eval.BagHasTopic(p, topic)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, p)
		}
	}
	return out, nil
}
