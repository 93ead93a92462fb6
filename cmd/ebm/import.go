package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/importer"
)

func runImport(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errors.New("missing data kind: ebm import commonroad SCENARIO.xml ... -o BAG")
	}
	switch args[0] {
	case "commonroad":
		return runImportCommonRoad(args[1:])
	}
	return fmt.Errorf("unknown data kind %q: supported is commonroad", args[0])
}

func runImportCommonRoad(args []string) error {
	fs := flag.NewFlagSet("ebm import commonroad", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: ebm import commonroad SCENARIO.xml [--solution FILE | --ego ID] -o BAG")
		fs.PrintDefaults()
	}
	var opts importer.CommonRoadOptions
	out := fs.String("o", "", "output bag directory (must not exist)")
	fs.StringVar(&opts.Solution, "solution", "", "CommonRoad solution file whose trajectory is the ego and human reference")
	fs.IntVar(&opts.EgoID, "ego", 0, "id of a recorded obstacle to use as the ego and human reference")
	fs.IntVar(&opts.PlanningProblem, "planning-problem", 0, "planning problem id (0: the first)")
	fs.Float64Var(&opts.CyclePeriod, "cycle-period", 1, "time between planning cycles, s")
	fs.IntVar(&opts.MaxCycles, "max-cycles", 0, "maximum number of planning cycles (0: no limit)")
	fs.Float64Var(&opts.BEV.Resolution, "bev-resolution", 0.5, "BEV cell size, m")
	fs.Float64Var(&opts.BEV.Length, "bev-length", 100, "BEV extent along the ego heading, m")
	fs.Float64Var(&opts.BEV.Width, "bev-width", 100, "BEV extent across the ego heading, m")
	fs.Float64Var(&opts.BEV.Behind, "bev-behind", 25, "BEV extent behind the ego, m")
	compression := fs.String("compression", "zstd", "chunk compression: zstd, lz4 or none")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return fmt.Errorf("expected one scenario file, got %d arguments", len(pos))
	}
	if *out == "" {
		return errors.New("missing output: give -o BAG")
	}
	opts.Writer, err = writerOptions(*compression)
	if err != nil {
		return err
	}
	sum, err := importer.ImportCommonRoad(pos[0], *out, opts)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(sum)
}

func writerOptions(compression string) (bag.WriterOptions, error) {
	switch compression {
	case "zstd":
		return bag.WriterOptions{Chunked: true, Compression: bag.CompressionZstd}, nil
	case "lz4":
		return bag.WriterOptions{Chunked: true, Compression: bag.CompressionLZ4}, nil
	case "none", "":
		return bag.WriterOptions{Chunked: true}, nil
	}
	return bag.WriterOptions{}, fmt.Errorf("invalid compression %q: use zstd, lz4 or none", compression)
}
