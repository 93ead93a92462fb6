// Package occupancy defines bird's-eye-view (BEV) occupancy sequences and
// forecast sets, and rasterises recorded obstacles into them.
//
// An occupancy sequence is T frames of H×W cell probabilities in [0, 1],
// laid on the ground plane of one reference frame (usually the ego BEV frame
// at a planning cycle). Subpackages score forecasts with energy terms
// (occupancy/energy), produce classical and deliberately wrong forecasts
// (occupancy/forecast) and evaluate a scorer against the real future
// (occupancy/eval).
//
// Grid conventions follow package bev: column j grows along the grid's +x
// axis, row i along its +y axis, and the origin pose is the world pose of the
// corner of cell (0, 0).
package occupancy
