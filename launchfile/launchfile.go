// Package launchfile reads ROS 2 launch files in the XML front end of
// launch_ros: <launch>, <arg>, <let>, <node> with <param> and <remap>,
// <include>, <group> with <push-ros-namespace>, <executable>, the if and
// unless attributes and the substitutions $(var), $(find-pkg-share), $(env)
// and $(dirname). Load evaluates a file with its includes into a flat list
// of node actions, so one process can compose the nodes without ROS 2.
package launchfile

import (
	"fmt"
	"os"
	"sort"
	"strings"
)

// Description is an evaluated launch file: the nodes and other processes it
// starts, in launch order.
type Description struct {
	File        string
	Args        []Arg // arguments the top-level file declares
	Nodes       []Node
	Executables []Executable
}

// Arg is a launch argument declared with <arg>.
type Arg struct {
	Name        string
	Default     string
	HasDefault  bool
	Description string
	Value       string // the value in effect
}

// Node is one <node> action.
type Node struct {
	Package    string
	Executable string
	Name       string // empty keeps the executable's default node name
	Namespace  string // absolute; "/" when none is set
	Params     []Param
	Remaps     []Remap
	Source     string // "FILE:LINE" of the <node> element
}

// Param is one <param> of a node: either a parameter file (File set) or a
// single NAME:=VALUE.
type Param struct {
	File   string
	Name   string
	Value  string
	Source string // "FILE:LINE"
}

// Remap is one <remap from to> of a node.
type Remap struct {
	From, To string
	Source   string
}

// Executable is an <executable cmd> action, split into words.
type Executable struct {
	Cmd    []string
	Source string
}

// Options configures Load.
type Options struct {
	// Args holds NAME:=VALUE launch arguments from the command line. Every
	// name must be declared by an <arg> of the file or one it includes.
	Args map[string]string
	// FindPackageShare returns the share directory of a package for
	// $(find-pkg-share PKG). Nil means FindPackageShare with the directory
	// of the top-level launch file as start.
	FindPackageShare func(pkg string) (string, error)
}

// maxIncludeDepth bounds nested <include>s, so that a file including itself
// fails with an error instead of recursing forever.
const maxIncludeDepth = 16

