// Package forecast produces candidate future occupancies from the recorded
// past of a scene. The classical forecasters are copy-and-paste of the last
// frame, constant velocity, and constant turn rate and velocity. The
// deliberately wrong ones (shifted, dilated, vanishing objects, spurious
// blobs, time-reversed motion, teleporting objects) are negatives for
// training and testing energy terms.
//
// Every forecaster receives only the states at or before the cycle time.
// PastOnly cuts the recorded obstacles there, and Run and Build apply it
// before calling any forecaster.
package forecast
