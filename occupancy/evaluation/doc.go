// Package evaluation measures how well an occupancy scorer recognises the
// real future among forecasts: the rank of the real future inserted at a
// random position, the energy gap to the other candidates, and the IoU per
// horizon of the selected (lowest-energy) forecast beside the
// copy-and-paste baseline, formatted as occupancy-forecasting papers tabulate
// it. Study runs the whole protocol on recorded CommonRoad scenarios with a
// split by site.
package evaluation