// Load reads and evaluates the launch file at path. It checks everything it
// can without starting a node: element and attribute names, substitutions,
// node and topic names, and that every parameter file exists.
func Load(path string, opts Options) (*Description, error) {
	findPkg := opts.FindPackageShare
	if findPkg == nil {
		findPkg = func(pkg string) (string, error) { return FindPackageShare(pkg, path) }
	}
	vars := map[string]string{}
	for k, v := range opts.Args {
		vars[k] = v
	}
	root := &scope{vars: vars, findPkg: findPkg, declared: map[string]bool{}}
	l := &loader{desc: &Description{File: path}}
	if err := l.file(root.child(path), path, 0, true); err != nil {
		return nil, err
	}
	var unknown []string
	for name := range opts.Args {
		if !root.declared[name] {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, fmt.Errorf("%s: unknown launch argument %s: declared arguments are %s",
			path, strings.Join(unknown, ", "), strings.Join(sortedSet(root.declared), ", "))
	}
	return l.desc, nil
}

type loader struct {
	desc *Description
}

func (l *loader) file(s *scope, path string, depth int, top bool) error {
	if depth > maxIncludeDepth {
		return fmt.Errorf("%s: includes nested deeper than %d: does a file include itself?", path, maxIncludeDepth)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("launch file: %w", err)
	}
	root, err := parseXML(path, data)
	if err != nil {
		return err
	}
	if err := checkAttrs(s, root); err != nil {
		return err
	}
	return l.block(s, root, "/", depth, top)
}

// block evaluates the children of <launch> or <group> in order. ns is the
// namespace pushed by enclosing groups.
func (l *loader) block(s *scope, parent *element, ns string, depth int, top bool) error {
	for _, e := range parent.Children {
		if err := checkAttrs(s, e); err != nil {
			return err
		}
		if ok, err := s.condition(e); err != nil || !ok {
			if err != nil {
				return err
			}
			// NOTE: an <arg> inside a false condition is still recorded as
			// declared, so a command-line value for it is not an error.
			if e.Name == "arg" {
				if name, _ := e.attr("name"); name != "" {
					s.declared[name] = true
				}
			}
			continue
		}
		var err error
		switch e.Name {
		case "arg":
			err = l.arg(s, e, top)
		case "let":
			err = l.let(s, e)
		case "node":
			err = l.node(s, e, ns)
		case "include":
			err = l.include(s, e, ns, depth)
		case "group":
			err = l.group(s, e, ns, depth)
		case "push-ros-namespace", "push_ros_namespace":
			ns, err = l.pushNamespace(s, e, ns)
		case "executable":
			err = l.executable(s, e)
		default:
			err = fmt.Errorf("%s:%d: unsupported element <%s> in <%s>: supported are arg, let, node, include, group, push-ros-namespace and executable",
				s.file, e.Line, e.Name, parent.Name)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) arg(s *scope, e *element, top bool) error {
	name, err := s.required(e, "name")
	if err != nil {
		return err
	}
	s.declared[name] = true
	def, hasDef, err := s.expandAttr(e, "default")
	if err != nil {
		return err
	}
	desc, _ := e.attr("description")
	if _, set := s.vars[name]; !set {
		if !hasDef {
			return fmt.Errorf("%s:%d: launch argument %q is required: pass %s:=VALUE", s.file, e.Line, name, name)
		}
		s.vars[name] = def
	}
	if top {
		l.desc.Args = append(l.desc.Args, Arg{Name: name, Default: def, HasDefault: hasDef, Description: desc, Value: s.vars[name]})
	}
	return nil
}

func (l *loader) let(s *scope, e *element) error {
	name, err := s.required(e, "name")
	if err != nil {
		return err
	}
	value, err := s.required(e, "value")
	if err != nil {
		return err
	}
	s.vars[name] = value
	return nil
}

func (l *loader) include(s *scope, e *element, ns string, depth int) error {
	file, err := s.required(e, "file")
	if err != nil {
		return err
	}
	if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("%s:%d: included launch file %s not found: check the path and $(find-pkg-share) package", s.file, e.Line, file)
	}
	// Arguments given to an include are visible in the included file only.
	inner := s.child(file)
	for _, c := range e.Children {
		if err := checkAttrs(s, c); err != nil {
			return err
		}
		if c.Name != "arg" {
			return fmt.Errorf("%s:%d: unsupported element <%s> in <include>: only <arg name value> is allowed", s.file, c.Line, c.Name)
		}
		name, err := s.required(c, "name")
		if err != nil {
			return err
		}
		value, err := s.required(c, "value")
		if err != nil {
			return err
		}
		inner.vars[name] = value
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("%s:%d: %w", s.file, e.Line, err)
	}
	root, err := parseXML(file, data)
	if err != nil {
		return err
	}
	if depth+1 > maxIncludeDepth {
		return fmt.Errorf("%s:%d: includes nested deeper than %d: does a file include itself?", s.file, e.Line, maxIncludeDepth)
	}
	if err := checkAttrs(inner, root); err != nil {
		return err
	}
	return l.block(inner, root, ns, depth+1, false)
}

func (l *loader) group(s *scope, e *element, ns string, depth int) error {
	scoped := true
	if v, ok, err := s.expandAttr(e, "scoped"); err != nil {
		return err
	} else if ok {
		if scoped, err = parseBool(v); err != nil {
			return fmt.Errorf("%s:%d: attribute scoped: %w", s.file, e.Line, err)
		}
	}
	inner := s
	if scoped {
		inner = s.child(s.file)
	}
	return l.block(inner, e, ns, depth, false)
}

func (l *loader) pushNamespace(s *scope, e *element, ns string) (string, error) {
	v, err := s.required(e, "namespace")
	if err != nil {
		return "", err
	}
	out, err := joinNamespace(ns, v)
	if err != nil {
		return "", fmt.Errorf("%s:%d: %w", s.file, e.Line, err)
	}
	return out, nil
}

func (l *loader) executable(s *scope, e *element) error {
	cmd, err := s.required(e, "cmd")
	if err != nil {
		return err
	}
	words := strings.Fields(cmd)
	if len(words) == 0 {
		return fmt.Errorf("%s:%d: <executable> has an empty cmd", s.file, e.Line)
	}
	l.desc.Executables = append(l.desc.Executables, Executable{Cmd: words, Source: fmt.Sprintf("%s:%d", s.file, e.Line)})
	return nil
}

// condition evaluates the if and unless attributes of e.
func (s *scope) condition(e *element) (bool, error) {
	for _, attr := range []string{"if", "unless"} {
		v, ok, err := s.expandAttr(e, attr)
		if err != nil || !ok {
			if err != nil {
				return false, err
			}
			continue
		}
		b, err := parseBool(v)
		if err != nil {
			return false, fmt.Errorf("%s:%d: attribute %s of <%s>: %w", s.file, e.Line, attr, e.Name, err)
		}
		if b == (attr == "unless") {
			return false, nil
		}
	}
	return true, nil
}

// parseBool accepts the condition values of ROS 2 launch: true, false, 1
// and 0, in any case.
func parseBool(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, fmt.Errorf("invalid boolean %q: use true or false", v)
}

// required returns the expanded attribute name of e, which must be set.
func (s *scope) required(e *element, name string) (string, error) {
	v, ok, err := s.expandAttr(e, name)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", fmt.Errorf("%s:%d: <%s> needs the attribute %s", s.file, e.Line, e.Name, name)
	}
	return v, nil
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
