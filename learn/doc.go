// Package learn trains the learned trajectory energy of the planner from
// recorded human driving. Every recorded vehicle with a long enough track
// serves as an expert: its future is the positive, and hard negatives from
// package ebm/negatives and sampler candidates far from it are the
// negatives, each tagged with its kind. A second set per cycle ranks the
// sampler lattice with the candidate nearest to the human future as the
// positive, the selection the planner makes.
//
// The energy is an MLP head over per-step features (BEV channels sampled
// bilinearly along the trajectory and the trajectory's kinematics), averaged
// over the steps, plus the analytic planner terms with fitted non-negative
// weights. Splits are by site, because the scenarios of one site are
// consecutive windows of one recording.
package learn
