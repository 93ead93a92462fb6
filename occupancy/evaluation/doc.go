// Package evaluation measures how well an occupancy scorer recognises the
// real future among forecasts. It computes the rank of the real future
// inserted at a random position and its energy gap to the other candidates.
// It also computes the IoU per horizon of the selected (lowest-energy)
// forecast beside the copy-and-paste baseline, and formats it as
// occupancy-forecasting papers tabulate it. SiteRecords, TrainHeldOut and
// Evaluate run the whole protocol on recorded CommonRoad scenarios with a
// split by site. UnseenSiteRecords records scenarios without a solution file,
// taking their longest-tracked cars as egos, and Train fits the learned term
// on the recorded sites for them.
package evaluation
