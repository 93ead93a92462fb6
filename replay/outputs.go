package replay

import (
	"log/slog"
	"sort"
	"sync"

	"github.com/ebm-av/ebm_av/node"
)

// multiPublisherTopics are topics that the nodes publish but that an input
// bag also carries from other publishers, so a replay keeps playing them.
// Every tf2 broadcaster of a stack publishes on /tf and /tf_static, and
// dropping their input would lose the frames that the nodes look up.
//
// NOTE: replaying an earlier output of planner_ebm with publish_tf set
// therefore records its old map to base_link transforms on /tf beside the
// new ones, with the same stamps.
var multiPublisherTopics = map[string]bool{"/tf": true, "/tf_static": true}

// advertisedTopics is a transport that stores the topics the nodes
// advertise through it.
type advertisedTopics struct {
	node.Transport

	mu     sync.Mutex
	topics map[string]bool
}

func newAdvertisedTopics(t node.Transport) *advertisedTopics {
	return &advertisedTopics{Transport: t, topics: map[string]bool{}}
}

// Advertise implements node.Transport.
func (a *advertisedTopics) Advertise(topic, typeName string, qos node.QoS) (node.RawPublisher, error) {
	pub, err := a.Transport.Advertise(topic, typeName, qos)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.topics[topic] = true
	return pub, nil
}

// dropsInput reports whether input messages on topic are left out of the
// replay because a node publishes that topic itself.
func (a *advertisedTopics) dropsInput(topic string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.topics[topic] && !multiPublisherTopics[topic]
}

// logDropped logs one line per topic whose input messages were dropped.
func logDropped(log *slog.Logger, dropped map[string]int) {
	topics := make([]string, 0, len(dropped))
	for t := range dropped {
		topics = append(topics, t)
	}
	sort.Strings(topics)
	for _, t := range topics {
		log.Info("dropped input messages on a topic that a node publishes (ebm replay --keep-outputs keeps them)",
			"topic", t, "messages", dropped[t])
	}
}
