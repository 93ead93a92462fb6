package planner

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

func TestDefaultParamsValid(t *testing.T) {
	for name, p := range map[string]Params{
		"default":         DefaultParams(),
		"apollo_lattice":  ApolloLatticeParams(),
		"autoware_ranker": AutowareRankerParams(),
	} {
		assert.NoError(t, p.Validate(), name)
	}
}

func TestParamsValidateNamesParameter(t *testing.T) {
	cases := []struct {
		edit func(*Params)
		want string
	}{
		{func(p *Params) { p.CollisionRisk.Weight = -1 }, "invalid collision_risk.weight -1: must be finite and ≥ 0"},
		{func(p *Params) { p.Temperature = 0 }, "invalid temperature 0: must be finite and > 0"},
		{func(p *Params) { p.Lane.MaxDeviation = -2 }, "invalid lane.max_deviation -2: must be finite and > 0"},
		{func(p *Params) { p.Gate.MinAcceleration = 1 }, "invalid gate.min_acceleration 1: must be finite and < 0"},
		{func(p *Params) { p.Comfort.JerkWeight = math.Inf(1) }, "invalid comfort.jerk_weight +Inf"},
	}
	for _, c := range cases {
		p := DefaultParams()
		c.edit(&p)
		assert.ErrorContains(t, p.Validate(), c.want)
		_, err := NewScorer(p)
		assert.ErrorContains(t, err, c.want)
	}
}

func TestLoadParamsOverDefaults(t *testing.T) {
	p, err := LoadParams(strings.NewReader(`
collision_risk:
  weight: 3
  sigma: 0.5
gate:
  max_curvature: 0.15
  outside_grid_undrivable: true
temperature: 0.7
temperature_calibrated: true
`))
	require.NoError(t, err)
	want := DefaultParams()
	want.CollisionRisk.Weight = 3
	want.CollisionRisk.Sigma = 0.5
	want.Gate.MaxCurvature = 0.15
	want.Gate.OutsideGridUndrivable = true
	want.Temperature = 0.7
	want.TemperatureCalibrated = true
	assert.Equal(t, want, p)

	p, err = LoadParams(strings.NewReader(""))
	require.NoError(t, err)
	assert.Equal(t, DefaultParams(), p, "an empty file keeps the defaults")
}

func TestLoadParamsErrors(t *testing.T) {
	_, err := LoadParams(strings.NewReader("lane:\n  wieght: 2\n"))
	assert.ErrorContains(t, err, "field wieght not found")
	_, err = LoadParams(strings.NewReader("lane:\n  weight: -2\n"))
	assert.ErrorContains(t, err, "invalid lane.weight -2")
}

func TestDefaultYAMLMatchesDefaultParams(t *testing.T) {
	f, err := os.Open("testdata/default.yaml")
	require.NoError(t, err)
	defer f.Close()
	// Decode over zero values, so that a key missing from the file fails.
	var p Params
	dec := yaml.NewDecoder(f)
	dec.KnownFields(true)
	require.NoError(t, dec.Decode(&p))
	assert.Equal(t, DefaultParams(), p)
}
