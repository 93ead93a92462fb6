// Package drift distinguishes a calibrated LiDAR-to-camera extrinsic from a
// drifted one by the local shape of the fusion energy, and estimates a correction.
//
// At a correct extrinsic the energy is at a local minimum, so no small
// rotation or translation lowers it. Assess evaluates the energy at the
// current extrinsic and at ±step along each of the six axes (roll, pitch,
// yaw, x, y, z in the LiDAR frame) and forms the gap
// E_current − min over the neighbours. The gap is divided by its spread
// under resampling: a Poisson bootstrap that reweights LiDAR sectors and
// image tiles, which mimics scenes with the same calibration but different
// content. A score above the threshold flags drift.
//
// The threshold comes from the bootstrap too (FitThreshold), because a few
// frames cannot measure a false-alarm rate directly; FalseAlarms reports
// the estimate with a Clopper–Pearson interval. Estimate searches the six
// axes by coordinate descent, with a grid line search per axis, and a
// compass search with shrinking steps for the extrinsic of lowest energy,
// and returns the correction.
package drift
