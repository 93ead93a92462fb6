// Command ebm-rclgo-play publishes the messages of a bag on rcl through
// rclgo's serialized publish, in log time order, and publishes each
// message's log time on /clock first:
//
//	ebm-rclgo-play [-topics A,B] [-wait 10s] [-gap 5ms] BAG
//
// It paces by a fixed gap between messages instead of the bag's timing. A
// node that follows /clock then gets its inputs in the same order and at the
// same /clock time as in replay, as long as it handles each input within the
// gap and the middleware delivers it within the gap.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/tiiuae/rclgo/pkg/rclgo"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/msgs/go/builtin_interfaces"
	"github.com/ebm-av/ebm_av/msgs/go/rosgraph_msgs"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/ros2/rclgo/rcltransport"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "ebm-rclgo-play: %v\n", err)
		os.Exit(1)
	}
}

type options struct {
	bag    string
	topics []string
	wait   time.Duration
	gap    time.Duration
	clock  bool
}

func parseFlags(argv []string) (options, error) {
	fs := flag.NewFlagSet("ebm-rclgo-play", flag.ContinueOnError)
	topics := fs.String("topics", "", "comma-separated topics to publish (default: every topic in the bag)")
	var o options
	fs.DurationVar(&o.wait, "wait", 10*time.Second, "maximum time to wait for a subscription on every published topic")
	fs.DurationVar(&o.gap, "gap", 5*time.Millisecond, "pause after each published message")
	fs.BoolVar(&o.clock, "clock", true, "publish each message's log time on /clock before the message")
	if err := fs.Parse(argv); err != nil {
		return o, err
	}
	if fs.NArg() != 1 {
		return o, errors.New("usage: ebm-rclgo-play [flags] BAG")
	}
	o.bag = fs.Arg(0)
	if *topics != "" {
		o.topics = strings.Split(*topics, ",")
	}
	return o, nil
}

func run(argv []string) (err error) {
	o, err := parseFlags(argv)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	r, err := bag.Open(o.bag, bag.ReaderOptions{Logger: log})
	if err != nil {
		return err
	}
	defer r.Close()

	if err := rclgo.Init(nil); err != nil {
		return fmt.Errorf("rcl init: %w", err)
	}
	defer func() { err = errors.Join(err, rclgo.Uninit()) }()
	rclNode, err := rclgo.NewNode("ebm_rclgo_play", "/")
	if err != nil {
		return fmt.Errorf("rcl node: %w", err)
	}
	transport := rcltransport.New(rclNode, log)

	pubs, err := advertise(transport, r.Topics(), o.topics)
	if err != nil {
		return err
	}
	var clockPub node.RawPublisher
	if o.clock {
		if clockPub, err = transport.Advertise(node.TopicClock, (&rosgraph_msgs.Clock{}).ROSTypeName(), node.QoSDefault); err != nil {
			return err
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	waitForSubscriptions(ctx, log, pubs, o.wait)

	published := map[string]int{}
	for m, err := range r.Messages(bag.Filter{Topics: o.topics}) {
		if err != nil {
			return err
		}
		if ctx.Err() != nil {
			break
		}
		if clockPub != nil {
			if err := publishClock(ctx, clockPub, m.LogTime); err != nil {
				return err
			}
		}
		if err := pubs[m.Topic.Name].Publish(ctx, m.Data); err != nil {
			return err
		}
		published[m.Topic.Name]++
		time.Sleep(o.gap)
	}
	// Give reliable writers time to deliver the last samples before the
	// node and its writers are destroyed.
	time.Sleep(time.Second)
	log.Info("played", "bag", o.bag, "messages", published)
	return nil
}

// advertise creates one publisher per bag topic, offering the bag's
// recorded reliability and durability, so that transient-local
// subscriptions such as a lane map's match.
func advertise(t *rcltransport.Transport, topics []bag.Topic, only []string) (map[string]node.RawPublisher, error) {
	wanted := map[string]bool{}
	for _, name := range only {
		wanted[name] = true
	}
	pubs := map[string]node.RawPublisher{}
	for _, topic := range topics {
		if len(wanted) > 0 && !wanted[topic.Name] {
			continue
		}
		qos, err := offeredQoS(topic)
		if err != nil {
			return nil, err
		}
		pub, err := t.Advertise(topic.Name, topic.Type, qos)
		if err != nil {
			return nil, err
		}
		pubs[topic.Name] = pub
	}
	for name := range wanted {
		if pubs[name] == nil {
			return nil, fmt.Errorf("topic %s is not in the bag", name)
		}
	}
	return pubs, nil
}

// offeredQoS returns the first offered profile recorded for topic, with a
// history depth of at least 10, or the default profile when none is
// recorded.
func offeredQoS(topic bag.Topic) (node.QoS, error) {
	profiles, err := bag.ParseQoSProfiles(topic.OfferedQoSProfiles)
	if err != nil {
		return node.QoS{}, fmt.Errorf("topic %s: %w", topic.Name, err)
	}
	qos := node.QoSDefault
	if len(profiles) == 0 {
		return qos, nil
	}
	if profiles[0].Reliability == bag.ReliabilityBestEffort {
		qos.Reliability = node.BestEffort
	}
	if profiles[0].Durability == bag.DurabilityTransientLocal {
		qos.Durability = node.TransientLocal
	}
	qos.Depth = max(qos.Depth, profiles[0].Depth)
	return qos, nil
}

// waitForSubscriptions waits until every publisher has a matched
// subscription or the timeout passes, and logs the topics still unmatched.
func waitForSubscriptions(ctx context.Context, log *slog.Logger, pubs map[string]node.RawPublisher, timeout time.Duration) {
	deadline := time.Now().Add(timeout)
	for {
		var unmatched []string
		for name, p := range pubs {
			if p.SubscriptionCount() == 0 {
				unmatched = append(unmatched, name)
			}
		}
		if len(unmatched) == 0 {
			return
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			log.Warn("publishing without a subscription", "topics", unmatched)
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func publishClock(ctx context.Context, pub node.RawPublisher, ns int64) error {
	msg := rosgraph_msgs.Clock{Clock: builtin_interfaces.Time{Sec: int32(ns / 1e9), Nanosec: uint32(ns % 1e9)}}
	data, err := cdr.Marshal(&msg)
	if err != nil {
		return err
	}
	return pub.Publish(ctx, data)
}
