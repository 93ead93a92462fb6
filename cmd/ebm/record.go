package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/ebm-av/ebm_av/ros2/dds/rosbag"
)

func runRecord(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ebm record", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: ebm record -o OUT TOPIC... [--discovery-timeout DURATION]")
		fmt.Fprintln(fs.Output(), "\nRecords ROS 2 topics from DDS into a new bag until SIGINT or SIGTERM. Honours ROS_DOMAIN_ID, ROS_DISTRO and CYCLONEDDS_URI.")
		fs.PrintDefaults()
	}

	out := fs.String("o", "", "output bag directory (must not exist)")
	timeout := fs.Duration("discovery-timeout", 0, "fail when a topic has no publisher after this long, for example 10s; 0 waits until stopped")
	compression := fs.String("compression", "zstd", "chunk compression of the output: zstd, lz4 or none")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *out == "" {
		return errors.New("missing output: give -o OUT")
	}
	if len(pos) == 0 {
		fs.Usage()
		return errors.New("missing topics: give one or more fully qualified topic names")
	}

	opts := rosbag.RecordOptions{Topics: pos, DiscoveryTimeout: *timeout}
	if opts.Writer, err = writerOptions(*compression); err != nil {
		return err
	}
	tr, err := openDDS("ebm_record")
	if err != nil {
		return err
	}
	defer tr.Close()
	sum, err := rosbag.Record(ctx, tr, tr, *out, opts)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(sum)
}
