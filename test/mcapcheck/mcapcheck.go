// Package mcapcheck checks MCAP files in tests with an independent reader:
// Foxglove's TypeScript MCAP and ROS 2 CDR libraries, the ones Foxglove
// Studio opens bags with. The checker parses every schema as ros2msg,
// decodes every message with it, re-encodes it and compares the bytes.
package mcapcheck

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ebm-av/ebm_av/internal/shareddata"
)

// checkerFiles are the files of the checker that an install copies.
var checkerFiles = []string{"check.mjs", "package.json", "package-lock.json"}

// Timeouts for installing the checker's npm packages and for one check.
const (
	installTimeout = 5 * time.Minute
	checkTimeout   = 2 * time.Minute
)

var (
	installMu   sync.Mutex
	installDirs = make(map[string]string) // source dir -> install dir
)

// Run checks the MCAP file at mcapPath and fails tb with the checker's
// output when any schema, message or record fails. It skips tb when node is
// not installed or the shared tools directory (tools/mcap-check beside the
// shared data directory) is absent. The checker's npm packages are installed
// once per machine and checker version into a directory under os.TempDir.
func Run(tb testing.TB, mcapPath string) {
	tb.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		tb.Skip("mcapcheck: node not found on PATH: install Node.js to check MCAP files with Foxglove's readers")
	}
	root, ok := shareddata.Root()
	src := filepath.Join(root, "..", "tools", "mcap-check")
	if !ok {
		tb.Skipf("mcapcheck: shared data directory %q not found: set %s", root, shareddata.EnvVar)
	}
	if _, err := os.Stat(filepath.Join(src, "check.mjs")); err != nil {
		tb.Skipf("mcapcheck: checker not found at %s", src)
	}
	dir, err := install(src)
	if err != nil {
		tb.Fatalf("mcapcheck: %v", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), checkTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join(dir, "check.mjs"), mcapPath)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		tb.Fatalf("mcapcheck: %s failed the check (%v):\n%s", mcapPath, err, out)
	}
	lines := bytes.Split(bytes.TrimSpace(out), []byte("\n"))
	tb.Logf("mcapcheck: %s: %s", filepath.Base(mcapPath), lines[len(lines)-1])
}

// install returns a directory holding the checker from src with its npm
// packages installed, creating it on first use. The directory name carries
// a hash of the checker's files, so a changed checker gets a new install.
func install(src string) (string, error) {
	installMu.Lock()
	defer installMu.Unlock()
	if dir, ok := installDirs[src]; ok {
		return dir, nil
	}
	h := sha256.New()
	contents := make(map[string][]byte)
	for _, name := range checkerFiles {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			return "", fmt.Errorf("read checker: %w", err)
		}
		contents[name] = data
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(data))
		h.Write(data)
	}
	dir := filepath.Join(os.TempDir(), "ebm_av-mcap-check-"+hex.EncodeToString(h.Sum(nil))[:12])
	if _, err := os.Stat(filepath.Join(dir, "node_modules", ".package-lock.json")); err == nil {
		installDirs[src] = dir
		return dir, nil
	}

	// Install into a fresh directory and rename it into place, so that
	// concurrent test processes never see a half-finished install.
	tmp, err := os.MkdirTemp(os.TempDir(), "ebm_av-mcap-check-install-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	for name, data := range contents {
		if err := os.WriteFile(filepath.Join(tmp, name), data, 0o644); err != nil {
			return "", err
		}
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return "", errors.New("npm not found on PATH: install npm to set up the checker")
	}
	ctx, cancel := context.WithTimeout(context.Background(), installTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund")
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("npm ci in %s failed (%v):\n%s", tmp, err, out)
	}
	if err := os.Rename(tmp, dir); err != nil {
		// Another process may have finished the same install first.
		if _, serr := os.Stat(filepath.Join(dir, "node_modules", ".package-lock.json")); serr != nil {
			return "", fmt.Errorf("move checker install to %s: %w", dir, err)
		}
	}
	installDirs[src] = dir
	return dir, nil
}
