// Package ood gives the fusion monitor per-object out-of-distribution
// scores: a detector's logits become the free energy
// E = −T·logsumexp(logits/T), and objects whose energy exceeds a threshold
// fitted on validation data are abstained on.
//
// KITTI ships no detector outputs, so the package also provides a small
// stand-in detector: softmax regression on features of a labelled 3D box and
// the LiDAR points inside it (box dimensions, point count, height
// statistics, mean reflectance, range). HoldOut trains it with one class
// held out as the unknown and compares the energy score with the maximum
// softmax probability on that class.
package ood
