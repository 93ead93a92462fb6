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
		fmt.Fprintln(fs.Output(), "usage: ebm eval OUT... [-o REPORT_DIR]")
		fs.PrintDefaults()
	}
	reportDir := fs.String("o", "", "directory for report.json and report.md (default: print only)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return errors.New("missing replay output bag")
	}
	rep, err := eval.EvaluatePlannerBags(pos, eval.DefaultPlannerTopics)
	if err != nil {
		return err
	}
	rep.WriteMarkdown(os.Stdout)
	if *reportDir != "" {
		return rep.WriteFiles(*reportDir)
	}
	return nil
}
