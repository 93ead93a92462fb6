//go:build cyclonedds

package dds

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/node"
)

// TestDiscoveryInfoListsNode reads ros_discovery_info as a ROS 2 graph
// cache does and finds the node with the GUIDs of its endpoints.
func TestDiscoveryInfoListsNode(t *testing.T) {
	talker, err := New(Options{DomainID: testDomain(), NodeName: "talker", Namespace: "/ego"})
	require.NoError(t, err)
	defer talker.Close()
	pub, err := talker.Advertise("/chatter", "std_msgs/msg/String", node.QoSDefault)
	require.NoError(t, err)
	cancel, err := talker.Subscribe("/ack", "std_msgs/msg/String", node.QoSDefault, func(node.Sample) {})
	require.NoError(t, err)
	defer cancel()

	observer := newTransport(t, "")
	infos := make(chan ParticipantEntitiesInfo, 16)
	// The topic is keyless, so a keep-last-1 reader holds one sample for all
	// writers: the observer's own announcement could replace the talker's
	// before it is taken. A deeper reader history keeps both, as a graph
	// cache must.
	readerQoS := discoveryQoS
	readerQoS.Depth = 64
	s := &subscription{topic: discoveryTopic, ddsTopic: discoveryTopic, typeName: (*ParticipantEntitiesInfo)(nil).ROSTypeName(),
		qos: readerQoS, handler: func(smp node.Sample) {
			info := ParticipantEntitiesInfo{Distro: Humble}
			if err := cdr.Unmarshal(smp.Data, &info); err != nil {
				t.Errorf("ros_discovery_info: %v", err)
				return
			}
			infos <- info
		}}
	require.NoError(t, observer.recv.add(s, s.typeName, readerQoS))

	talkerGUID, err := entityGUID(talker.pp)
	require.NoError(t, err)
	deadline := time.After(10 * time.Second)
	for {
		select {
		case info := <-infos:
			if info.Participant != talkerGUID || len(info.Nodes) != 1 || len(info.Nodes[0].Readers) == 0 {
				continue
			}
			n := info.Nodes[0]
			assert.Equal(t, "/ego", n.Namespace)
			assert.Equal(t, "talker", n.Name)
			chatter, err := entityGUID(pub.(*publisher).writer)
			require.NoError(t, err)
			assert.Equal(t, []GUID{chatter}, n.Writers, "/chatter writer only, as rmw lists no discovery writer")
			assert.Len(t, n.Readers, 1, "/ack reader")
			for _, g := range append(n.Writers, n.Readers...) {
				assert.Equal(t, talkerGUID[:12], g[:12], "endpoint GUID prefix is the participant's")
			}
			return
		case <-deadline:
			t.Fatal("no ros_discovery_info listing node /ego/talker with its endpoints within 10 s")
		}
	}
}
