// Package toy provides analytic energies with known minima and densities:
// a quadratic bowl, the Rosenbrock function and a Gaussian mixture. Tests
// and examples use them to check inference and training against exact
// answers.
package toy
