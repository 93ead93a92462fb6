package learn

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/ebm"
	"github.com/ebm-av/ebm_av/ebm/nn"
	"github.com/ebm-av/ebm_av/ebm/safetensors"
)

// randomBatch returns a batch of 2 sets of 3 candidates with random
// features, the last candidate masked and the last steps invalid.
func randomBatch(m *Model, rng *rand.Rand) ebm.Batch {
	dim := m.Dim()
	x := make([]float64, 6*dim)
	for c := range 6 {
		v := x[c*dim : (c+1)*dim]
		for j := range len(AnalyticTerms) {
			v[j] = rng.NormFloat64()
		}
		for k := range m.Featurizer.Steps {
			row := v[len(AnalyticTerms)+k*NumFeatures : len(AnalyticTerms)+(k+1)*NumFeatures]
			if k >= m.Featurizer.Steps-c%3 {
				continue
			}
			row[colValid] = 1
			for i := 1; i < NumFeatures; i++ {
				row[i] = rng.NormFloat64()
			}
		}
	}
	b := ebm.NewBatch(2, 3, dim, x)
	b.Mask = []bool{true, true, true, true, true, false}
	return b
}

func testModel(seed uint64) *Model {
	m := NewModel(Featurizer{Steps: 4, Interval: 0.5}, []int{6}, nn.SiLU, seed)
	rng := rand.New(rand.NewPCG(seed, 2))
	for i := range m.Mean {
		m.Mean[i] = rng.NormFloat64()
		m.Std[i] = 0.5 + rng.Float64()
	}
	for j := range m.Weights {
		m.Weights[j] = rng.Float64()
		m.Scale[j] = 0.5 + rng.Float64()
	}
	return m
}

func TestModelParamGradFiniteDifferences(t *testing.T) {
	m := testModel(3)
	b := randomBatch(m, rand.New(rand.NewPCG(1, 1)))
	dE := []float64{0.3, -1, 0.5, 2, -0.7, 0}
	grad := make([]float64, len(m.Params()))
	m.ParamGrad(b, dE, grad)

	e := make([]float64, b.Len())
	objective := func() float64 {
		m.Energy(b, e)
		var s float64
		for i := range e {
			s += dE[i] * e[i]
		}
		return s
	}
	const h = 1e-6
	for i := range m.Params() {
		p := m.Params()[i]
		m.Params()[i] = p + h
		up := objective()
		m.Params()[i] = p - h
		down := objective()
		m.Params()[i] = p
		require.InDelta(t, (up-down)/(2*h), grad[i], 1e-6, "parameter %d", i)
	}
}

func TestModelEnergyGradFiniteDifferences(t *testing.T) {
	m := testModel(4)
	b := randomBatch(m, rand.New(rand.NewPCG(2, 2)))
	e := make([]float64, b.Len())
	grad := make([]float64, len(b.X))
	m.EnergyGrad(b, e, grad)

	probe := make([]float64, b.Len())
	const h = 1e-6
	for i := range b.X {
		c := i / b.Dim
		if !b.Valid(c) {
			continue
		}
		col := (i%b.Dim - len(AnalyticTerms)) % NumFeatures
		if i%b.Dim >= len(AnalyticTerms) && col == colValid {
			continue // the valid flag is a mask, not an input
		}
		x := b.X[i]
		b.X[i] = x + h
		m.Energy(b, probe)
		up := probe[c]
		b.X[i] = x - h
		m.Energy(b, probe)
		down := probe[c]
		b.X[i] = x
		require.InDelta(t, (up-down)/(2*h), grad[i], 1e-6, "input %d", i)
	}
}

func TestModelFileRoundTrip(t *testing.T) {
	m := testModel(5)
	m.Temperature = 1.7
	b := randomBatch(m, rand.New(rand.NewPCG(3, 3)))
	want := make([]float64, b.Len())
	m.Energy(b, want)

	path := filepath.Join(t.TempDir(), "m.safetensors")
	require.NoError(t, m.Save(path, "unit test", "split text"))
	got, info, err := LoadModel(path)
	require.NoError(t, err)
	assert.Equal(t, "split text", info.Split)
	assert.Equal(t, 1.7, got.Temperature)
	assert.Equal(t, m.Featurizer, got.Featurizer)
	assert.InDeltaSlice(t, m.PlannerWeights(), got.PlannerWeights(), 1e-12)

	e := make([]float64, b.Len())
	got.Energy(b, e)
	for i := range e {
		if b.Valid(i) {
			// Stored as F32, so agreement is to single precision.
			assert.InDelta(t, want[i], e[i], 1e-4*math.Max(1, math.Abs(want[i])), "candidate %d", i)
		}
	}
}

func TestLoadModelRejectsPlainHead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.safetensors")
	m := testModel(6)
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, safetensors.SaveMLP(f, m.Head, safetensors.ModelInfo{Features: HeadInputs()}))
	require.NoError(t, f.Close())

	_, _, err = LoadModel(path)
	require.Error(t, err)
	assert.Contains(t, err.Error(), KeyAnalyticTerms)
}
