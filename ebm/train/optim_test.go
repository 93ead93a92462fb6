package train

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAdamFirstSteps(t *testing.T) {
	// With bias correction the first step moves every parameter by the
	// learning rate against the sign of its gradient.
	a := &Adam{LearningRate: 0.1}
	p := []float64{1, -2, 0}
	a.Step(p, []float64{3, -0.01, 0})
	assert.InDelta(t, 0.9, p[0], 1e-9)
	assert.InDelta(t, -1.9, p[1], 1e-6)
	assert.Equal(t, 0.0, p[2])
}

func TestSGDMomentumExact(t *testing.T) {
	s := &SGD{LearningRate: 0.1, Momentum: 0.5}
	p := []float64{1}
	s.Step(p, []float64{2}) // v = −0.2
	assert.InDelta(t, 0.8, p[0], 1e-15)
	s.Step(p, []float64{2}) // v = −0.1 − 0.2
	assert.InDelta(t, 0.5, p[0], 1e-15)
}

func TestOptimizersMinimiseQuadratic(t *testing.T) {
	// f(p) = Σ c_i (p_i − 1)² with curvatures spanning two decades.
	curv := []float64{0.1, 1, 10}
	for name, opt := range map[string]Optimizer{
		"sgd":  &SGD{LearningRate: 0.05, Momentum: 0.9},
		"adam": &Adam{LearningRate: 0.05},
	} {
		p := []float64{5, -5, 3}
		g := make([]float64, 3)
		for range 3000 {
			for i := range p {
				g[i] = 2 * curv[i] * (p[i] - 1)
			}
			opt.Step(p, g)
		}
		assert.InDeltaSlice(t, []float64{1, 1, 1}, p, 1e-4, name)
	}
}

func TestClipNorm(t *testing.T) {
	g := []float64{3, 4}
	assert.Equal(t, 5.0, ClipNorm(g, 1))
	assert.InDeltaSlice(t, []float64{0.6, 0.8}, g, 1e-15)
	g = []float64{0.3, 0.4}
	ClipNorm(g, 1)
	assert.Equal(t, []float64{0.3, 0.4}, g)
	ClipValue(g, 0.35)
	assert.Equal(t, []float64{0.3, 0.35}, g)
	assert.False(t, math.IsNaN(ClipNorm([]float64{0, 0}, 1)))
}
