package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/fusionnode"
	"github.com/ebm-av/ebm_av/importer"
)

func runImport(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errors.New("missing data kind: ebm import commonroad SCENARIO.xml ... -o BAG or ebm import kitti DIR -o BAG")
	}
	switch args[0] {
	case "commonroad":
		return runImportCommonRoad(args[1:])
	case "kitti":
		return runImportKITTI(args[1:])
	case "-h", "-help", "--help":
		fmt.Fprintln(os.Stderr, "usage: ebm import commonroad SCENARIO.xml [--solution FILE | --ego ID] -o BAG")
		fmt.Fprintln(os.Stderr, "       ebm import kitti DIR -o BAG")
		fmt.Fprintln(os.Stderr, "Run 'ebm import commonroad -h' or 'ebm import kitti -h' for the options.")
		return flag.ErrHelp
	}
	return fmt.Errorf("unknown data kind %q: supported are commonroad and kitti", args[0])
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
	fs.BoolVar(&opts.Occupancy, "occupancy", true, "write BEV occupancy history, forecasts, masks and the real future for occupancy_scorer (200×200 cells at 0.5 m, 1 s past, 3 s future every 0.25 s)")
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
	return printJSON(sum)
}

func printJSON(v any) error {
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
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

// runImportKITTI imports an object-benchmark split directory (calib/,
// image_2/, velodyne/, label_2/) or a raw drive directory
// (…/2011_09_26_drive_0001_sync), recognised by their contents.
func runImportKITTI(args []string) error {
	fs := flag.NewFlagSet("ebm import kitti", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: ebm import kitti DIR -o BAG [--perturb "+importer.PerturbExample+"] [--ego-speed "+importer.EgoSpeedExample+"]")
		fmt.Fprintln(fs.Output(), "DIR is an object-benchmark split (calib/, image_2/, velodyne/, label_2/) or a raw drive directory")
		fmt.Fprintln(fs.Output(), "whose parent holds calib_cam_to_cam.txt and calib_velo_to_cam.txt.")
		fs.PrintDefaults()
	}
	var opts importer.KITTIOptions
	var raw importer.KITTIRawOptions
	out := fs.String("o", "", "output bag directory (must not exist)")
	frames := fs.String("frames", "", "object split: comma-separated frame ids, for example 000000,000001 (default: all); a repeated id plays that frame again")
	fs.Float64Var(&opts.Period, "period", 0.1, "object split: time between frames in the bag, s")
	fs.StringVar(&opts.UnknownClass, "unknown-class", "Cyclist", "object split: class held out of the stand-in detector's training")
	fs.IntVar(&opts.SamplesPerObject, "samples", 100, "object split: jittered training and validation samples per labelled box")
	perturb := fs.String("perturb", "", "object split: calibration drift to inject, as comma-separated AXIS=VALUE terms, for example "+importer.PerturbExample+".\n"+
		"roll, pitch and yaw rotate about the LiDAR x, y and z axes and take deg or rad; x, y and z translate along them\n"+
		"and take m or cm. Every value needs its unit. /tf_static then carries Tr_velo_to_cam∘D, where D moves LiDAR points\n"+
		"by Rz(yaw)·Ry(pitch)·Rx(roll) and then the translation; the detections keep the published extrinsic. The summary\n"+
		"records the published and drifted extrinsics and the drift in degrees and centimetres, the units of fusion_monitor's\n"+
		"correction_rotation and correction_translation: an estimated correction that undoes the drift is close to its negation")
	egoSpeed := fs.String("ego-speed", "", "object split: forward speeds of frames as comma-separated ID=SPEED terms with the unit m/s or km/h,\n"+
		"negative when reversing, for example "+importer.EgoSpeedExample+". Each listed frame gets a nav_msgs/Odometry on\n"+
		importer.TopicOdometry+" at its stamp, so fusion_monitor de-skews its scan. Once odometry has arrived, fusion_monitor\n"+
		"scores a frame left out as measured and reports WARN. KITTI object frames record no speed: the values are yours")
	camera := fs.Int("camera", 2, "raw drive: camera whose trigger times are written, 0 to 3")
	fs.Float64Var(&raw.Shift, "shift", 0, "raw drive: seconds added to every camera stamp, to inject a time-sync fault.\n"+
		"fusion_monitor learns its nominal offset over its first time_sync.warm_up pairs (default 10), so it would\n"+
		"take the shifted offset as nominal. A non-zero shift therefore also writes time_sync.warm_up 0 and\n"+
		"time_sync.nominal_offset, the offset of the recorded stamps, to BAG/"+importer.FusionParamsFile+":\n"+
		"replay with --params-file and that file to see the fault")
	compression := fs.String("compression", "zstd", "chunk compression: zstd, lz4 or none")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return fmt.Errorf("expected one KITTI directory, got %d arguments", len(pos))
	}
	if *out == "" {
		return errors.New("missing output: give -o BAG")
	}
	writer, err := writerOptions(*compression)
	if err != nil {
		return err
	}
	if *perturb != "" {
		if opts.Perturb, err = importer.ParseDelta(*perturb); err != nil {
			return fmt.Errorf("--perturb: %w", err)
		}
	}
	if *egoSpeed != "" {
		if opts.EgoSpeeds, err = importer.ParseEgoSpeeds(*egoSpeed); err != nil {
			return fmt.Errorf("--ego-speed: %w", err)
		}
	}
	dir := pos[0]
	if _, err := os.Stat(filepath.Join(dir, "velodyne_points", "timestamps.txt")); err == nil {
		if *egoSpeed != "" {
			return fmt.Errorf("--ego-speed applies to object-benchmark splits only: %s is a raw drive, whose bag has no scans to de-skew. Drop --ego-speed", dir)
		}
		if *perturb != "" {
			return fmt.Errorf("--perturb applies to object-benchmark splits only: %s is a raw drive, whose bag has no images or scans "+
				"for fusion_monitor to check an extrinsic against; drop --perturb, or use --shift to inject a time-sync fault", dir)
		}
		raw.Camera, raw.Writer = camera, writer
		sum, err := importer.ImportKITTIRaw(dir, *out, raw)
		if err != nil {
			return err
		}
		return printJSON(struct {
			importer.KITTIRawSummary
			ReplayCommand string `json:"replay_command"`
		}{sum, fusionReplayCommand(*out, sum.ParamsFile)})
	}
	if *frames != "" {
		opts.Frames = strings.Split(*frames, ",")
	}
	opts.Writer = writer
	sum, err := importer.ImportKITTI(dir, *out, opts)
	if err != nil {
		return err
	}
	return printJSON(struct {
		importer.KITTISummary
		ReplayCommand string `json:"replay_command"`
	}{sum, fusionReplayCommand(*out, sum.ParamsFile)})
}

// fusionReplayCommand returns the ebm replay command line that runs
// fusion_monitor over the bag with the parameter file the import wrote,
// if any. Its output goes to runs/<bag name>_fusion, beside the runs/
// outputs of the README's examples.
func fusionReplayCommand(bagDir, paramsFile string) string {
	out := filepath.Join("runs", filepath.Base(filepath.Clean(bagDir))+"_fusion")
	args := []string{"ebm", "replay", shellQuote(bagDir), "-o", shellQuote(out), "--nodes", fusionnode.NodeName}
	if paramsFile != "" {
		args = append(args, "--params-file", shellQuote(paramsFile))
	}
	return strings.Join(args, " ")
}

// shellQuote quotes s for a POSIX shell when it contains characters other
// than letters, digits and / . _ - + , : =.
func shellQuote(s string) string {
	safe := s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+,:=", r))
	}) < 0
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
