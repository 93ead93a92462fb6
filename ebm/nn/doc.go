// Package nn provides the learned parts of energies. MLP is a multilayer
// perceptron with analytic backpropagation to its parameters and its input.
// BEVSampler reads bird's-eye-view rasters bilinearly, with the spatial
// derivative. StepEnergy sums an MLP head over per-step features of a
// trajectory, so a learned cost volume can be differentiated with respect
// to the trajectory's points.
//
// Hot paths take a caller-provided workspace and do not allocate once the
// workspace exists. Parameters are flat float64 slices so optimisers and
// safetensors files can address them directly; weights are stored [out][in]
// row-major, the layout of PyTorch's nn.Linear.
package nn
