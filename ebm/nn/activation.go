package nn

import (
	"fmt"
	"math"
)

// Activation is an elementwise nonlinearity applied after a linear layer.
type Activation int

// Activations supported by MLP.
const (
	Identity Activation = iota
	ReLU
	Tanh
	Softplus // log(1 + eˣ), smooth, so gradients of the energy are continuous
	SiLU     // x·σ(x)
)

var activationNames = [...]string{"identity", "relu", "tanh", "softplus", "silu"}

// String returns the lower-case name used in configuration and model files.
func (a Activation) String() string {
	if a < 0 || int(a) >= len(activationNames) {
		return fmt.Sprintf("Activation(%d)", int(a))
	}
	return activationNames[a]
}

// ParseActivation returns the activation with the given name.
func ParseActivation(name string) (Activation, error) {
	for i, n := range activationNames {
		if n == name {
			return Activation(i), nil
		}
	}
	return 0, fmt.Errorf("nn: unknown activation %q, want one of %v", name, activationNames)
}

// apply returns f(z).
func (a Activation) apply(z float64) float64 {
	switch a {
	case ReLU:
		return math.Max(z, 0)
	case Tanh:
		return math.Tanh(z)
	case Softplus:
		// max(z, 0) + log1p(e^−|z|) cannot overflow.
		return math.Max(z, 0) + math.Log1p(math.Exp(-math.Abs(z)))
	case SiLU:
		return z / (1 + math.Exp(-z))
	default:
		return z
	}
}

// derivative returns f′(z) given z and y = f(z).
func (a Activation) derivative(z, y float64) float64 {
	switch a {
	case ReLU:
		if z > 0 {
			return 1
		}
		return 0
	case Tanh:
		return 1 - y*y
	case Softplus:
		return 1 / (1 + math.Exp(-z))
	case SiLU:
		s := 1 / (1 + math.Exp(-z))
		return s + z*s*(1-s)
	default:
		return 1
	}
}

// secondDerivative returns f″(z) given z and y = f(z). ReLU's is 0 away
// from its kink.
func (a Activation) secondDerivative(z, y float64) float64 {
	switch a {
	case Tanh:
		return -2 * y * (1 - y*y)
	case Softplus:
		s := 1 / (1 + math.Exp(-z))
		return s * (1 - s)
	case SiLU:
		s := 1 / (1 + math.Exp(-z))
		return s * (1 - s) * (2 + z*(1-2*s))
	default:
		return 0
	}
}
