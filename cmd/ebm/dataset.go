package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/ebm-av/ebm_av/learn"
)

func runDataset(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ebm dataset", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: ebm dataset -data RECORDED_DIR -o DATASET.gob.gz [-sites highD,exiD,SinD]")
		fs.PrintDefaults()
	}
	var opts learn.DatasetOptions
	data := fs.String("data", "", "directory holding one subdirectory of CommonRoad scenarios per site")
	out := fs.String("o", "", "output dataset file (gzip-compressed gob)")
	sites := fs.String("sites", strings.Join(learn.Sites, ","), "comma-separated sites to include")
	fs.IntVar(&opts.Experts.MaxExperts, "experts", 12, "maximum experts (recorded vehicles) per scenario")
	fs.IntVar(&opts.Experts.MaxCycles, "cycles", 4, "maximum planning cycles per expert")
	fs.Float64Var(&opts.Experts.CyclePeriod, "cycle-period", 2, "time between the cycles of one expert, s")
	fs.Float64Var(&opts.Experts.MinFuture, "min-future", 3, "shortest recorded future of a cycle, s")
	fs.IntVar(&opts.MaxCandidates, "candidates", 48, "maximum candidates per set")
	seed := fs.Uint64("seed", 1, "seed of the expert draw and the negatives")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if *data == "" || *out == "" {
		fs.Usage()
		return errors.New("missing -data or -o")
	}
	opts.Seed, opts.Experts.Seed = *seed, *seed
	start := time.Now()
	ds, err := learn.BuildDataset(*data, strings.Split(*sites, ","), opts)
	if err != nil {
		return err
	}
	if err := ds.Save(*out); err != nil {
		return err
	}
	slog.Info("dataset written", "path", *out, "sets", len(ds.Sets), "elapsed", time.Since(start).Round(time.Millisecond))
	return nil
}
