package node

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

// ParamEntry is one parameter value read from a ROS 2 parameter file, with
// the file position it came from.
type ParamEntry struct {
	Name   string
	Value  any
	Source string // "FILE:LINE"
}

// LoadParamFile reads a ROS 2 YAML parameter file and returns the entries
// that apply to the node with the given fully qualified name (for example
// "/planner_ebm" or "/ego/planner_ebm"). Keys match as rcl does it: "/**",
// "/**/NAME", the fully qualified name and the bare node name, each holding a
// "ros__parameters" map. A namespace may also nest as maps, ego: planner_ebm:
// ros__parameters: being the key ego/planner_ebm. Nested maps under
// ros__parameters are flattened with "." separators.
// Entries of wildcard keys come first, so that node-specific ones override.
func LoadParamFile(file, fqn string) ([]ParamEntry, error) {
	data, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("parameter file %s not found: check the --params-file path", file)
	}
	if err != nil {
		return nil, fmt.Errorf("parameter file: %w", err)
	}
	return ParseParamFile(file, data, fqn)
}

// ParseParamFile is LoadParamFile on data already read; file names the source
// in errors.
func ParseParamFile(file string, data []byte, fqn string) ([]ParamEntry, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parameter file %s: invalid YAML: %w", file, err)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: parameter file must be a map of node names to ros__parameters", file, root.Line)
	}
	var wildcard, specific []ParamEntry
	for i := 0; i+1 < len(root.Content); i += 2 {
		sections, err := nodeSections(file, root.Content[i], root.Content[i+1], root.Content[i].Value)
		if err != nil {
			return nil, err
		}
		for _, sec := range sections {
			match, exact := matchNodeKey(sec.key, fqn)
			if !match {
				continue
			}
			entries, err := flatten(file, "", sec.params)
			if err != nil {
				return nil, err
			}
			if exact {
				specific = append(specific, entries...)
			} else {
				wildcard = append(wildcard, entries...)
			}
		}
	}
	return append(wildcard, specific...), nil
}

// nodeSection is the ros__parameters map of one node key.
type nodeSection struct {
	key    string
	params *yaml.Node
}

// nodeSections returns the ros__parameters maps under a node key, joining
// nested namespace keys with "/".
func nodeSections(file string, keyNode, body *yaml.Node, key string) ([]nodeSection, error) {
	if body.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: node key %q must hold a map with ros__parameters", file, keyNode.Line, key)
	}
	var out []nodeSection
	for j := 0; j+1 < len(body.Content); j += 2 {
		k, v := body.Content[j], body.Content[j+1]
		if k.Value == "ros__parameters" {
			out = append(out, nodeSection{key: key, params: v})
			continue
		}
		if v.Kind != yaml.MappingNode || !holdsParameters(v) {
			return nil, fmt.Errorf("%s:%d: unexpected key %q under %q: only ros__parameters or a nested node name holding ros__parameters is allowed here; indent parameters under ros__parameters",
				file, k.Line, k.Value, key)
		}
		sub, err := nodeSections(file, k, v, strings.TrimSuffix(key, "/")+"/"+k.Value)
		if err != nil {
			return nil, err
		}
		out = append(out, sub...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s:%d: node key %q has no ros__parameters map", file, keyNode.Line, key)
	}
	return out, nil
}

// holdsParameters reports whether a ros__parameters key sits in the map n
// or in a map nested in it.
func holdsParameters(n *yaml.Node) bool {
	for j := 0; j+1 < len(n.Content); j += 2 {
		if n.Content[j].Value == "ros__parameters" {
			return true
		}
		if v := n.Content[j+1]; v.Kind == yaml.MappingNode && holdsParameters(v) {
			return true
		}
	}
	return false
}

// matchNodeKey reports whether a parameter file key applies to the node fqn,
// and whether it names the node exactly rather than by wildcard.
func matchNodeKey(key, fqn string) (match, exact bool) {
	if !strings.HasPrefix(fqn, "/") {
		fqn = "/" + fqn
	}
	name := path.Base(fqn)
	switch {
	case key == "/**":
		return true, false
	case strings.HasPrefix(key, "/**/"):
		return strings.TrimPrefix(key, "/**/") == name, false
	case key == fqn, "/"+key == fqn, key == name:
		return true, true
	}
	if ok, err := path.Match(key, fqn); err == nil && ok {
		return true, false
	}
	return false, false
}

func flatten(file, prefix string, n *yaml.Node) ([]ParamEntry, error) {
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: ros__parameters must be a map", file, n.Line)
	}
	var out []ParamEntry
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		name := key.Value
		if prefix != "" {
			name = prefix + "." + name
		}
		if val.Kind == yaml.MappingNode {
			sub, err := flatten(file, name, val)
			if err != nil {
				return nil, err
			}
			out = append(out, sub...)
			continue
		}
		var v any
		if err := val.Decode(&v); err != nil {
			return nil, fmt.Errorf("%s:%d: parameter %q: %w", file, val.Line, name, err)
		}
		out = append(out, ParamEntry{Name: name, Value: v, Source: fmt.Sprintf("%s:%d", file, val.Line)})
	}
	return out, nil
}

// Apply sets every entry on p and returns all errors joined, so a user sees
// every bad line of a file at once.
func (p *Params) Apply(entries []ParamEntry) error {
	var errs []string
	for _, e := range entries {
		if err := p.Set(e.Name, e.Value, e.Source); err != nil {
			errs = append(errs, err.Error())
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return nil
}
