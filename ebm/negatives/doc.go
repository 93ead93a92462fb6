// Package negatives generates hard negative trajectories for contrastive
// training: near misses of an expert trajectory that a good energy must
// rank above it. Each generator keeps the expert's time grid and start
// state, so a negative is a plan the vehicle could have been asked to
// follow, and tags its output with the Kind of perturbation and its size.
//
// Kinds: lateral and longitudinal shifts, speed scaling and timing shifts
// along the same path, swerves through a predicted obstacle position, and
// comfort violations (lateral weaving and harsh braking).
package negatives
