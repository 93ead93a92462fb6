// Command cdrhex converts CDR messages between bags and hex lines for the
// ROS 2 interoperability check in run.sh beside it.
//
//	cdrhex bag BAG [TOPIC...]  prints each message, of all topics or the
//	                           given ones, in log-time order as one line
//	                           "TOPIC TYPE DURABILITY HEX", DURABILITY
//	                           being the recorded publishers' durability,
//	                           volatile or transient_local
//	cdrhex norm TYPE           reads hex lines of TYPE and prints each one
//	                           decoded and encoded again, so that trailing
//	                           padding does not differ between serializers
package main

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"os"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/msgs/go/registry"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "cdrhex:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	switch {
	case len(args) >= 2 && args[0] == "bag":
		return dumpBag(args[1], args[2:])
	case len(args) == 2 && args[0] == "norm":
		return normalize(args[1])
	}
	return fmt.Errorf("usage: cdrhex bag BAG [TOPIC...] | cdrhex norm TYPE < HEXLINES")
}

func dumpBag(path string, topics []string) error {
	r, err := bag.Open(path, bag.ReaderOptions{})
	if err != nil {
		return err
	}
	defer r.Close()
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for m, err := range r.Messages(bag.Filter{Topics: topics}) {
		if err != nil {
			return err
		}
		durability, err := recordedDurability(m.Topic)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, m.Topic.Name, m.Topic.Type, durability, hex.EncodeToString(m.Data))
	}
	return nil
}

func normalize(typeName string) error {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(nil, 64<<20)
	for line := 1; in.Scan(); line++ {
		data, err := hex.DecodeString(in.Text())
		if err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		m, ok := registry.New(typeName)
		if !ok {
			return fmt.Errorf("unknown message type %s", typeName)
		}
		if err := cdr.Unmarshal(data, m); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		out, err := cdr.Marshal(m)
		if err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		fmt.Println(hex.EncodeToString(out))
	}
	return in.Err()
}

// recordedDurability returns transient_local when every recorded publisher
// of t was transient local, else volatile.
func recordedDurability(t *bag.Topic) (string, error) {
	profiles, err := bag.ParseQoSProfiles(t.OfferedQoSProfiles)
	if err != nil {
		return "", fmt.Errorf("topic %s: %w", t.Name, err)
	}
	if len(profiles) == 0 {
		return "volatile", nil
	}
	for _, p := range profiles {
		if p.Durability != bag.DurabilityTransientLocal {
			return "volatile", nil
		}
	}
	return "transient_local", nil
}
