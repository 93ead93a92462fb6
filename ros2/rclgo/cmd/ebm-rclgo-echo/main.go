// Command ebm-rclgo-echo prints one line per message received on rcl
// topics, or read from a bag with -bag, in the same format, so that a live
// run can be compared line by line with the output of ebm replay:
//
//	ebm-rclgo-echo [-idle 5s] TOPIC=TYPE ...
//	ebm-rclgo-echo -bag OUT TOPIC=TYPE ...
//
// Each line holds the topic, the message's index on its topic, the first 16
// hex digits of the SHA-256 of its CDR encoding and a summary of its fields.
// The cycle_time_ms value of a diagnostic is wall time that differs between
// runs, so it is printed and hashed as "*".
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/tiiuae/rclgo/pkg/rclgo"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/msgs/go/diagnostic_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/registry"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/ros2/rclgo/rcltransport"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "ebm-rclgo-echo: %v\n", err)
		os.Exit(1)
	}
}

type subscription struct{ topic, typeName string }

func run(argv []string) error {
	fs := flag.NewFlagSet("ebm-rclgo-echo", flag.ContinueOnError)
	bagPath := fs.String("bag", "", "read the topics from this bag instead of subscribing")
	idle := fs.Duration("idle", 5*time.Second, "stop after this long without a message, once one has arrived")
	if err := fs.Parse(argv); err != nil {
		return err
	}
	var subs []subscription
	for _, arg := range fs.Args() {
		topic, typeName, ok := strings.Cut(arg, "=")
		if !ok {
			return fmt.Errorf("argument %q: give TOPIC=TYPE, for example /diagnostics=diagnostic_msgs/msg/DiagnosticArray", arg)
		}
		if _, known := registry.New(typeName); !known {
			return fmt.Errorf("argument %q: no generated Go message for type %s", arg, typeName)
		}
		subs = append(subs, subscription{topic, typeName})
	}
	if len(subs) == 0 {
		return errors.New("usage: ebm-rclgo-echo [-bag BAG] [-idle D] TOPIC=TYPE ...")
	}
	p := &printer{counts: map[string]int{}}
	if *bagPath != "" {
		return echoBag(*bagPath, subs, p)
	}
	return echoLive(subs, *idle, p)
}

func echoBag(path string, subs []subscription, p *printer) error {
	r, err := bag.Open(path, bag.ReaderOptions{})
	if err != nil {
		return err
	}
	defer r.Close()
	topics := make([]string, len(subs))
	for i, s := range subs {
		topics[i] = s.topic
	}
	for m, err := range r.Messages(bag.Filter{Topics: topics}) {
		if err != nil {
			return err
		}
		p.print(m.Topic.Name, m.Topic.Type, m.Data)
	}
	return nil
}

