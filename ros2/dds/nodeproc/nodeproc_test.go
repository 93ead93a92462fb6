package nodeproc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// script writes an executable shell script that replaces a node in tests.
func script(t *testing.T, body string) string {
	path := filepath.Join(t.TempDir(), "node.sh")
	require.NoError(t, os.WriteFile(path, []byte("#!/bin/sh\n"+body), 0o755))
	return path
}

func TestStopInterruptsNode(t *testing.T) {
	// The trap comes before the first output, so the test cannot send
	// SIGINT before the script handles it.
	exe := script(t, `trap 'echo stopped; exit 0' INT
echo "args: $*"; echo "domain: $ROS_DOMAIN_ID" >&2
while :; do sleep 0.01; done
`)
	p, err := Start(Spec{Path: exe, Transport: "dds", ROSArgs: []string{"-r", "__node:=x"}, Env: []string{"ROS_DOMAIN_ID=7"}})
	require.NoError(t, err)
	require.Eventually(t, func() bool { return strings.Contains(p.Stdout(), "args:") }, 5*time.Second, 10*time.Millisecond)
	require.NoError(t, p.Stop(5*time.Second))
	assert.True(t, p.Exited())
	assert.Equal(t, "args: --transport dds --ros-args -r __node:=x\nstopped\n", p.Stdout())
	assert.Equal(t, "domain: 7\n", p.Stderr())
}

func TestStopKillsNodeIgnoringInterrupt(t *testing.T) {
	exe := script(t, `trap '' INT
echo ready
while :; do sleep 0.01; done
`)
	p, err := Start(Spec{Path: exe, Transport: "dds"})
	require.NoError(t, err)
	require.Eventually(t, func() bool { return p.Stdout() == "ready\n" }, 5*time.Second, 10*time.Millisecond)
	err = p.Stop(100 * time.Millisecond)
	assert.ErrorContains(t, err, "did not exit within 100ms of SIGINT and was killed")
	assert.True(t, p.Exited())
}

func TestStartRejectsIncompleteSpec(t *testing.T) {
	_, err := Start(Spec{Path: "/bin/true"})
	assert.ErrorContains(t, err, "needs Path and Transport")
}
