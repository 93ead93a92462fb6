package train

import (
	"fmt"
	"math"
)

// Optimizer updates parameters in place from their gradient.
type Optimizer interface {
	Step(params, grad []float64)
}

// SGD is stochastic gradient descent with heavy-ball momentum μ:
// v ← μv − η(g + λθ), θ ← θ + v, with weight decay λ.
type SGD struct {
	LearningRate, Momentum, WeightDecay float64
	velocity                            []float64
}

// Step applies one update.
func (s *SGD) Step(params, grad []float64) {
	if s.velocity == nil {
		s.velocity = make([]float64, len(params))
	}
	checkLengths(params, grad, s.velocity)
	for i := range params {
		g := grad[i] + s.WeightDecay*params[i]
		s.velocity[i] = s.Momentum*s.velocity[i] - s.LearningRate*g
		params[i] += s.velocity[i]
	}
}

// Adam is the Adam optimiser with bias-corrected first and second moment
// estimates. Zero Beta1, Beta2 and Epsilon take the usual defaults
// 0.9, 0.999 and 1e-8.
type Adam struct {
	LearningRate, Beta1, Beta2, Epsilon float64
	m, v                                []float64
	t                                   int
}

// Step applies one update.
func (a *Adam) Step(params, grad []float64) {
	if a.m == nil {
		a.m, a.v = make([]float64, len(params)), make([]float64, len(params))
		if a.Beta1 == 0 {
			a.Beta1 = 0.9
		}
		if a.Beta2 == 0 {
			a.Beta2 = 0.999
		}
		if a.Epsilon == 0 {
			a.Epsilon = 1e-8
		}
	}
	checkLengths(params, grad, a.m)
	a.t++
	c1 := 1 - math.Pow(a.Beta1, float64(a.t))
	c2 := 1 - math.Pow(a.Beta2, float64(a.t))
	for i, g := range grad {
		a.m[i] = a.Beta1*a.m[i] + (1-a.Beta1)*g
		a.v[i] = a.Beta2*a.v[i] + (1-a.Beta2)*g*g
		params[i] -= a.LearningRate * (a.m[i] / c1) / (math.Sqrt(a.v[i]/c2) + a.Epsilon)
	}
}

func checkLengths(params, grad, state []float64) {
	if len(params) != len(grad) || len(params) != len(state) {
		panic(fmt.Sprintf("train: %d parameters, %d gradient entries and %d optimiser state entries",
			len(params), len(grad), len(state)))
	}
}

// ClipNorm scales grad so its Euclidean norm is at most maxNorm and returns
// the norm before clipping.
func ClipNorm(grad []float64, maxNorm float64) float64 {
	var sq float64
	for _, g := range grad {
		sq += g * g
	}
	norm := math.Sqrt(sq)
	if norm > maxNorm {
		s := maxNorm / norm
		for i := range grad {
			grad[i] *= s
		}
	}
	return norm
}

// ClipValue limits every gradient entry to [−limit, limit].
func ClipValue(grad []float64, limit float64) {
	for i, g := range grad {
		grad[i] = math.Max(-limit, math.Min(limit, g))
	}
}