func echoLive(subs []subscription, idle time.Duration, p *printer) (err error) {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := rclgo.Init(nil); err != nil {
		return fmt.Errorf("rcl init: %w", err)
	}
	defer func() { err = errors.Join(err, rclgo.Uninit()) }()
	rclNode, err := rclgo.NewNode("ebm_rclgo_echo", "/")
	if err != nil {
		return fmt.Errorf("rcl node: %w", err)
	}
	transport := rcltransport.New(rclNode, log)

	received := make(chan struct{}, 1)
	for _, s := range subs {
		_, err := transport.Subscribe(s.topic, s.typeName, node.QoSDefault, func(sample node.Sample) {
			p.print(sample.Topic, sample.Type, sample.Data)
			select {
			case received <- struct{}{}:
			default:
			}
		})
		if err != nil {
			return err
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Stop once no message has arrived for idle, counted from the first.
	go func() {
		<-received
		for {
			select {
			case <-received:
			case <-time.After(idle):
				cancel()
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	return transport.Spin(ctx)
}

// printer writes one line per message; its counts number the messages of
// each topic from 0.
type printer struct {
	mu     sync.Mutex
	counts map[string]int
}

func (p *printer) print(topic, typeName string, data []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	index := p.counts[topic]
	p.counts[topic]++
	m, _ := registry.New(typeName)
	if err := cdr.Unmarshal(data, m); err != nil {
		fmt.Printf("%s %d decode error: %v\n", topic, index, err)
		return
	}
	summary := summarize(m)
	// The hash covers the message as the generated code encodes it, because
	// rmw_cyclonedds_cpp pads taken payloads to a multiple of 4 bytes. Any
	// other difference from that encoding is flagged.
	canonical, err := cdr.Marshal(m)
	if err != nil {
		fmt.Printf("%s %d encode error: %v\n", topic, index, err)
		return
	}
	if !isPadded(data, canonical) && !masked(m) {
		summary += " raw_bytes_differ"
	}
	sum := sha256.Sum256(canonical)
	fmt.Printf("%s %d %x %s\n", topic, index, sum[:8], summary)
}

// isPadded reports whether data is canonical followed by at most 3 zero
// bytes of padding.
func isPadded(data, canonical []byte) bool {
	if !bytes.HasPrefix(data, canonical) || len(data)-len(canonical) > 3 {
		return false
	}
	for _, b := range data[len(canonical):] {
		if b != 0 {
			return false
		}
	}
	return true
}

// masked reports whether summarize replaced a wall-time value in m.
func masked(m cdr.Message) bool {
	d, ok := m.(*diagnostic_msgs.DiagnosticArray)
	if !ok {
		return false
	}
	for _, st := range d.Status {
		for _, kv := range st.Values {
			if kv.Key == "cycle_time_ms" {
				return true
			}
		}
	}
	return false
}

// summarize returns a one-line summary of m. It replaces the cycle_time_ms
// value of a diagnostic with "*", because that value is wall time.
func summarize(m cdr.Message) string {
	switch m := m.(type) {
	case *ebm_av.CandidateEnergies:
		return fmt.Sprintf("stamp=%d.%09d selected=%d total_energy=%.9g probability=%.9g",
			m.Header.Stamp.Sec, m.Header.Stamp.Nanosec, m.SelectedIndex, m.TotalEnergy, m.Probability)
	case *ebm_av.SelectedTrajectory:
		return fmt.Sprintf("stamp=%d.%09d candidate=%d fallback=%t energy=%.9g probability=%.9g points=%d",
			m.Header.Stamp.Sec, m.Header.Stamp.Nanosec, m.CandidateIndex, m.Fallback, m.Energy, m.Probability, len(m.Trajectory.Points))
	case *ebm_av.ForecastEnergies:
		return fmt.Sprintf("stamp=%d.%09d selected=%d total_energy=%.9g energy_map=%dx%d",
			m.Header.Stamp.Sec, m.Header.Stamp.Nanosec, m.SelectedIndex, m.TotalEnergy, m.Height, m.Width)
	case *ebm_av.OccupancyForecast:
		return fmt.Sprintf("source=%q", m.Source)
	case *ebm_av.FusionDiagnostics:
		return fmt.Sprintf("stamp=%d.%09d level=%d message=%q total_energy=%.9g term_energies=%.9g drift_score=%.9g time_offset=%.9g time_jitter=%.9g dropped=%d backwards=%d ood_level=%d object_energies=%.9g",
			m.Header.Stamp.Sec, m.Header.Stamp.Nanosec, m.Level, m.Message, m.TotalEnergy, m.TermEnergies, m.DriftScore,
			m.TimeOffset, m.TimeJitter, m.DroppedFrames, m.BackwardsStamps, m.OodLevel, m.ObjectEnergies)
	case *diagnostic_msgs.DiagnosticArray:
		var b strings.Builder
		fmt.Fprintf(&b, "stamp=%d.%09d", m.Header.Stamp.Sec, m.Header.Stamp.Nanosec)
		for i := range m.Status {
			st := &m.Status[i]
			fmt.Fprintf(&b, " [level=%d name=%q message=%q", st.Level, st.Name, st.Message)
			for j := range st.Values {
				if st.Values[j].Key == "cycle_time_ms" {
					st.Values[j].Value = "*"
				}
				fmt.Fprintf(&b, " %s=%s", st.Values[j].Key, st.Values[j].Value)
			}
			b.WriteString("]")
		}
		return b.String()
	}
	return m.ROSTypeName()
}
