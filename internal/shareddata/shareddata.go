// Package shareddata locates the real input data (recorded traffic, KITTI
// frames, rosbag2 bags) that tests and evaluations read in place.
package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

// EnvVar names the environment variable that overrides the data directory.
const EnvVar = "EBM_AV_DATA"

// Root returns the data directory: $EBM_AV_DATA when set, else ../shared/data
// beside the repository root. The second result is false when the directory
// does not exist.
func Root() (string, bool) {
	dir := os.Getenv(EnvVar)
	if dir == "" {
		top, err := repoRoot()
		if err != nil {
			return "", false
		}
		dir = filepath.Join(top, "..", "shared", "data")
	}
	st, err := os.Stat(dir)
	return dir, err == nil && st.IsDir()
}

// Path returns the data file or directory at rel, skipping the test with a
// message that names the missing path and the variable to set.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	root, ok := Root()
	if !ok {
		tb.Skipf("real data not found at %q: set %s to the shared data directory", root, EnvVar)
	}
	p := filepath.Join(root, rel)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("real data file %q not found: set %s to a complete shared data directory", p, EnvVar)
	}
	return p
}

// repoRoot walks up from the working directory to the directory holding go.mod
// of this module.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			if _, err := os.Stat(filepath.Join(dir, "package.xml")); err == nil {
				return dir, nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
