package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/ebm-av/ebm_av/ros2/dds/rosbag"
)

func runPlay(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ebm play", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: ebm play BAG [--rate R] [--topics T1,T2] [--wait-for-subscribers DURATION] [--delay DURATION]")
		fmt.Fprintln(fs.Output(), "\nPublishes the bag's messages over DDS as ROS 2 topics. Honours ROS_DOMAIN_ID, ROS_DISTRO and CYCLONEDDS_URI.")
		fs.PrintDefaults()
	}

	rate := fs.Float64("rate", 1, "playback speed factor: 1 keeps the recorded timing, 2 plays twice as fast")
	topics := fs.String("topics", "", "comma-separated topics to play; empty plays all")
	wait := fs.Duration("wait-for-subscribers", 0, "wait up to this long for every played topic to have a subscription before playing, for example 5s")
	delay := fs.Duration("delay", 0, "pause before the first message, after any wait for subscribers, for example 500ms")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errors.New("give exactly one input bag")
	}

	tr, err := openDDS("ebm_play")
	if err != nil {
		return err
	}
	defer tr.Close()
	opts := rosbag.PlayOptions{Rate: *rate, WaitForSubscribers: *wait, Delay: *delay}
	if *topics != "" {
		opts.Topics = strings.Split(*topics, ",")
	}

	sum, err := rosbag.Play(ctx, tr, pos[0], opts)
	if err != nil {
		return err
	}
	// Let reliable writers deliver the last messages before the participant
	// leaves the domain.
	time.Sleep(200 * time.Millisecond)
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(sum)
}
