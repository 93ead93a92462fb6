package eval

import (
	"fmt"
	"strings"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/fusionnode"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/node/diag"
)

// FusionTopics names the topics that ReadFusionDiagnostics and
// ReadTimeSyncStatuses read.
type FusionTopics struct {
	Diagnostics string // FusionDiagnostics
	// DiagnosticArray is the topic of the node's DiagnosticArray messages
	// and TimeSyncStatus the name of its time-sync status among them.
	DiagnosticArray string
	TimeSyncStatus  string
}

// DefaultFusionTopics are the topics of fusion_monitor with its default
// name. The node names its statuses "NODE_NAME: check", and the time-sync
// check is "time sync".
var DefaultFusionTopics = FusionTopics{
	Diagnostics:     "/" + fusionnode.NodeName + "/fusion_diagnostics",
	DiagnosticArray: fusionnode.TopicDiagnostics,
	TimeSyncStatus:  fusionnode.NodeName + ": time sync",
}

// ReadFusionDiagnostics reads every FusionDiagnostics message of a replay
// output bag in log-time order, the order in which fusion_monitor published
// them. A bag without the topic has none. A message that fails to decode or carries an invalid level or
// object arrays of different lengths is an error naming the topic, because
// the bags that ebm replay writes hold only valid messages.
func ReadFusionDiagnostics(path string, topics FusionTopics) ([]ebm_av.FusionDiagnostics, error) {
	r, err := bag.Open(path, bag.ReaderOptions{})
	if err != nil {
		return nil, err
	}
	defer r.Close()
	topic, ok := findTopic(r, topics.Diagnostics)
	if !ok {
		return nil, nil
	}
	// The CDR layout follows the definition, so a bag recorded by an older
	// ebm_av whose message had other fields would decode into wrong values.
	want := (&ebm_av.FusionDiagnostics{}).ROSDefinition()
	if topic.Definition != "" && messageFields(topic.Definition) != messageFields(want) {
		return nil, fmt.Errorf("eval: %s: topic %s was recorded with another definition of %s than this ebm_av build reads, "+
			"probably by an older version: run ebm replay on the input bag again and evaluate its new output", path, topic.Name, topic.Type)
	}
	var out []ebm_av.FusionDiagnostics
	for m, err := range r.Messages(bag.Filter{Topics: []string{topics.Diagnostics}}) {
		if err != nil {
			return nil, fmt.Errorf("eval: %s: %w", path, err)
		}
		var msg ebm_av.FusionDiagnostics
		if err := cdr.Unmarshal(m.Data, &msg); err == nil {
			err = validateFusion(&msg)
		}
		if err != nil {
			return nil, fmt.Errorf("eval: %s: topic %s at %d ns: %w", path, m.Topic.Name, m.LogTime, err)
		}
		out = append(out, msg)
	}
	return out, nil
}

// validateFusion checks the levels and the object arrays, which
// SummarizeFusion relies on.
func validateFusion(m *ebm_av.FusionDiagnostics) error {
	for _, l := range []struct {
		field string
		level uint8
	}{{"level", m.Level}, {"drift_level", m.DriftLevel}, {"time_sync_level", m.TimeSyncLevel}} {
		if l.level > uint8(diag.Stale) {
			return fmt.Errorf("invalid %s %d: expected OK (0), WARN (1), ERROR (2) or STALE (3)", l.field, l.level)
		}
	}
	if len(m.ObjectEnergies) != len(m.ObjectAbstain) || len(m.ObjectEnergies) != len(m.ObjectIDs) {
		return fmt.Errorf("invalid object arrays: %d object_ids, %d object_energies and %d object_abstain, expected equal lengths",
			len(m.ObjectIDs), len(m.ObjectEnergies), len(m.ObjectAbstain))
	}
	return nil
}

// declaresTopic reports whether the bag of r declares topic, because
// reading a topic that a bag does not declare is an error.
func declaresTopic(r *bag.Reader, topic string) bool {
	_, ok := findTopic(r, topic)
	return ok
}

// messageFields returns the field and constant lines of the first message
// of a ros2msg schema, without comments, blank lines or the dependencies
// after the first "====" line. Writers differ in comments and in how they
// append dependencies, but not in these lines.
func messageFields(definition string) string {
	var b strings.Builder
	for line := range strings.Lines(definition) {
		if strings.HasPrefix(line, "====") {
			break
		}
		line, _, _ = strings.Cut(line, "#")
		if line = strings.Join(strings.Fields(line), " "); line != "" {
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// findTopic returns the topic named name that the bag declares.
func findTopic(r *bag.Reader, name string) (bag.Topic, bool) {
	for _, t := range r.Topics() {
		if t.Name == name {
			return t, true
		}
	}
	return bag.Topic{}, false
}
