package eval

import (
	"fmt"
	"math"
	"sort"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
)

// PlannerTopics names the topics ReadPlannerCycles reads.
type PlannerTopics struct {
	Candidates, EgoState, HumanFuture, RecordedObstacles string
	Energies, Selected, Statistics                       string
}

// DefaultPlannerTopics are the topics of the importer and of planner_ebm
// with its default name.
var DefaultPlannerTopics = PlannerTopics{
	Candidates:        "/planning/candidates",
	EgoState:          "/localization/ego_state",
	HumanFuture:       "/eval/human_future",
	RecordedObstacles: "/eval/recorded_obstacles",
	Energies:          "/planner_ebm/energies",
	Selected:          "/planner_ebm/selected_trajectory",
	Statistics:        "/planner_ebm/energy_statistics",
}

// ReadPlannerCycles reads a replay output bag and returns one Cycle per
// candidate set for which planner_ebm published energies, in header stamp
// order. A message that fails to decode is an error naming the topic,
// because the bags that ebm replay writes hold only valid messages.
func ReadPlannerCycles(path string, topics PlannerTopics) ([]Cycle, error) {
	r, err := bag.Open(path, bag.ReaderOptions{})
	if err != nil {
		return nil, err
	}
	defer r.Close()
	byStamp := map[int64]*Cycle{}
	get := func(stamp int64) *Cycle {
		c, ok := byStamp[stamp]
		if !ok {
			c = &Cycle{Stamp: stamp, Selected: -1, Latency: math.NaN()}
			byStamp[stamp] = c
		}
		return c
	}
	answered := map[int64]bool{}
	for m, err := range r.Messages(bag.Filter{}) {
		if err != nil {
			return nil, fmt.Errorf("eval: %s: %w", path, err)
		}
		if err := readPlannerMessage(m, topics, get, answered); err != nil {
			return nil, fmt.Errorf("eval: %s: topic %s at %d ns: %w", path, m.Topic.Name, m.LogTime, err)
		}
	}
	var out []Cycle
	for stamp, c := range byStamp {
		if answered[stamp] && len(c.Candidates) > 0 {
			out = append(out, *c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Stamp < out[j].Stamp })
	return out, nil
}

func readPlannerMessage(m bag.Message, topics PlannerTopics, get func(int64) *Cycle, answered map[int64]bool) error {
	switch m.Topic.Name {
	case topics.Candidates:
		var msg ebm_av.CandidateTrajectories
		if err := cdr.Unmarshal(m.Data, &msg); err != nil {
			return err
		}
		cands, err := msgconv.Candidates(&msg)
		if err != nil {
			return err
		}
		get(msgconv.Nanos(msg.Header.Stamp)).Candidates = cands
	case topics.EgoState:
		var msg ebm_av.EgoState
		if err := cdr.Unmarshal(m.Data, &msg); err != nil {
			return err
		}
		ego, err := msgconv.EgoState(&msg)
		if err != nil {
			return err
		}
		get(msgconv.Nanos(msg.Header.Stamp)).Ego = ego
	case topics.HumanFuture:
		var msg ebm_av.Trajectory
		if err := cdr.Unmarshal(m.Data, &msg); err != nil {
			return err
		}
		t, err := msgconv.Trajectory(&msg)
		if err != nil {
			return err
		}
		get(msgconv.Nanos(msg.Header.Stamp)).Human = t
	case topics.RecordedObstacles:
		var msg ebm_av.PredictedObstacles
		if err := cdr.Unmarshal(m.Data, &msg); err != nil {
			return err
		}
		obs, err := msgconv.Obstacles(&msg)
		if err != nil {
			return err
		}
		get(msgconv.Nanos(msg.Header.Stamp)).Obstacles = obs
	case topics.Energies:
		var msg ebm_av.CandidateEnergies
		if err := cdr.Unmarshal(m.Data, &msg); err != nil {
			return err
		}
		stamp := msgconv.Nanos(msg.Header.Stamp)
		c := get(stamp)
		c.Energy = msg.TotalEnergy
		c.Feasible = msg.Feasible
		c.Selected = int(msg.SelectedIndex)
		answered[stamp] = true
	case topics.Statistics:
		var msg ebm_av.EnergyStatistics
		if err := cdr.Unmarshal(m.Data, &msg); err != nil {
			return err
		}
		get(msgconv.Nanos(msg.Header.Stamp)).Latency = msg.CycleTime
	}
	return nil
}
