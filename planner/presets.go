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

// AutowareRankerParams returns the parameters reserved for a preset
// mirroring the trajectory ranking weights of Autoware.
//
// TODO: fill in from Autoware's ranker configuration. Until then it equals
// DefaultParams.
func AutowareRankerParams() Params {
	return DefaultParams()
}
