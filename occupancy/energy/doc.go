// Package energy scores candidate occupancy forecasts with energy terms:
// lower energy means a more plausible future given the past occupancy.
//
// Each term implements Term and carries its own weight and parameters, in
// the manner of the critics of Nav2's MPPI controller. A Scorer sums the
// weighted terms of every candidate. The terms see only grids: the history,
// an optional drivable-area mask and each candidate's occupancy, never the
// forecaster's name or the candidate's position in the set.
//
// Terms:
//   - dynamics: mass appearing or vanishing farther than the reach
//     (v_max·dt) from any mass of the previous frame, and blob accelerations
//     beyond a limit, with velocities seeded from the history.
//   - geometry: total mass and per-blob area persist with respect to the
//     previous frame and the last history frame, and no history object is
//     lost unless it may have left the view or merged with another.
//   - map_prior: occupancy off the drivable area.
//   - learned: a linear energy over the log-scaled parts of the other terms,
//     trained with a softmax ranking loss.
//
// Energies of mass are in m² (probability-weighted cell area); blob counts
// are unitless. Objects may enter and leave through the grid border and the
// boundary of the observed region (Masks.Visible). Mass within the reach of
// either is exempt from appearance, vanishing and mass-balance costs.
package energy
