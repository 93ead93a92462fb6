package testmsgs_test

import (
	"bytes"
	"testing"

	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/internal/testmsgs/test_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/rcl_interfaces"
	"github.com/ebm-av/ebm_av/msgs/go/sensor_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/visualization_msgs"
)

// fuzzTypes returns fresh messages of the types the fuzz target decodes
// into: every kind of field (arrays, bounded and unbounded sequences,
// strings, wstrings, nested messages) appears in at least one of them.
func fuzzTypes() []cdr.Message {
	return []cdr.Message{
		new(test_msgs.Arrays),
		new(test_msgs.Strings),
		new(test_msgs.BoundedSequences),
		new(test_msgs.UnboundedSequences),
		new(test_msgs.WStrings),
		new(test_msgs.MultiNested),
		new(rcl_interfaces.Log),
		new(sensor_msgs.PointCloud2),
		new(sensor_msgs.CameraInfo),
		new(visualization_msgs.MarkerArray),
		new(ebm_av.CandidateEnergies),
	}
}

// FuzzUnmarshal decodes arbitrary payloads into several generated types. A
// decoder must return an error or a message, never panic, and a decoded
// message must survive an encode-decode-encode cycle unchanged (compared as
// bytes, so NaN payloads compare equal).
func FuzzUnmarshal(f *testing.F) {
	f.Add(sequencesGolden)
	f.Add(wstringsGolden)
	f.Add(basicTypesBigEndian)
	if root, ok := shareddata.Root(); ok {
		for _, rel := range append([]string{rosbagsRSBag}, rosbag2Bags...) {
			for _, bm := range readBag(f, root+"/"+rel) {
				if bm.Index == 0 {
					f.Add(bm.Data)
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, m := range fuzzTypes() {
			if err := cdr.Unmarshal(data, m); err != nil {
				continue
			}
			first, err := cdr.Marshal(m)
			if err != nil {
				t.Fatalf("%s: decoded message does not encode: %v", m.ROSTypeName(), err)
			}
			again := fuzzTypesByName(m.ROSTypeName())
			if err := cdr.Unmarshal(first, again); err != nil {
				t.Fatalf("%s: re-encoded message does not decode: %v", m.ROSTypeName(), err)
			}
			second, err := cdr.Marshal(again)
			if err != nil {
				t.Fatalf("%s: %v", m.ROSTypeName(), err)
			}
			if !bytes.Equal(first, second) {
				t.Fatalf("%s: encode-decode-encode changed the payload\nfirst:  % x\nsecond: % x", m.ROSTypeName(), first, second)
			}
		}
	})
}

func fuzzTypesByName(name string) cdr.Message {
	for _, m := range fuzzTypes() {
		if m.ROSTypeName() == name {
			return m
		}
	}
	panic("unknown fuzz type " + name)
}
