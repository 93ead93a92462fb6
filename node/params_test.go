package node

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func declareTestParams(p *Params) {
	p.Declare(ParamDescriptor{Name: "temperature", Type: ParamDouble, Default: 1.0, HasRange: true, Min: 1e-6, Max: 1e6})
	p.Declare(ParamDescriptor{Name: "weights.comfort", Type: ParamDouble, Default: 0.5, HasRange: true, Min: 0, Max: 1e3})
	p.Declare(ParamDescriptor{Name: "max_candidates", Type: ParamInt, Default: 2000, HasRange: true, Min: 1, Max: 100000})
	p.Declare(ParamDescriptor{Name: "frame_id", Type: ParamString, Default: "map"})
	p.Declare(ParamDescriptor{Name: "publish_markers", Type: ParamBool, Default: true})
	p.Declare(ParamDescriptor{Name: "offsets", Type: ParamDoubleArray, Default: []float64{-1, 0, 1}})
}

func TestParamsSetValidates(t *testing.T) {
	tests := []struct {
		name    string
		param   string
		value   any
		wantErr string
	}{
		{"double ok", "temperature", 2.5, ""},
		{"int for double", "temperature", 3, ""},
		{"below range", "temperature", 0.0, "out of range: allowed range is [1e-06, 1e+06]"},
		{"wrong type", "frame_id", 3.0, "expected string"},
		{"unknown", "tempreature", 1.0, `unknown parameter "tempreature"`},
		{"NaN", "weights.comfort", ParseValue("NaN"), "NaN"},
		{"array element", "offsets", []any{1.0, "x"}, "element 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := NewParams("planner_ebm")
			declareTestParams(p)
			err := p.Set(tc.param, tc.value, "test")
			if tc.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.wantErr)
		})
	}
}

func TestParamFileWildcardAndNodeKeys(t *testing.T) {
	yaml := `
/**:
  ros__parameters:
    use_sim_time: true
    frame_id: odom
planner_ebm:
  ros__parameters:
    temperature: 0.7
    weights:
      comfort: 2
/other_node:
  ros__parameters:
    temperature: 9.0
/**/planner_ebm:
  ros__parameters:
    max_candidates: 500
`
	entries, err := ParseParamFile("p.yaml", []byte(yaml), "/planner_ebm")
	require.NoError(t, err)
	p := NewParams("planner_ebm")
	p.Declare(ParamDescriptor{Name: "use_sim_time", Type: ParamBool, Default: false})
	declareTestParams(p)
	require.NoError(t, p.Apply(entries))
	assert.True(t, p.Bool("use_sim_time"))
	assert.Equal(t, "odom", p.String("frame_id"))
	assert.Equal(t, 0.7, p.Double("temperature"))
	assert.Equal(t, 2.0, p.Double("weights.comfort"))
	assert.Equal(t, int64(500), p.Int("max_candidates"))
	assert.Equal(t, "p.yaml:8", p.Source("temperature"))
}

func TestParamFileErrorsNameLine(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"bad yaml", "a: [1,\n", "invalid YAML"},
		{"no ros__parameters", "planner_ebm:\n  params:\n    a: 1\n", `p.yaml:2: unexpected key "params"`},
		{"not a map", "- 1\n", "p.yaml:1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseParamFile("p.yaml", []byte(tc.yaml), "/planner_ebm")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestConfigureAppliesNothingOnError(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "p.yaml")
	require.NoError(t, os.WriteFile(file, []byte("planner_ebm:\n  ros__parameters:\n    temperature: 0.5\n    max_candidates: -3\n"), 0o644))
	args, rest, err := ParseArgs([]string{"--verbose", "--ros-args", "--params-file", file, "-p", "frame_id:=base_link"})
	require.NoError(t, err)
	assert.Equal(t, []string{"--verbose"}, rest)
	n, err := New(Options{Name: "planner_ebm", Transport: nopTransport{}, Args: args})
	require.NoError(t, err)
	declareTestParams(n.Params)
	err = n.Configure()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "p.yaml:4")
	assert.Contains(t, err.Error(), "max_candidates")
	assert.Equal(t, 1.0, n.Params.Double("temperature"), "a failed Configure must leave the defaults")
}

func TestParseArgsRemapsAndNames(t *testing.T) {
	args, _, err := ParseArgs([]string{"--ros-args", "-r", "__node:=planner2", "-r", "__ns:=/ego", "-r", "energies:=/debug/energies", "-p", "temperature:=0.3"})
	require.NoError(t, err)
	n, err := New(Options{Name: "planner_ebm", Transport: nopTransport{}, Args: args})
	require.NoError(t, err)
	assert.Equal(t, "/ego/planner2", n.FullyQualifiedName())
	assert.Equal(t, "/debug/energies", n.ResolveTopic("energies"))
	assert.Equal(t, "/ego/selected", n.ResolveTopic("selected"))
	assert.Equal(t, "/ego/planner2/markers", n.ResolveTopic("~/markers"))
	assert.Equal(t, "/diagnostics", n.ResolveTopic("/diagnostics"))

	for _, bad := range [][]string{
		{"--ros-args", "-r", "a:=b c"},
		{"--ros-args", "-r", "__ns:=relative"},
		{"--ros-args", "-r", "__node:=9lives"},
		{"--ros-args", "-p", "novalue"},
		{"--ros-args", "--bogus"},
		{"--ros-args", "-p"},
	} {
		_, _, err := ParseArgs(bad)
		assert.Error(t, err, "%v", bad)
	}
}

type nopTransport struct{}

func (nopTransport) Advertise(string, string, QoS) (RawPublisher, error) { return nopPublisher{}, nil }

type nopPublisher struct{}

func (nopPublisher) Publish(context.Context, []byte) error { return nil }
func (nopPublisher) SubscriptionCount() int                { return 0 }
func (nopTransport) Subscribe(string, string, QoS, Handler) (func(), error) {
	return func() {}, nil
}

func TestDeclareStructRoundTrip(t *testing.T) {
	type gate struct {
		MaxJerk float64 `yaml:"max_jerk"`
		Check   bool    `yaml:"check_drivable"`
	}
	type cfg struct {
		Temperature float64  `yaml:"temperature"`
		Gate        gate     `yaml:"gate"`
		Names       []string `yaml:"names"`
		Steps       int      `yaml:"steps"`
	}
	c := cfg{Temperature: 1, Gate: gate{MaxJerk: 10, Check: true}, Names: []string{"a"}, Steps: 56}
	p := NewParams("n")
	p.DeclareStruct("", &c, nil)
	assert.Equal(t, []string{"gate.check_drivable", "gate.max_jerk", "names", "steps", "temperature"}, p.Names())
	require.NoError(t, p.Set("gate.max_jerk", 7, "test"))
	require.NoError(t, p.Set("steps", 80, "test"))
	var out cfg
	p.LoadStruct("", &out)
	assert.Equal(t, cfg{Temperature: 1, Gate: gate{MaxJerk: 7, Check: true}, Names: []string{"a"}, Steps: 80}, out)
}

func TestParamsOverridesNameSources(t *testing.T) {
	p := NewParams("planner_ebm")
	declareTestParams(p)
	assert.Equal(t, "all parameters at their defaults", p.Overrides())
	require.NoError(t, p.Set("temperature", 0.5, "p.yaml:4"))
	require.NoError(t, p.Set("frame_id", "odom", "--ros-args -p frame_id:=odom"))
	assert.Equal(t, "parameters set: frame_id=odom (--ros-args -p frame_id:=odom), temperature=0.5 (p.yaml:4)", p.Overrides())
}
