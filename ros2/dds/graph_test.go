package dds

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/cdr"
)

func guid(b byte) GUID {
	var g GUID
	for i := range g {
		g[i] = b
	}
	return g
}

// TestParticipantEntitiesInfoGolden checks the CDR layout byte by byte:
// a GID is a fixed-size array without a length, strings and sequences
// carry a uint32 length, and Humble pads each 16-byte GUID to 24 bytes.
func TestParticipantEntitiesInfoGolden(t *testing.T) {
	g1, g2 := guid(1), guid(2)
	m := ParticipantEntitiesInfo{Distro: Iron, Participant: g1,
		Nodes: []NodeEntitiesInfo{{Namespace: "/", Name: "n", Writers: []GUID{g2}}}}
	data, err := cdr.Marshal(&m)
	require.NoError(t, err)
	want := []byte{0, 1, 0, 0}
	want = append(want, g1[:]...)
	want = append(want, 1, 0, 0, 0) // one node
	want = append(want, 2, 0, 0, 0, '/', 0, 0, 0)
	want = append(want, 2, 0, 0, 0, 'n', 0, 0, 0)
	want = append(want, 0, 0, 0, 0) // no readers
	want = append(want, 1, 0, 0, 0) // one writer
	want = append(want, g2[:]...)
	assert.Equal(t, want, data)

	m.Distro = Humble
	data, err = cdr.Marshal(&m)
	require.NoError(t, err)
	assert.Len(t, data, len(want)+2*8)
	assert.Equal(t, make([]byte, 8), data[4+16:4+24], "Humble GID padding")

	got := ParticipantEntitiesInfo{Distro: Humble}
	require.NoError(t, cdr.Unmarshal(data, &got))
	assert.Equal(t, m.Participant, got.Participant)
	assert.Equal(t, []GUID{guid(2)}, got.Nodes[0].Writers)
	assert.Empty(t, got.Nodes[0].Readers)
	assert.Equal(t, "n", got.Nodes[0].Name)
}

func TestParseDistro(t *testing.T) {
	for s, want := range map[string]Distro{"": Humble, "humble": Humble, "iron": Iron, "jazzy": Jazzy} {
		got, err := ParseDistro(s)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	_, err := ParseDistro("rolling")
	assert.ErrorContains(t, err, `unsupported ROS 2 distribution "rolling"`)
	assert.Equal(t, 24, Humble.GIDSize())
	assert.Equal(t, 16, Jazzy.GIDSize())
}
