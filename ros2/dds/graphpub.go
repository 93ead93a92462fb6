//go:build cyclonedds

package dds

// #include "rawtype.h"
import "C"

import (
	"context"
	"fmt"
	"sync"

	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/node"
)

// Topic and type of the ROS 2 graph announcements. The topic has no "rt/"
// prefix because it is not a ROS topic.
const (
	discoveryTopic = "ros_discovery_info"
	discoveryType  = "rmw_dds_common::msg::dds_::ParticipantEntitiesInfo_"
)

// discoveryQoS is the QoS of rmw_dds_common's publisher: reliable,
// transient local, keep last 1, so late joiners get the current state.
var discoveryQoS = node.QoS{Reliability: node.Reliable, Durability: node.TransientLocal, Depth: 1}

// graphPublisher keeps this participant's ParticipantEntitiesInfo current
// on ros_discovery_info.
type graphPublisher struct {
	mu     sync.Mutex
	pub    *publisher
	info   ParticipantEntitiesInfo
	listed bool // whether info lists a node
}

func newGraphPublisher(t *Transport) (*graphPublisher, error) {
	tp, err := t.topic(discoveryTopic, discoveryType)
	if err != nil {
		return nil, err
	}
	wr, err := createEndpoint(t.pp, tp, true, discoveryQoS)
	if err != nil {
		return nil, fmt.Errorf("ros_discovery_info: %w", err)
	}
	ppGUID, err := entityGUID(t.pp)
	if err != nil {
		return nil, fmt.Errorf("ros_discovery_info: participant %w", err)
	}
	g := &graphPublisher{
		pub:  &publisher{t: t, topic: discoveryTopic, writer: wr, stype: tp.stype},
		info: ParticipantEntitiesInfo{Distro: t.opts.Distro, Participant: ppGUID},
	}
	if t.opts.NodeName != "" {
		g.info.Nodes = []NodeEntitiesInfo{{Namespace: t.opts.Namespace, Name: t.opts.NodeName}}
		g.listed = true
	}
	return g, g.publishLocked()
}

// add lists reader or writer e under the node and republishes.
func (g *graphPublisher) add(e C.dds_entity_t, writer bool) error {
	if !g.listed {
		return nil
	}
	guid, err := entityGUID(e)
	if err != nil {
		return err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	n := &g.info.Nodes[0]
	if writer {
		n.Writers = append(n.Writers, guid)
	} else {
		n.Readers = append(n.Readers, guid)
	}
	return g.publishLocked()
}

// remove drops reader or writer e from the node and republishes.
func (g *graphPublisher) remove(guid GUID) error {
	if !g.listed {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	n := &g.info.Nodes[0]
	drop := func(gs []GUID) []GUID {
		out := gs[:0]
		for _, x := range gs {
			if x != guid {
				out = append(out, x)
			}
		}
		return out
	}
	n.Readers, n.Writers = drop(n.Readers), drop(n.Writers)
	return g.publishLocked()
}

func (g *graphPublisher) publishLocked() error {
	data, err := cdr.Marshal(&g.info)
	if err != nil {
		return fmt.Errorf("ros_discovery_info: %w", err)
	}
	return g.pub.Publish(context.Background(), data)
}
