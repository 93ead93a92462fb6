package testmsgs_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/internal/shareddata"
)

// talkerPaddingOffset is the payload offset, header included, of the padding
// byte before the uint32 line field of the /rosout Log messages in the
// talker bag, which the recording serializer left non-zero.
const talkerPaddingOffset = 171

func TestRosbag2BagsRoundTripExactly(t *testing.T) {
	for _, rel := range rosbag2Bags {
		t.Run(rel[strings.LastIndex(rel, "/")+1:], func(t *testing.T) {
			path := shareddata.Path(t, rel)
			checked, dirtyPadding := 0, 0
			for _, bm := range readBag(t, path) {
				if isServiceSchema(bm.SchemaName) {
					continue
				}
				if bm.Topic == "/rosout" && strings.HasSuffix(rel, "talker.mcap") {
					if checkTalkerLog(t, bm) {
						dirtyPadding++
					}
					checked++
					continue
				}
				checkRoundTrip(t, bm)
				checked++
			}
			assert.Positive(t, checked, "no message of a generated type in %s", rel)
			if strings.HasSuffix(rel, "talker.mcap") {
				assert.Equal(t, 2, dirtyPadding, "/rosout messages with a non-zero padding byte")
			}
		})
	}
}

func TestRosbagsRSBagRoundTripsExactly(t *testing.T) {
	path := shareddata.Path(t, rosbagsRSBag)
	types := map[string]bool{}
	for _, bm := range readBag(t, path) {
		_, known := newMessage(bm.SchemaName)
		require.True(t, known, "type %s of topic %s has no generated binding", bm.SchemaName, bm.Topic)
		checkRoundTrip(t, bm)
		types[bm.SchemaName] = true
	}
	assert.Len(t, types, 94)
}

// checkRoundTrip decodes a bag message into its generated type and checks
// that re-encoding reproduces the stored payload byte for byte.
func checkRoundTrip(t *testing.T, bm bagMessage) {
	t.Helper()
	m, ok := newMessage(bm.SchemaName)
	require.True(t, ok, "no generated type for schema %s on topic %s", bm.SchemaName, bm.Topic)
	require.NoError(t, cdr.Unmarshal(bm.Data, m), "topic %s message %d", bm.Topic, bm.Index)
	got, err := cdr.Marshal(m)
	require.NoError(t, err, "topic %s message %d", bm.Topic, bm.Index)
	if !bytes.Equal(got, bm.Data) {
		t.Errorf("topic %s message %d (%s): re-encoding differs from the stored payload at offset %d\nstored:  % x\nencoded: % x",
			bm.Topic, bm.Index, bm.SchemaName, firstDifference(got, bm.Data), bm.Data, got)
	}
}

// checkTalkerLog checks a /rosout message of the talker bag, whose padding
// byte before the line field may be non-zero: decoding ignores it,
// re-encoding writes zero there and matches everywhere else, and decoding the
// re-encoded payload gives the same values. It reports whether the stored
// padding byte was non-zero.
func checkTalkerLog(t *testing.T, bm bagMessage) bool {
	t.Helper()
	first, ok := newMessage(bm.SchemaName)
	require.True(t, ok, bm.SchemaName)
	require.NoError(t, cdr.Unmarshal(bm.Data, first))
	encoded, err := cdr.Marshal(first)
	require.NoError(t, err)
	require.Len(t, encoded, len(bm.Data))

	assert.Zero(t, encoded[talkerPaddingOffset], "encoded padding byte of message %d", bm.Index)
	stored := bytes.Clone(bm.Data)
	stored[talkerPaddingOffset] = 0
	assert.Equal(t, stored, encoded, "message %d outside the padding byte", bm.Index)

	second, _ := newMessage(bm.SchemaName)
	require.NoError(t, cdr.Unmarshal(encoded, second))
	assert.Equal(t, first, second)
	return bm.Data[talkerPaddingOffset] != 0
}

func firstDifference(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
