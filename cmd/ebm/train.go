package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/ebm-av/ebm_av/ebm/train"
	"github.com/ebm-av/ebm_av/learn"
)

func runTrain(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ebm train", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: ebm train -dataset DATASET.gob.gz -o OUT_DIR [-holdout SITE|all] [-data RECORDED_DIR]")
		fs.PrintDefaults()
	}
	var opts learn.TrainOptions
	dataset := fs.String("dataset", "", "dataset file written by ebm dataset")
	out := fs.String("o", "", "output directory for model-<site>.safetensors, report.md and reliability-<site>.png (one panel per method, learned last)")
	holdout := fs.String("holdout", "all", "site held out for testing, or all for each site in turn")
	data := fs.String("data", "", "recorded scenario directory for the held-out evaluation (empty: train only)")
	valFraction := fs.Float64("validation", 0.25, "fraction of each training site's scenarios, the last in recording order, used for validation")
	loss := fs.String("loss", "softmax", "ranking loss: softmax or margin")
	margin := fs.Float64("margin", 1, "margin of the margin loss, energy units")
	audit := fs.Bool("audit", false, "also train on each site alone and test on each other site")
	closedLoop := fs.Bool("closed-loop", true, "with -data, also run the non-reactive closed-loop evaluation (3 starts per scenario, 8 s, re-planning every 1 s)")
	fs.IntVar(&opts.Epochs, "epochs", 40, "maximum epochs")
	fs.IntVar(&opts.Patience, "patience", 6, "epochs without a lower validation loss before stopping")
	fs.IntVar(&opts.BatchSize, "batch", 8, "sets per optimiser step")
	fs.Float64Var(&opts.LearningRate, "lr", 3e-3, "Adam learning rate")
	hidden := fs.Int("hidden", 32, "width of the head's hidden layer")
	fs.Uint64Var(&opts.Seed, "seed", 1, "seed of the initial weights and the batch order")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if *dataset == "" || *out == "" {
		fs.Usage()
		return errors.New("missing -dataset or -o")
	}
	switch *loss {
	case "softmax":
		opts.Loss = train.Softmax{Temperature: 1}
	case "margin":
		opts.Loss = train.Margin{Margin: *margin}
	default:
		return fmt.Errorf("invalid -loss %q: use softmax or margin", *loss)
	}
	opts.Hidden = []int{*hidden}
	opts.Progress = os.Stderr
	opts.Context = ctx

	ds, err := learn.LoadDataset(*dataset)
	if err != nil {
		return err
	}
	sites := learn.Sites
	if *holdout != "all" {
		sites = []string{*holdout}
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	experts := learn.ExpertOptions{ExpertSelection: ds.Experts}
	var reports []*learn.SiteReport
	for _, site := range sites {
		if err := ctx.Err(); err != nil {
			return err
		}
		var clo *learn.ClosedLoopOptions
		if *closedLoop {
			clo = &learn.ClosedLoopOptions{}
		}
		m, rep, err := learn.HoldOutRun(ds, *data, site, *valFraction, experts, opts, clo)
		if err != nil {
			return err
		}
		provenance := fmt.Sprintf("ebm train on %s (%d sets), seed %d", filepath.Base(*dataset), len(ds.Sets), opts.Seed)
		if err := writeSiteOutputs(*out, site, provenance, m, rep); err != nil {
			return err
		}
		reports = append(reports, rep)
	}

	var md strings.Builder
	if err := learn.WriteMarkdown(&md, reports); err != nil {
		return err
	}
	if *audit {
		rows, err := learn.Audit(ds, *valFraction, opts)
		if err != nil {
			return err
		}
		md.WriteString("\n")
		if err := learn.WriteAudit(&md, rows); err != nil {
			return err
		}
	}
	fmt.Print(md.String())
	return os.WriteFile(filepath.Join(*out, "report.md"), []byte(md.String()), 0o644)
}

// writeSiteOutputs writes the model trained without site and, after an
// evaluation, its reliability diagram with one panel per method.
func writeSiteOutputs(out, site, provenance string, m *learn.Model, rep *learn.SiteReport) error {
	path := filepath.Join(out, "model-"+site+".safetensors")
	if err := m.Save(path, provenance, rep.Split.String()); err != nil {
		return err
	}
	slog.Info("model written", "path", path, "analytic_weights", m.PlannerWeights(), "temperature", m.Temperature)
	if len(rep.Results) == 0 {
		return nil
	}
	var panels []learn.ReliabilityPanel
	for _, r := range rep.Results {
		panels = append(panels, learn.ReliabilityPanel{Before: r.BinsBefore, After: r.BinsAfter})
	}
	return learn.WriteReliabilityPNG(filepath.Join(out, "reliability-"+site+".png"), panels)
}
