package launchfile

import (
	"fmt"
	"os"
	"strings"

	"github.com/ebm-av/ebm_av/node"
)

// attributes lists the attributes each element accepts. Attributes that
// only matter to a process launcher (output, respawn, ...) are accepted and
// have no effect on composed nodes.
var attributes = map[string][]string{
	"launch":             {"version"},
	"arg":                {"name", "default", "description", "value", "if", "unless"},
	"let":                {"name", "value", "if", "unless"},
	"node":               {"pkg", "exec", "name", "namespace", "if", "unless", "output", "respawn", "respawn_delay", "emulate_tty", "launch-prefix"},
	"param":              {"name", "value", "from", "if", "unless"},
	"remap":              {"from", "to", "if", "unless"},
	"include":            {"file", "if", "unless"},
	"group":              {"scoped", "if", "unless"},
	"push-ros-namespace": {"namespace", "if", "unless"},
	"push_ros_namespace": {"namespace", "if", "unless"},
	"executable":         {"cmd", "name", "output", "if", "unless"},
}

// checkAttrs rejects attributes the element does not accept, so a typo
// such as namesapce fails instead of being ignored.
func checkAttrs(s *scope, e *element) error {
	allowed, ok := attributes[e.Name]
	if !ok {
		return nil // the caller reports the unsupported element
	}
	for _, a := range e.Attrs {
		if a.Name.Space != "" {
			continue // xmlns and schema attributes
		}
		found := false
		for _, name := range allowed {
			if a.Name.Local == name {
				found = true
				break
			}
		}
		if !found {
			return fmt.Errorf("%s:%d: unsupported attribute %s of <%s>: supported are %s",
				s.file, e.Line, a.Name.Local, e.Name, strings.Join(allowed, ", "))
		}
	}
	return nil
}

func (l *loader) node(s *scope, e *element, ns string) error {
	source := fmt.Sprintf("%s:%d", s.file, e.Line)
	n := Node{Source: source}
	var err error
	if n.Package, err = s.required(e, "pkg"); err != nil {
		return err
	}
	if n.Executable, err = s.required(e, "exec"); err != nil {
		return err
	}
	if n.Name, _, err = s.expandAttr(e, "name"); err != nil {
		return err
	}
	if n.Name != "" {
		if err := node.ValidateNodeName(n.Name); err != nil {
			return fmt.Errorf("%s: %w", source, err)
		}
	}
	nodeNS, _, err := s.expandAttr(e, "namespace")
	if err != nil {
		return err
	}
	if n.Namespace, err = joinNamespace(ns, nodeNS); err != nil {
		return fmt.Errorf("%s: %w", source, err)
	}
	for _, c := range e.Children {
		if err := checkAttrs(s, c); err != nil {
			return err
		}
		if ok, err := s.condition(c); err != nil || !ok {
			if err != nil {
				return err
			}
			continue
		}
		switch c.Name {
		case "param":
			params, err := s.param(c, "")
			if err != nil {
				return err
			}
			n.Params = append(n.Params, params...)
		case "remap":
			r, err := s.remap(c)
			if err != nil {
				return err
			}
			n.Remaps = append(n.Remaps, r)
		default:
			return fmt.Errorf("%s:%d: unsupported element <%s> in <node>: supported are param and remap", s.file, c.Line, c.Name)
		}
	}
	l.desc.Nodes = append(l.desc.Nodes, n)
	return nil
}

// param reads <param from=FILE/>, <param name value/> or a <param name>
// holding nested <param>s, whose names it prefixes with "NAME.".
func (s *scope) param(e *element, prefix string) ([]Param, error) {
	source := fmt.Sprintf("%s:%d", s.file, e.Line)
	from, hasFrom, err := s.expandAttr(e, "from")
	if err != nil {
		return nil, err
	}
	if hasFrom {
		if _, ok := e.attr("name"); ok {
			return nil, fmt.Errorf("%s: <param> has both from and name: use <param from=FILE/> or <param name value/>", source)
		}
		if prefix != "" {
			return nil, fmt.Errorf("%s: <param from> cannot be nested in <param name=%q>", source, strings.TrimSuffix(prefix, "."))
		}
		if _, err := os.Stat(from); err != nil {
			return nil, fmt.Errorf("%s: parameter file %s not found: fix the path or install the package's config directory", source, from)
		}
		return []Param{{File: from, Source: source}}, nil
	}
	name, err := s.required(e, "name")
	if err != nil {
		return nil, err
	}
	value, hasValue, err := s.expandAttr(e, "value")
	if err != nil {
		return nil, err
	}
	if !hasValue {
		if len(e.Children) == 0 {
			return nil, fmt.Errorf("%s: <param name=%q> needs a value attribute or nested <param> elements", source, name)
		}
		var out []Param
		for _, c := range e.Children {
			if c.Name != "param" {
				return nil, fmt.Errorf("%s:%d: unsupported element <%s> in <param>: only <param> nests", s.file, c.Line, c.Name)
			}
			if err := checkAttrs(s, c); err != nil {
				return nil, err
			}
			sub, err := s.param(c, prefix+name+".")
			if err != nil {
				return nil, err
			}
			out = append(out, sub...)
		}
		return out, nil
	}
	if len(e.Children) > 0 {
		return nil, fmt.Errorf("%s: <param name=%q> has both a value and nested elements", source, name)
	}
	return []Param{{Name: prefix + name, Value: value, Source: source}}, nil
}

func (s *scope) remap(e *element) (Remap, error) {
	from, err := s.required(e, "from")
	if err != nil {
		return Remap{}, err
	}
	to, err := s.required(e, "to")
	if err != nil {
		return Remap{}, err
	}
	source := fmt.Sprintf("%s:%d", s.file, e.Line)
	for _, name := range []string{from, to} {
		if err := node.ValidateTopic(name); err != nil {
			return Remap{}, fmt.Errorf("%s: remap %s:=%s: %w", source, from, to, err)
		}
	}
	return Remap{From: from, To: to, Source: source}, nil
}

// joinNamespace applies a node or group namespace to the namespace pushed
// so far: an absolute one replaces it, a relative one is appended.
func joinNamespace(base, ns string) (string, error) {
	ns = strings.TrimSuffix(ns, "/")
	var out string
	switch {
	case ns == "":
		out = base
	case strings.HasPrefix(ns, "/"):
		out = ns
	default:
		out = strings.TrimSuffix(base, "/") + "/" + ns
	}
	if out == "" {
		out = "/"
	}
	if err := node.ValidateNamespace(out); err != nil {
		return "", err
	}
	return out, nil
}

// RosArgs returns the node's name, namespace, parameters and remappings as
// the ROS 2 arguments a node executable would receive from ros2 launch.
// NOTE: parameter files apply before NAME:=VALUE parameters, whatever their
// order in the launch file, because node.Args keeps them in two lists.
func (n Node) RosArgs() node.Args {
	args := node.Args{NodeName: n.Name}
	if n.Namespace != "/" {
		args.Namespace = n.Namespace
	}
	for _, p := range n.Params {
		if p.File != "" {
			args.ParamFiles = append(args.ParamFiles, p.File)
			continue
		}
		args.Params = append(args.Params, node.ParamEntry{Name: p.Name, Value: node.ParseValue(p.Value), Source: p.Source})
	}
	for _, r := range n.Remaps {
		args.Remaps = append(args.Remaps, node.Remap{From: r.From, To: r.To})
	}
	return args
}
