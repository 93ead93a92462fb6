// Package ebm is the energy-based modelling engine shared by the nodes. An
// energy assigns a scalar to every candidate (a trajectory, a detection
// hypothesis, a map association), and lower is better. The probability of
// candidate k in its set is softmax(−E/T)_k at temperature T.
//
// This package defines the interfaces and helpers the rest share:
//
//   - Batch: candidates laid out [batch][candidates][dim], with a mask of
//     valid candidates, and energies laid out [batch][candidates]
//     (EnergyTensor wraps them as a gorgonia tensor of that shape).
//   - Energy, Differentiable (gradient with respect to the candidate) and
//     Decomposed (named terms).
//   - LogSumExp, FreeEnergy, Boltzmann and Argmin over energies, with +Inf
//     standing for masked candidates.
//   - TrajectoryCandidates and friends, which flatten traj.Trajectory
//     values into (x, y) per step for gradient-based inference.
//
// Learning, inference and calibration are separate, swappable packages:
//
//   - nn: MLP heads with analytic backpropagation, a bilinear BEV sampler
//     and StepEnergy, a learned cost volume over trajectories.
//   - infer: enumerate, sample_rank, pgd, langevin, cem and beam, selected
//     by name through a registry.
//   - train: margin and softmax ranking, NCE, Langevin maximum likelihood,
//     CD-k, score matching, SGD and Adam.
//   - negatives: hard negative trajectories tagged with their kind.
//   - calib: temperature scaling, ECE and reliability diagrams.
//   - ood: energy and maximum-softmax out-of-distribution scores.
//   - metrics: ranking accuracy, energy gap, collision rate, AUROC, AUPR,
//     FPR at a TPR, ECE and latency.
//   - safetensors: model files that heads trained in PyTorch can load from.
//   - toy: analytic energies with known minima and densities for tests.
package ebm
