package launchfile

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// FindPackageShare returns the share directory of pkg. It first walks up
// from the directory of near (a launch file) to a package.xml that names
// pkg, which finds both a source checkout and an installed share/PKG
// directory, and then looks for share/PKG under each AMENT_PREFIX_PATH
// entry, as ament_index_python does.
func FindPackageShare(pkg, near string) (string, error) {
	dir, err := filepath.Abs(filepath.Dir(near))
	if err != nil {
		return "", fmt.Errorf("package %q: %w", pkg, err)
	}
	for {
		if name, err := packageName(filepath.Join(dir, "package.xml")); err == nil && name == pkg {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	prefixes := filepath.SplitList(os.Getenv("AMENT_PREFIX_PATH"))
	for _, prefix := range prefixes {
		share := filepath.Join(prefix, "share", pkg)
		if _, err := os.Stat(filepath.Join(prefix, "share", "ament_index", "resource_index", "packages", pkg)); err == nil {
			return share, nil
		}
	}
	return "", fmt.Errorf("package %q not found: no package.xml naming it above %s and not registered under AMENT_PREFIX_PATH=%q; source the workspace's install/setup.bash",
		pkg, near, strings.Join(prefixes, string(filepath.ListSeparator)))
}

// packageName reads the <name> of a package.xml.
func packageName(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	var manifest struct {
		Name string `xml:"name"`
	}
	if err := xml.Unmarshal(data, &manifest); err != nil {
		return "", err
	}
	return strings.TrimSpace(manifest.Name), nil
}
