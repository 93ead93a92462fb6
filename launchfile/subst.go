package launchfile

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// scope holds the launch configurations (argument values) visible at one
// point of a launch file, and where to find package share directories.
type scope struct {
	vars     map[string]string
	findPkg  func(pkg string) (string, error)
	file     string // current launch file, for errors
	dir      string // its directory, for relative paths
	declared map[string]bool
}

func (s *scope) child(file string) *scope {
	vars := make(map[string]string, len(s.vars))
	for k, v := range s.vars {
		vars[k] = v
	}
	return &scope{vars: vars, findPkg: s.findPkg, file: file, dir: filepath.Dir(file), declared: s.declared}
}

// expand evaluates the substitutions $(var NAME), $(find-pkg-share PKG),
// $(env NAME [DEFAULT]) and $(dirname) in text, innermost first.
func (s *scope) expand(text string, line int) (string, error) {
	var out strings.Builder
	for {
		start := strings.Index(text, "$(")
		if start < 0 {
			out.WriteString(text)
			return out.String(), nil
		}
		out.WriteString(text[:start])
		end, err := matchParen(text, start+2)
		if err != nil {
			return "", fmt.Errorf("%s:%d: %w in %q", s.file, line, err, text)
		}
		inner, err := s.expand(text[start+2:end], line)
		if err != nil {
			return "", err
		}
		value, err := s.substitute(inner, line)
		if err != nil {
			return "", err
		}
		out.WriteString(value)
		text = text[end+1:]
	}
}

// matchParen returns the index of the ')' that closes the substitution
// whose body starts at from.
func matchParen(text string, from int) (int, error) {
	depth := 1
	for i := from; i < len(text); i++ {
		switch text[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i, nil
			}
		}
	}
	return 0, fmt.Errorf("unclosed substitution: add ')'")
}

func (s *scope) substitute(body string, line int) (string, error) {
	fields := strings.Fields(body)
	if len(fields) == 0 {
		return "", fmt.Errorf("%s:%d: empty substitution $()", s.file, line)
	}
	name, args := fields[0], fields[1:]
	switch name {
	case "var":
		if len(args) != 1 {
			return "", fmt.Errorf("%s:%d: $(var) takes one argument name, got %q", s.file, line, body)
		}
		v, ok := s.vars[args[0]]
		if !ok {
			return "", fmt.Errorf("%s:%d: launch argument %q has no value: declare it with <arg name=%q default=\"...\"/> or pass %s:=VALUE (known: %s)",
				s.file, line, args[0], args[0], args[0], strings.Join(sortedKeys(s.vars), ", "))
		}
		return v, nil
	case "find-pkg-share":
		if len(args) != 1 {
			return "", fmt.Errorf("%s:%d: $(find-pkg-share) takes one package name, got %q", s.file, line, body)
		}
		dir, err := s.findPkg(args[0])
		if err != nil {
			return "", fmt.Errorf("%s:%d: %w", s.file, line, err)
		}
		return dir, nil
	case "env":
		if len(args) < 1 || len(args) > 2 {
			return "", fmt.Errorf("%s:%d: $(env NAME [DEFAULT]) takes one or two arguments, got %q", s.file, line, body)
		}
		if v, ok := os.LookupEnv(args[0]); ok {
			return v, nil
		}
		if len(args) == 2 {
			return args[1], nil
		}
		return "", fmt.Errorf("%s:%d: environment variable %s is not set: set it or give a default, $(env %s DEFAULT)", s.file, line, args[0], args[0])
	case "dirname":
		return s.dir, nil
	}
	return "", fmt.Errorf("%s:%d: unsupported substitution $(%s): supported are var, find-pkg-share, env and dirname", s.file, line, name)
}

// expandAttr expands the attribute name of e; missing attributes give "".
func (s *scope) expandAttr(e *element, name string) (string, bool, error) {
	raw, ok := e.attr(name)
	if !ok {
		return "", false, nil
	}
	v, err := s.expand(raw, e.Line)
	return v, true, err
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
