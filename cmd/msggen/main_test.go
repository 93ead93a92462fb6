package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/rosidl"
)

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
}

func TestRunWritesPackagesAndRemovesStaleFiles(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "go.mod"), "module example.com/robot\n\ngo 1.26\n")
	writeFile(t, filepath.Join(root, "defs", "geo", "msg", "Point.msg"), "float64 x\nfloat64 y\n")
	writeFile(t, filepath.Join(root, "own", "Path.msg"), "geo/Point[] points\n")
	stale := filepath.Join(root, "gen", "geo", "old.go")
	writeFile(t, stale, rosidl.GeneratedHeader+"\n\npackage geo\n")
	handWritten := filepath.Join(root, "gen", "geo", "extra.go")
	writeFile(t, handWritten, "package geo\n")

	in := filepath.Join(root, "defs") + ",nav=" + filepath.Join(root, "own")
	require.NoError(t, run(in, filepath.Join(root, "gen"), "", true))

	assert.NoFileExists(t, stale)
	assert.FileExists(t, handWritten)
	assert.FileExists(t, filepath.Join(root, "gen", "geo", "point.go"))
	assert.FileExists(t, filepath.Join(root, "gen", "geo", "doc.go"))
	path, err := os.ReadFile(filepath.Join(root, "gen", "nav", "path.go"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(path), rosidl.GeneratedHeader+"\n"))
	assert.Contains(t, string(path), `"example.com/robot/gen/geo"`)
	assert.Contains(t, string(path), "Points []geo.Point")
	registry, err := os.ReadFile(filepath.Join(root, "gen", "registry", "registry.go"))
	require.NoError(t, err)
	assert.Contains(t, string(registry), `"nav/msg/Path"`)
}

func TestRunReportsParseErrors(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "msg", "Bad.msg"), "int32 ok\nfloat65 x\n")
	err := run("pkg="+filepath.Join(root, "msg"), filepath.Join(root, "gen"), "example.com/gen", false)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Bad.msg:2:")
}
