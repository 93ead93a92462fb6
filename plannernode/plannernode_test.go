package plannernode

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/node/inproc"
	"github.com/ebm-av/ebm_av/planner"
)

func startWithArgs(t *testing.T, argv ...string) (*Planner, error) {
	t.Helper()
	args, _, err := node.ParseArgs(append([]string{"--ros-args"}, argv...))
	require.NoError(t, err)
	bus := inproc.New(func() int64 { return 0 })
	return New(node.Options{Transport: bus, Args: args})
}

func TestConfigFileMatchesDefaults(t *testing.T) {
	p, err := startWithArgs(t, "--params-file", "../config/planner_ebm.yaml")
	require.NoError(t, err, "every key of the shipped parameter file must be a declared parameter")
	assert.Equal(t, DefaultConfig(), p.cfg)
	assert.Equal(t, planner.DefaultParams(), p.params, "the shipped file documents the defaults")
}

func TestInvalidParametersNamed(t *testing.T) {
	tests := []struct {
		arg, want string
	}{
		{"temperature:=0.0", "temperature"},
		{"gate.max_jerk:=-1.0", "gate.max_jerk"},
		{"fallback_deceleration:=0.0", "fallback_deceleration"},
		{"no_such_parameter:=1", `unknown parameter "no_such_parameter"`},
		{"frame_id:=3", "frame_id"},
	}
	for _, tc := range tests {
		t.Run(tc.arg, func(t *testing.T) {
			_, err := startWithArgs(t, "-p", tc.arg)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
