package dds

import (
	"fmt"

	"github.com/ebm-av/ebm_av/cdr"
)

// Distro is a ROS 2 release. Releases differ in the size of the GIDs that
// rmw_dds_common/msg/Gid carries on ros_discovery_info.
type Distro string

// Supported releases.
const (
	Humble Distro = "humble"
	Iron   Distro = "iron"
	Jazzy  Distro = "jazzy"
)

// ParseDistro returns the release named s, as in $ROS_DISTRO; "" means
// Humble.
func ParseDistro(s string) (Distro, error) {
	switch d := Distro(s); d {
	case "":
		return Humble, nil
	case Humble, Iron, Jazzy:
		return d, nil
	}
	return "", fmt.Errorf("unsupported ROS 2 distribution %q: use humble, iron or jazzy", s)
}

// GIDSize returns the length of a GID in bytes. rmw_dds_common/msg/Gid is
// char[24] in Humble and uint8[16] from Iron on. A DDS GUID fills the first
// 16 bytes and the rest are zero.
func (d Distro) GIDSize() int {
	if d == Humble || d == "" {
		return 24
	}
	return 16
}

// GUID is a DDS entity GUID: a 12-byte prefix naming the participant and a
// 4-byte entity id.
type GUID [16]byte

// NodeEntitiesInfo is rmw_dds_common/msg/NodeEntitiesInfo: one node and
// the GUIDs of its readers and writers.
type NodeEntitiesInfo struct {
	Namespace string
	Name      string
	Readers   []GUID
	Writers   []GUID
}

// ParticipantEntitiesInfo is rmw_dds_common/msg/ParticipantEntitiesInfo,
// the message a participant publishes on ros_discovery_info whenever its
// nodes or their endpoints change.
type ParticipantEntitiesInfo struct {
	Distro      Distro
	Participant GUID
	Nodes       []NodeEntitiesInfo
}

// Bounds of rmw_dds_common/msg/NodeEntitiesInfo.
const (
	maxNamespaceLength = 256
	maxNameLength      = 256
)

// MarshalCDR implements cdr.Message.
func (m *ParticipantEntitiesInfo) MarshalCDR(e *cdr.Encoder) {
	size := m.Distro.GIDSize()
	gid := func(g GUID) {
		e.Uint8s(g[:])
		for range size - len(g) {
			e.Uint8(0)
		}
	}
	gid(m.Participant)
	e.SeqLen(len(m.Nodes))
	for _, n := range m.Nodes {
		e.CheckBound("node_namespace", len(n.Namespace), maxNamespaceLength)
		e.String(n.Namespace)
		e.CheckBound("node_name", len(n.Name), maxNameLength)
		e.String(n.Name)
		e.SeqLen(len(n.Readers))
		for _, g := range n.Readers {
			gid(g)
		}
		e.SeqLen(len(n.Writers))
		for _, g := range n.Writers {
			gid(g)
		}
	}
}

// UnmarshalCDR implements cdr.Message. Set Distro before calling it, since
// the GID size is not on the wire.
func (m *ParticipantEntitiesInfo) UnmarshalCDR(d *cdr.Decoder) error {
	size := m.Distro.GIDSize()
	gid := func() GUID {
		var g GUID
		raw := make([]byte, size)
		d.Uint8s(raw)
		copy(g[:], raw)
		return g
	}
	gids := func() []GUID {
		n := d.SeqLen(size)
		out := make([]GUID, 0, n)
		for range n {
			out = append(out, gid())
		}
		return out
	}
	m.Participant = gid()
	n := d.SeqLen(16)
	m.Nodes = make([]NodeEntitiesInfo, 0, n)
	for range n {
		var info NodeEntitiesInfo
		info.Namespace = d.String()
		info.Name = d.String()
		info.Readers = gids()
		info.Writers = gids()
		m.Nodes = append(m.Nodes, info)
	}
	return d.Err()
}

// ROSTypeName implements cdr.Message.
func (*ParticipantEntitiesInfo) ROSTypeName() string {
	return "rmw_dds_common/msg/ParticipantEntitiesInfo"
}

// ROSDefinition implements cdr.Message.
func (*ParticipantEntitiesInfo) ROSDefinition() string { return participantEntitiesInfoDefinition }

// participantEntitiesInfoDefinition is the Humble schema.
const participantEntitiesInfoDefinition = `Gid gid
NodeEntitiesInfo[] node_entities_info_seq
================================================================================
MSG: rmw_dds_common/Gid
char[24] data
================================================================================
MSG: rmw_dds_common/NodeEntitiesInfo
string<=256 node_namespace
string<=256 node_name
Gid[] reader_gid_seq
Gid[] writer_gid_seq
`
