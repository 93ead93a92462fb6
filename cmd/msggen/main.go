// Command msggen generates Go bindings for ROS 2 .msg files: one Go package
// per ROS package, one file per message type, and optionally a registry
// package that maps type names to constructors.
//
// Usage:
//
//	msggen -in ros2,ebm_av=msg -out go -registry
//
// Each -in entry is either a directory laid out as <package>/msg/*.msg or
// pkg=dir for a flat directory of .msg files of package pkg. Generated files
// go to <out>/<package>/, and stale generated files there are removed.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/ebm-av/ebm_av/rosidl"
)

func main() {
	in := flag.String("in", "", "comma-separated inputs: DIR holding <package>/msg/*.msg, or PKG=DIR holding *.msg of package PKG")
	out := flag.String("out", "", "output directory; package <pkg> is written to OUT/<pkg>")
	importBase := flag.String("import", "", "import path of the output directory (default: derived from the enclosing go.mod)")
	registry := flag.Bool("registry", false, "also write package OUT/registry mapping type names to constructors")
	flag.Parse()
	if *in == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: msggen -in DIR|PKG=DIR[,...] -out DIR [-import PATH] [-registry]")
		os.Exit(2)
	}
	if err := run(*in, *out, *importBase, *registry); err != nil {
		slog.Error("msggen failed", "err", err)
		os.Exit(1)
	}
}

func run(in, out, importBase string, registry bool) error {
	set := rosidl.NewSet()
	for _, entry := range strings.Split(in, ",") {
		var err error
		if pkg, dir, ok := strings.Cut(entry, "="); ok {
			err = set.LoadDir(pkg, dir)
		} else {
			err = set.LoadTree(entry)
		}
		if err != nil {
			return err
		}
	}
	if err := set.Check(); err != nil {
		return err
	}
	if importBase == "" {
		var err error
		if importBase, err = deriveImportPath(out); err != nil {
			return err
		}
	}
	gen := &rosidl.GoGenerator{Set: set, ImportBase: importBase}
	pkgs := set.Packages()
	for _, pkg := range pkgs {
		files, err := gen.Package(pkg)
		if err != nil {
			return err
		}
		if err := writePackage(filepath.Join(out, pkg), files); err != nil {
			return err
		}
	}
	if registry {
		src, err := gen.Registry(pkgs)
		if err != nil {
			return err
		}
		if err := writePackage(filepath.Join(out, "registry"), map[string][]byte{"registry.go": src}); err != nil {
			return err
		}
	}
	slog.Info("generated Go bindings", "packages", len(pkgs), "messages", len(set.Messages()), "out", out)
	return nil
}

// writePackage writes files into dir and removes generated .go files that
// are no longer produced.
func writePackage(dir string, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	existing, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return err
	}
	for _, file := range existing {
		if _, keep := files[filepath.Base(file)]; keep || strings.HasSuffix(file, "_test.go") {
			continue
		}
		generated, err := isGenerated(file)
		if err != nil {
			return err
		}
		if generated {
			if err := os.Remove(file); err != nil {
				return err
			}
		}
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func isGenerated(file string) (bool, error) {
	f, err := os.Open(file)
	if err != nil {
		return false, err
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil && line == "" {
		return false, nil
	}
	return strings.TrimSpace(line) == rosidl.GeneratedHeader, nil
}

// deriveImportPath returns the import path of directory dir from the module
// path in the nearest enclosing go.mod.
func deriveImportPath(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for root := abs; ; {
		data, err := os.ReadFile(filepath.Join(root, "go.mod"))
		if err == nil {
			module := modulePath(data)
			if module == "" {
				return "", fmt.Errorf("msggen: no module line in %s", filepath.Join(root, "go.mod"))
			}
			rel, err := filepath.Rel(root, abs)
			if err != nil {
				return "", err
			}
			return strings.TrimSuffix(module+"/"+filepath.ToSlash(rel), "/."), nil
		}
		parent := filepath.Dir(root)
		if parent == root {
			return "", errors.New("msggen: no go.mod above the output directory: pass -import")
		}
		root = parent
	}
}

func modulePath(goMod []byte) string {
	for _, line := range bytes.Split(goMod, []byte("\n")) {
		if f := strings.Fields(string(line)); len(f) == 2 && f[0] == "module" {
			return f[1]
		}
	}
	return ""
}
