package mcapcheck

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/internal/shareddata"
)

// TestRunOnRosbag2Bag checks a bag that rosbag2 wrote, which the checker
// must accept.
func TestRunOnRosbag2Bag(t *testing.T) {
	Run(t, shareddata.Path(t, "rosbag2/ros2_rosbag2/rosbag2_tests/resources/mcap/cdr_test/cdr_test_0.mcap"))
}

// recordingTB captures a fatal failure instead of ending the test.
type recordingTB struct {
	testing.TB
	failed  bool
	message string
}

func (r *recordingTB) Fatalf(format string, args ...any) {
	r.failed = true
	r.message = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// TestRunFailsOnTruncatedFile checks that Run fails a test on a file that
// lacks its end.
func TestRunFailsOnTruncatedFile(t *testing.T) {
	src := shareddata.Path(t, "rosbag2/ros2_rosbag2/rosbag2_tests/resources/mcap/cdr_test/cdr_test_0.mcap")
	data, err := os.ReadFile(src)
	require.NoError(t, err)
	cut := filepath.Join(t.TempDir(), "cut.mcap")
	require.NoError(t, os.WriteFile(cut, data[:len(data)/2], 0o644))

	rec := &recordingTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		Run(rec, cut)
	}()
	<-done
	require.True(t, rec.failed, "Run accepted a truncated file")
	assert.Contains(t, rec.message, "truncated")
}
