//go:build unix

package bag

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBagFileModes sets the process umask, so it must not run in parallel
// with tests that create files.
func TestBagFileModes(t *testing.T) {
	tests := []struct {
		umask int
		want  fs.FileMode
	}{
		{umask: 0o022, want: 0o644},
		{umask: 0o002, want: 0o644},
		{umask: 0o077, want: 0o600},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("umask %03o", tt.umask), func(t *testing.T) {
			old := syscall.Umask(tt.umask)
			t.Cleanup(func() { syscall.Umask(old) })

			dir := filepath.Join(t.TempDir(), "modes")
			w, err := Create(dir, WriterOptions{})
			require.NoError(t, err)
			require.NoError(t, w.Close())

			meta, err := os.Stat(filepath.Join(dir, MetadataFile))
			require.NoError(t, err)
			assert.Equal(t, tt.want, meta.Mode().Perm(), "metadata.yaml")
			mcap, err := os.Stat(filepath.Join(dir, "modes_0.mcap"))
			require.NoError(t, err)
			assert.Equal(t, tt.want, mcap.Mode().Perm(), "MCAP file")

			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			assert.Len(t, entries, 2, "no temporary file is left behind")
		})
	}
}
