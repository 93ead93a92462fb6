package importer

import (
	"fmt"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
)

// cycleWriter writes cycles to a bag, inputs in the order a planner needs
// them: the candidate set, which triggers planning, comes last.
type cycleWriter struct {
	w   *bag.Writer
	buf []byte
}

func newCycleWriter(w *bag.Writer, withOccupancy bool) (*cycleWriter, error) {
	topics := []bagTopic{
		{TopicLaneMap, &ebm_av.LaneMap{}, true},
		{TopicPredictedObstacle, &ebm_av.PredictedObstacles{}, false},
		{TopicBEVFeatures, &ebm_av.BEVFeatures{}, false},
		{TopicEgoState, &ebm_av.EgoState{}, false},
		{TopicHumanFuture, &ebm_av.Trajectory{}, false},
		{TopicRecordedObstacles, &ebm_av.PredictedObstacles{}, false},
		{TopicCandidates, &ebm_av.CandidateTrajectories{}, false},
	}
	if withOccupancy {
		topics = append(topics,
			bagTopic{TopicOccupancyFeatures, &ebm_av.BEVFeatures{}, false},
			bagTopic{TopicOccupancyHistory, &ebm_av.OccupancySequence{}, false},
			bagTopic{TopicOccupancyFuture, &ebm_av.OccupancySequence{}, false},
			bagTopic{TopicOccupancyForecasts, &ebm_av.OccupancyForecasts{}, false})
	}
	if err := addTopics(w, topics); err != nil {
		return nil, err
	}
	return &cycleWriter{w: w}, nil
}

func (cw *cycleWriter) put(topic string, stamp int64, m cdr.Message) error {
	var err error
	cw.buf, err = cdr.AppendMarshal(cw.buf[:0], m)
	if err != nil {
		return fmt.Errorf("%s: %w", topic, err)
	}
	return cw.w.Write(topic, stamp, cw.buf)
}

func (cw *cycleWriter) write(stamp int64, c *cycle) error {
	lanes := msgconv.LaneMapMsg(c.lanes, stamp, FrameMap)
	if err := cw.put(TopicLaneMap, stamp, &lanes); err != nil {
		return err
	}
	pred := msgconv.ObstaclesMsg(c.predicted, c.gridDT, stamp, FrameMap)
	if err := cw.put(TopicPredictedObstacle, stamp, &pred); err != nil {
		return err
	}
	egoFrame := msgconv.Frame2D{X: c.ego.X, Y: c.ego.Y, Yaw: c.ego.Yaw}
	grid := msgconv.BEVMsg(c.grid, stamp, FrameBaseLink, egoFrame)
	if err := cw.put(TopicBEVFeatures, stamp, &grid); err != nil {
		return err
	}
	ego := msgconv.EgoStateMsg(c.ego, stamp, FrameMap)
	if err := cw.put(TopicEgoState, stamp, &ego); err != nil {
		return err
	}
	if len(c.human.Points) > 0 {
		human := msgconv.TrajectoryMsg(c.human, stamp, FrameMap)
		if err := cw.put(TopicHumanFuture, stamp, &human); err != nil {
			return err
		}
	}
	rec := msgconv.ObstaclesMsg(c.recorded, c.gridDT, stamp, FrameMap)
	if err := cw.put(TopicRecordedObstacles, stamp, &rec); err != nil {
		return err
	}
	cands := msgconv.CandidatesMsg(c.candidates, "frenet_lattice", stamp, FrameMap)
	if err := cw.put(TopicCandidates, stamp, &cands); err != nil {
		return err
	}
	if c.occupancy != nil {
		return cw.writeOccupancy(stamp, c.occupancy)
	}
	return nil
}
