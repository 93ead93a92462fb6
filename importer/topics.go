// Package importer turns real and generated data into rosbag2 bags of the
// project's input topics: CommonRoad scenarios for planner_ebm.
package importer

// Topics the importers write. Evaluation-only topics carry what a planner
// must not see at run time (the human future, recorded obstacle futures).
const (
	TopicEgoState          = "/localization/ego_state"
	TopicPredictedObstacle = "/perception/predicted_obstacles"
	TopicLaneMap           = "/map/lane_map"
	TopicBEVFeatures       = "/planning/bev_features"
	TopicCandidates        = "/planning/candidates"
	TopicHumanFuture       = "/eval/human_future"
	TopicRecordedObstacles = "/eval/recorded_obstacles"
)

// Frame ids, following REP 105.
const (
	FrameMap      = "map"
	FrameBaseLink = "base_link"
)
