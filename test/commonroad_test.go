package test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/internal/shareddata"
)

// scenarioFiles returns every CommonRoad scenario under the shared data with
// its solution file, "" where it has none.
func scenarioFiles(t *testing.T) map[string]string {
	root := shareddata.Path(t, "commonroad")
	files := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".xml") || strings.HasSuffix(path, ".solution.xml") {
			return err
		}
		sol := strings.TrimSuffix(path, ".cr.xml") + ".solution.xml"
		if _, err := os.Stat(sol); err != nil || !strings.HasSuffix(path, ".cr.xml") {
			sol = ""
		}
		files[path] = sol
		return nil
	})
	require.NoError(t, err)
	return files
}

// site returns the recording site of a scenario path: highD, exiD, SinD or
// unsolved.
func site(path string) string { return filepath.Base(filepath.Dir(path)) }

func TestImportEveryScenario(t *testing.T) {
	files := scenarioFiles(t)
	require.Len(t, files, 32, "28 recorded and 4 unsolved scenarios")
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	opts := importer.CommonRoadOptions{}
	if testing.Short() {
		opts.MaxCycles = 2
	}
	dir := t.TempDir()
	measured := map[string][]float64{}
	for i, path := range paths {
		opts.Solution = files[path]
		out := filepath.Join(dir, strings.TrimSuffix(filepath.Base(path), ".xml"))
		sum, err := importer.ImportCommonRoad(path, out, opts)
		require.NoError(t, err, path)
		assert.Positive(t, sum.Cycles, path)
		assert.GreaterOrEqual(t, sum.Candidates, 200, path)
		measured[site(path)] = append(measured[site(path)], sum.MeasuredTimeStep)
		t.Logf("%-45s %-8s declared %.2f s measured %.3f s cycles %d", sum.Scenario, site(path), sum.DeclaredTimeStep, sum.MeasuredTimeStep, sum.Cycles)
		// Keep the disk use of a full run bounded.
		if i > 0 {
			os.RemoveAll(filepath.Join(dir, strings.TrimSuffix(filepath.Base(paths[i-1]), ".xml")))
		}
	}
	for _, dt := range measured["highD"] {
		assert.InDelta(t, 0.20, dt, 0.01, "highD files declare 0.1 s but move at 0.2 s")
	}
	for _, dt := range measured["SinD"] {
		assert.InDelta(t, 0.50, dt, 0.03, "SinD files declare 0.1 s but move at about 0.5 s")
	}
	for _, dt := range measured["exiD"] {
		assert.InDelta(t, 0.20, dt, 0.01, "exiD files declare and move at 0.2 s")
	}
}
