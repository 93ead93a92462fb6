package registry_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/geometry_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/registry"
	"github.com/ebm-av/ebm_av/msgs/go/std_msgs"
)

func TestNewByFullName(t *testing.T) {
	m, ok := registry.New("std_msgs/msg/Header")
	require.True(t, ok)
	assert.IsType(t, &std_msgs.Header{}, m)
}

func TestNewByNameWithoutMsg(t *testing.T) {
	m, ok := registry.New("ebm_av/CandidateEnergies")
	require.True(t, ok)
	assert.IsType(t, &ebm_av.CandidateEnergies{}, m)
}

func TestNewAppliesDefaults(t *testing.T) {
	m, ok := registry.New("geometry_msgs/msg/Pose")
	require.True(t, ok)
	assert.Equal(t, 1.0, m.(*geometry_msgs.Pose).Orientation.W)
}

func TestNewUnknownType(t *testing.T) {
	for _, name := range []string{"", "std_msgs", "std_msgs/msg/Nope", "nope/msg/Header", "std_msgs/srv/Header"} {
		_, ok := registry.New(name)
		assert.False(t, ok, name)
	}
}

func TestTypeNamesConstruct(t *testing.T) {
	names := registry.TypeNames()
	assert.Len(t, names, 146)
	assert.IsIncreasing(t, names)
	for _, name := range names {
		m, ok := registry.New(name)
		require.True(t, ok, name)
		assert.Equal(t, name, m.ROSTypeName())
	}
}
