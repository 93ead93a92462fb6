//go:build cyclonedds

package dds

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/node"
)

// Topics of the echo process that the benchmarks talk to.
const (
	pingTopic = "/bench/ping"
	pongTopic = "/bench/pong"
	echoEnv   = "EBM_DDS_BENCH_ECHO" // ROS type the echo process relays
)

// runEcho relays every sample on pingTopic back on pongTopic until the
// process is interrupted. TestMain calls it in the child process.
func runEcho(typeName string) int {
	domain, err := strconv.Atoi(os.Getenv("ROS_DOMAIN_ID"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "echo: invalid ROS_DOMAIN_ID:", err)
		return 2
	}
	tr, err := New(Options{DomainID: uint32(domain), NodeName: "bench_echo"})
	if err != nil {
		fmt.Fprintln(os.Stderr, "echo:", err)
		return 1
	}
	defer tr.Close()
	pub, err := tr.Advertise(pongTopic, typeName, node.QoSDefault)
	if err != nil {
		fmt.Fprintln(os.Stderr, "echo:", err)
		return 1
	}
	_, err = tr.Subscribe(pingTopic, typeName, node.QoSDefault, func(s node.Sample) {
		if err := pub.Publish(context.Background(), s.Data); err != nil {
			fmt.Fprintln(os.Stderr, "echo:", err)
		}
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "echo:", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return 0
}

// benchEnergies is a planner output for 2000 candidates with 8 named terms.
func benchEnergies() cdr.Message {
	const n, terms = 2000, 8
	m := &ebm_av.CandidateEnergies{GeneratorID: "lattice", TotalEnergy: make([]float64, n),
		Feasible: make([]bool, n), RejectionReason: make([]string, n), Probability: make([]float64, n), Temperature: 1}
	for k := range terms {
		term := ebm_av.EnergyTerm{Name: fmt.Sprintf("term_%d", k), Weight: 1, Energies: make([]float64, n)}
		for i := range term.Energies {
			term.Energies[i] = float64(i*k) * 1e-3
		}
		m.Terms = append(m.Terms, term)
	}
	return m
}

// benchBEV is a 16×200×200 float32 BEV feature raster.
func benchBEV() cdr.Message {
	const c, h, w = 16, 200, 200
	m := ebm_av.NewBEVFeatures()
	m.Channels, m.Height, m.Width, m.Resolution = c, h, w, 0.5
	m.ChannelNames = make([]string, c)
	for i := range m.ChannelNames {
		m.ChannelNames[i] = fmt.Sprintf("channel_%d", i)
	}
	m.Data = make([]float32, c*h*w)
	for i := range m.Data {
		m.Data[i] = float32(i%251) / 251
	}
	return m
}

// echoPeer starts the echo process and returns a publisher on pingTopic and
// the channel of samples returned on pongTopic.
func echoPeer(b *testing.B, typeName string) (node.RawPublisher, <-chan node.Sample) {
	b.Helper()
	domain := testDomain()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), echoEnv+"="+typeName, fmt.Sprintf("ROS_DOMAIN_ID=%d", domain))
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}

	b.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})

	tr, err := New(Options{DomainID: domain, NodeName: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { tr.Close() })
	pongs := make(chan node.Sample, 64)
	if _, err := tr.Subscribe(pongTopic, typeName, node.QoSDefault, func(s node.Sample) { pongs <- s }); err != nil {
		b.Fatal(err)
	}
	pub, err := tr.Advertise(pingTopic, typeName, node.QoSDefault)
	if err != nil {
		b.Fatal(err)
	}

	// Both directions must be matched: probe until a ping comes back.
	deadline := time.Now().Add(20 * time.Second)
	probe, _ := cdr.Marshal(ebm_av.NewBEVFeatures())
	for {
		if time.Now().After(deadline) {
			b.Fatal("echo process did not answer within 20 s")
		}
		if pub.SubscriptionCount() > 0 {
			pub.Publish(context.Background(), probe)
			select {
			case <-pongs:
				return pub, pongs
			case <-time.After(100 * time.Millisecond):
			}
		} else {
			time.Sleep(10 * time.Millisecond)
		}
	}
}

var benchMessages = []struct {
	name string
	make func() cdr.Message
}{
	{"energies_2000x8", benchEnergies},
	{"bev_16x200x200", benchBEV},
}

// BenchmarkRoundTrip measures the time for a message to reach another
// process over loopback and come back. One-way latency is about half.
func BenchmarkRoundTrip(b *testing.B) {
	for _, bm := range benchMessages {
		b.Run(bm.name, func(b *testing.B) {
			msg := bm.make()
			data, err := cdr.Marshal(msg)
			if err != nil {
				b.Fatal(err)
			}
			pub, pongs := echoPeer(b, msg.ROSTypeName())
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if err := pub.Publish(context.Background(), data); err != nil {
					b.Fatal(err)
				}
				<-pongs
			}
		})
	}
}

// BenchmarkThroughput keeps a window of messages in flight to the echo
// process, so ns/op is the time per message at the sustained rate.
func BenchmarkThroughput(b *testing.B) {
	const window = 4
	for _, bm := range benchMessages {
		b.Run(bm.name, func(b *testing.B) {
			msg := bm.make()
			data, err := cdr.Marshal(msg)
			if err != nil {
				b.Fatal(err)
			}
			pub, pongs := echoPeer(b, msg.ROSTypeName())
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			b.ResetTimer()
			inFlight := 0
			for b.Loop() {
				if inFlight == window {
					<-pongs
					inFlight--
				}
				if err := pub.Publish(context.Background(), data); err != nil {
					b.Fatal(err)
				}
				inFlight++
			}
			for ; inFlight > 0; inFlight-- {
				<-pongs
			}
		})
	}
}
