// Package metrics measures energy-based rankers and detectors: threshold-free
// detection scores (AUROC, AUPR, FPR at a fixed TPR), top-k ranking accuracy,
// energy statistics of positives and negatives, collision rate after ranking,
// expected calibration error and inference latency.
//
// The detection functions take one score per example and a label saying
// whether the example is positive. A higher score always means "more likely
// positive". For out-of-distribution detection with OOD as the positive class
// pass the energy score directly and the maximum softmax probability negated.
package metrics
