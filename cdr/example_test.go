package cdr_test

import (
	"fmt"

	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/msgs/go/builtin_interfaces"
	"github.com/ebm-av/ebm_av/msgs/go/std_msgs"
)

func ExampleMarshal() {
	header := &std_msgs.Header{
		Stamp:   builtin_interfaces.Time{Sec: 1, Nanosec: 2},
		FrameID: "map",
	}
	data, err := cdr.Marshal(header)
	if err != nil {
		panic(err)
	}
	fmt.Printf("% x\n", data)

	var decoded std_msgs.Header
	if err := cdr.Unmarshal(data, &decoded); err != nil {
		panic(err)
	}
	fmt.Println(decoded.ROSTypeName(), decoded.Stamp.Sec, decoded.FrameID)
	// Output:
	// 00 01 00 00 01 00 00 00 02 00 00 00 04 00 00 00 6d 61 70 00
	// std_msgs/msg/Header 1 map
}
