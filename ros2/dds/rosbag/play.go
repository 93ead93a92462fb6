package rosbag

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/node"
)

// PlayOptions configures Play.
type PlayOptions struct {
	// Rate scales the playback speed: 1 keeps the recorded timing, 2 plays
	// twice as fast. 0 means 1.
	Rate float64
	// Topics lists the topics to play; empty means all.
	Topics []string
	// WaitForSubscribers is how long to wait, before the first message,
	// for every played topic to have a subscription. 0 means no wait.
	WaitForSubscribers time.Duration
	// Delay is a pause before the first message, after any wait for
	// subscribers, as rosbag2's --delay. A publisher counts a subscription
	// as soon as it has discovered the subscriber. The subscriber may not
	// yet have discovered the publisher and drops messages until it has,
	// which takes a few hundred milliseconds at most on one host.
	Delay  time.Duration
	Logger *slog.Logger // nil means slog.Default()
}

// PlaySummary reports what Play published.
type PlaySummary struct {
	Messages  int            `json:"messages"`
	PerTopic  map[string]int `json:"per_topic"`
	Unmatched []string       `json:"unmatched,omitempty"` // topics without a subscription when playback started
	Truncated bool           `json:"truncated"`
	Duration  time.Duration  `json:"duration_ns"`
}

// Play publishes the messages of the bag at path on tr in log-time order,
// spaced by their recorded log times divided by Rate. Each topic's
// publisher takes the QoS the bag recorded as offered.
func Play(ctx context.Context, tr node.Transport, path string, opts PlayOptions) (PlaySummary, error) {
	sum := PlaySummary{PerTopic: map[string]int{}}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	rate := opts.Rate
	if rate == 0 {
		rate = 1
	}
	if !(rate > 0) {
		return sum, fmt.Errorf("play: invalid rate %g: must be > 0", rate)
	}
	r, err := bag.Open(path, bag.ReaderOptions{Logger: log})
	if err != nil {
		return sum, fmt.Errorf("play: %w", err)
	}
	defer r.Close()

	pubs, err := advertiseTopics(tr, r.Topics(), opts.Topics)
	if err != nil {
		return sum, fmt.Errorf("play %s: %w", path, err)
	}
	sum.Unmatched = waitForSubscribers(ctx, pubs, opts.WaitForSubscribers)
	if len(sum.Unmatched) > 0 && opts.WaitForSubscribers > 0 {
		log.Warn("playing topics that have no subscription yet", "topics", sum.Unmatched, "waited", opts.WaitForSubscribers)
	}

	if err := sleepUntil(ctx, time.Now().Add(opts.Delay)); err != nil {
		return sum, fmt.Errorf("play: %w", err)
	}
	start := time.Now()
	var first int64
	for m, err := range r.Messages(bag.Filter{Topics: opts.Topics}) {
		if err != nil {
			if errors.Is(err, bag.ErrTruncated) {
				sum.Truncated = true
				log.Warn("bag is truncated; played every complete message before the cut", "err", err)
				continue
			}
			return sum, fmt.Errorf("play %s: %w", path, err)
		}
		if sum.Messages == 0 {
			first = m.LogTime
		}
		due := start.Add(time.Duration(float64(m.LogTime-first) / rate))
		if err := sleepUntil(ctx, due); err != nil {
			return sum, fmt.Errorf("play: stopped after %d messages: %w", sum.Messages, err)
		}
		pub := pubs[m.Topic.Name]
		if err := pub.Publish(ctx, m.Data); err != nil {
			return sum, fmt.Errorf("play %s at log time %d: %w", m.Topic.Name, m.LogTime, err)
		}
		sum.Messages++
		sum.PerTopic[m.Topic.Name]++
	}
	sum.Duration = time.Since(start)
	return sum, nil
}

// advertiseTopics creates one publisher per played topic.
func advertiseTopics(tr node.Transport, topics []bag.Topic, only []string) (map[string]node.RawPublisher, error) {
	wanted := map[string]bool{}
	for _, t := range only {
		wanted[t] = true
	}
	pubs := map[string]node.RawPublisher{}
	for _, t := range topics {
		if len(only) > 0 && !wanted[t.Name] {
			continue
		}
		delete(wanted, t.Name)
		qos, err := offeredQoS(t)
		if err != nil {
			return nil, err
		}
		pub, err := tr.Advertise(t.Name, t.Type, qos)
		if err != nil {
			return nil, err
		}
		pubs[t.Name] = pub
	}
	for t := range wanted {
		return nil, fmt.Errorf("topic %s is not in the bag", t)
	}
	return pubs, nil
}

// offeredQoS returns the publisher QoS for a recorded topic. It is reliable
// unless a recorded publisher was best effort, and transient local only if
// every recorded publisher was. Bags do not record depths, so the keep-last
// depth is 10, or 1 for transient local as rosbag2 plays latched topics.
func offeredQoS(t bag.Topic) (node.QoS, error) {
	qos := node.QoSDefault
	if t.OfferedQoSProfiles == "" {
		return qos, nil
	}
	profiles, err := bag.ParseQoSProfiles(t.OfferedQoSProfiles)
	if err != nil {
		return qos, fmt.Errorf("topic %s: offered QoS: %w", t.Name, err)
	}
	transientLocal := len(profiles) > 0
	for _, p := range profiles {
		if p.Reliability == bag.ReliabilityBestEffort {
			qos.Reliability = node.BestEffort
		}
		if p.Durability != bag.DurabilityTransientLocal {
			transientLocal = false
		}
	}
	if transientLocal {
		qos.Durability = node.TransientLocal
		qos.Depth = 1
	}
	return qos, nil
}

// waitForSubscribers waits up to d for every publisher to have a
// subscription and returns the topics that still have none.
func waitForSubscribers(ctx context.Context, pubs map[string]node.RawPublisher, d time.Duration) []string {
	deadline := time.Now().Add(d)
	for {
		var missing []string
		for topic, p := range pubs {
			if p.SubscriptionCount() == 0 {
				missing = append(missing, topic)
			}
		}
		if len(missing) == 0 || time.Now().After(deadline) || ctx.Err() != nil {
			sort.Strings(missing)
			return missing
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func sleepUntil(ctx context.Context, t time.Time) error {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
