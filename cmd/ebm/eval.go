package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/ebm-av/ebm_av/eval"
)

func runEval(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ebm eval", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: ebm eval OUT... [-o REPORT_DIR] [--occupancy-params FILE]")
		fmt.Fprintln(fs.Output(), "Reports planner_ebm and occupancy_scorer, each for the bags that hold its outputs.")
		fs.PrintDefaults()
	}
	reportDir := fs.String("o", "", "directory for report.json, report.md, occupancy_report.json and occupancy_report.md (default: print only)")
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
	if len(plannerBags) == 0 && len(occupancyBags) == 0 {
		return fmt.Errorf("no bag contains %s or %s: evaluate the output of ebm replay, not its input", eval.DefaultPlannerTopics.Energies, eval.DefaultOccupancyTopics.Energies)
	}

	if len(plannerBags) > 0 {
		rep, err := eval.EvaluatePlannerBags(plannerBags, eval.DefaultPlannerTopics)
		if err != nil {
			return err
		}
		rep.WriteMarkdown(os.Stdout)
		if *reportDir != "" {
			if err := rep.WriteFiles(*reportDir); err != nil {
				return err
			}
		}
	}
	if len(occupancyBags) > 0 {
		var files []string
		if *occupancyParams != "" {
			files = append(files, *occupancyParams)
		}
		sc, err := eval.NewOccupancyScorer(files...)
		if err != nil {
			return err
		}
		rep, err := eval.EvaluateOccupancyBags(occupancyBags, eval.DefaultOccupancyTopics, sc, eval.DefaultOccupancyHorizons)
		if err != nil {
			return err
		}
		if len(plannerBags) > 0 {
			fmt.Println()
		}
		rep.WriteMarkdown(os.Stdout)
		if *reportDir != "" {
			return rep.WriteFiles(*reportDir)
		}
	}
	return nil
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
