package bag_test

import (
	"encoding/binary"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/ebm-av/ebm_av/bag"
)

// Example writes a bag with one std_msgs/msg/String topic and reads it back.
func Example() {
	tmp, err := os.MkdirTemp("", "bag-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "chatter")

	w, err := bag.Create(dir, bag.WriterOptions{Chunked: true, Compression: bag.CompressionZstd})
	if err != nil {
		log.Fatal(err)
	}
	err = w.AddTopic(bag.Topic{
		Name:       "/chatter",
		Type:       "std_msgs/msg/String",
		Definition: "string data\n",
	})
	if err != nil {
		log.Fatal(err)
	}
	for i, text := range []string{"hello", "world"} {
		// Little-endian CDR: encapsulation header, string length with its NUL.
		data := binary.LittleEndian.AppendUint32([]byte{0, 1, 0, 0}, uint32(len(text)+1))
		data = append(append(data, text...), 0)
		if err := w.Write("/chatter", int64(i+1)*1_000_000_000, data); err != nil {
			log.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}

	r, err := bag.Open(dir, bag.ReaderOptions{})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	for msg, err := range r.Messages(bag.Filter{}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s %d %q\n", msg.Topic.Name, msg.LogTime, msg.Data[8:len(msg.Data)-1])
	}
	// Output:
	// /chatter 1000000000 "hello"
	// /chatter 2000000000 "world"
}
