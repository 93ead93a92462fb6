package planner

// ApolloLatticeParams returns DefaultParams with the term weights set to
// the defaults of the trajectory-evaluation flags of Apollo's lattice
// planner (planning_gflags.cc): weight_lon_objective 10 for progress;
// weight_lon_collision 5 for collision_risk;
// weight_lat_offset 2 for lane; and for comfort weight_lon_jerk 1 as the
// jerk weight and weight_centripetal_acceleration 1.5 as the lateral
// acceleration weight, with longitudinal acceleration off.
//
// NOTE: Apollo normalises each cost differently from these terms, so the
// preset reproduces its weight ratios, not its ranking. It has not been
// calibrated on data. Apollo's weight_lat_comfort (10), a cost on lateral
// jerk along its reference line, has no counterpart here.
func ApolloLatticeParams() Params {
	p := DefaultParams()
	p.Progress.Weight = 10
	p.CollisionRisk.Weight = 5
	p.Lane.Weight = 2
	p.Comfort = ComfortParams{Weight: 1, AccelerationWeight: 0, JerkWeight: 1, LateralAccelerationWeight: 1.5}
	return p
}

// AutowareRankerParams returns DefaultParams with the term weights set to
// the score weights of Autoware's trajectory ranker
// (autoware_universe, planning/autoware_trajectory_ranker/config/
// evaluation.param.yaml, commit 718ea43): TimeToCollision 0.6 for
// collision_risk; TravelDistance 0.3 for progress; LateralDeviation 0.3
// for lane; and for comfort LongitudinalJerk 0.1 as the jerk weight and
// LateralAcceleration 0.1 as the lateral acceleration weight, with
// longitudinal acceleration off.
//
// NOTE: the ranker normalises each metric over the candidate set and
// decays it over time before weighting, which these terms do not, so the
// preset reproduces its weight ratios, not its ranking. Its
// SteeringConsistency (0.3) and TrajectoryConsistency (0.2) compare with
// the previous cycle and have no counterpart here. It has not been
// calibrated on data.
func AutowareRankerParams() Params {
	p := DefaultParams()
	p.CollisionRisk.Weight = 0.6
	p.Progress.Weight = 0.3
	p.Lane.Weight = 0.3
	p.Comfort = ComfortParams{Weight: 1, AccelerationWeight: 0, JerkWeight: 0.1, LateralAccelerationWeight: 0.1}
	return p
}
