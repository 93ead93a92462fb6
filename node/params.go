package node

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// ParamType is the type of a declared parameter, as rcl_interfaces defines them.
type ParamType int

// Parameter types supported by the node runtime.
const (
	ParamBool ParamType = iota + 1
	ParamInt
	ParamDouble
	ParamString
	ParamDoubleArray
	ParamStringArray
)

func (t ParamType) String() string {
	switch t {
	case ParamBool:
		return "bool"
	case ParamInt:
		return "integer"
	case ParamDouble:
		return "double"
	case ParamString:
		return "string"
	case ParamDoubleArray:
		return "double array"
	case ParamStringArray:
		return "string array"
	}
	return fmt.Sprintf("ParamType(%d)", int(t))
}

// ParamDescriptor declares one parameter: its type, default, allowed range and
// description. Min and Max bound integer and double values (and every element
// of a double array) when HasRange is true.
type ParamDescriptor struct {
	Name        string
	Type        ParamType
	Default     any
	Description string
	HasRange    bool
	Min, Max    float64
	ReadOnly    bool
}

// Params holds the declared parameters of one node and their current values.
type Params struct {
	node   string
	descs  map[string]ParamDescriptor
	values map[string]any
	// sources records where each value was set, for error messages.
	sources map[string]string
}

// NewParams returns an empty parameter set for the named node.
func NewParams(node string) *Params {
	return &Params{node: node, descs: map[string]ParamDescriptor{}, values: map[string]any{}, sources: map[string]string{}}
}

// Declare registers a parameter with its default value. It panics when the
// descriptor is inconsistent, because that is a programming error.
func (p *Params) Declare(d ParamDescriptor) {
	if d.Name == "" {
		panic("node: parameter declared without a name")
	}
	if _, dup := p.descs[d.Name]; dup {
		panic(fmt.Sprintf("node: parameter %q declared twice", d.Name))
	}
	v, err := coerce(d, d.Default)
	if err != nil {
		panic(fmt.Sprintf("node: default of parameter %q: %v", d.Name, err))
	}
	if err := checkRange(d, v); err != nil {
		panic(fmt.Sprintf("node: default of parameter %q: %v", d.Name, err))
	}
	p.descs[d.Name] = d
	p.values[d.Name] = v
	p.sources[d.Name] = "default"
}

// Set validates and assigns a value; source names where it came from (a file
// and line, or "--ros-args -p") for error messages.
func (p *Params) Set(name string, value any, source string) error {
	d, ok := p.descs[name]
	if !ok {
		return fmt.Errorf("%s: unknown parameter %q for node %q: declared parameters are %s", source, name, p.node, strings.Join(p.Names(), ", "))
	}
	v, err := coerce(d, value)
	if err != nil {
		return fmt.Errorf("%s: parameter %q of node %q: %w", source, name, p.node, err)
	}
	if err := checkRange(d, v); err != nil {
		return fmt.Errorf("%s: parameter %q of node %q: %w", source, name, p.node, err)
	}
	p.values[name] = v
	p.sources[name] = source
	return nil
}

// Names returns the declared parameter names in sorted order.
func (p *Params) Names() []string {
	names := make([]string, 0, len(p.descs))
	for n := range p.descs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Descriptor returns the declaration of name.
func (p *Params) Descriptor(name string) (ParamDescriptor, bool) {
	d, ok := p.descs[name]
	return d, ok
}

// Source returns where the current value of name was set.
func (p *Params) Source(name string) string { return p.sources[name] }

// Overrides describes every parameter whose value was set from a file or
// the command line as "NAME=VALUE (SOURCE)", in name order. Nodes append it
// to errors of their own validation, which has values but not sources.
func (p *Params) Overrides() string {
	var out []string
	for _, name := range p.Names() {
		if src := p.sources[name]; src != "default" {
			out = append(out, fmt.Sprintf("%s=%v (%s)", name, p.values[name], src))
		}
	}
	if len(out) == 0 {
		return "all parameters at their defaults"
	}
	return "parameters set: " + strings.Join(out, ", ")
}

func (p *Params) get(name string, t ParamType) any {
	d, ok := p.descs[name]
	if !ok {
		panic(fmt.Sprintf("node: parameter %q read but never declared", name))
	}
	if d.Type != t {
		panic(fmt.Sprintf("node: parameter %q is %s, read as %s", name, d.Type, t))
	}
	return p.values[name]
}

// Bool returns the value of a declared bool parameter.
func (p *Params) Bool(name string) bool { return p.get(name, ParamBool).(bool) }

// Int returns the value of a declared integer parameter.
func (p *Params) Int(name string) int64 { return p.get(name, ParamInt).(int64) }

// Double returns the value of a declared double parameter.
func (p *Params) Double(name string) float64 { return p.get(name, ParamDouble).(float64) }

// String returns the value of a declared string parameter.
func (p *Params) String(name string) string { return p.get(name, ParamString).(string) }

// DoubleArray returns a copy of the value of a declared double array parameter.
func (p *Params) DoubleArray(name string) []float64 {
	return append([]float64(nil), p.get(name, ParamDoubleArray).([]float64)...)
}

// StringArray returns a copy of the value of a declared string array parameter.
func (p *Params) StringArray(name string) []string {
	return append([]string(nil), p.get(name, ParamStringArray).([]string)...)
}

// coerce converts a YAML or command-line value to the declared type. Integers
// are accepted for doubles, as ROS 2 does not; that is a deliberate
// convenience because YAML writes 1.0 as 1 easily.
func coerce(d ParamDescriptor, v any) (any, error) {
	switch d.Type {
	case ParamBool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case ParamInt:
		switch x := v.(type) {
		case int:
			return int64(x), nil
		case int64:
			return x, nil
		}
	case ParamDouble:
		switch x := v.(type) {
		case float64:
			return x, nil
		case int:
			return float64(x), nil
		case int64:
			return float64(x), nil
		}
	case ParamString:
		if s, ok := v.(string); ok {
			return s, nil
		}
	case ParamDoubleArray:
		switch x := v.(type) {
		case []float64:
			return append([]float64(nil), x...), nil
		case []any:
			out := make([]float64, len(x))
			for i, e := range x {
				f, err := coerce(ParamDescriptor{Type: ParamDouble}, e)
				if err != nil {
					return nil, fmt.Errorf("element %d: %w", i, err)
				}
				out[i] = f.(float64)
			}
			return out, nil
		}
	case ParamStringArray:
		switch x := v.(type) {
		case []string:
			return append([]string(nil), x...), nil
		case []any:
			out := make([]string, len(x))
			for i, e := range x {
				s, ok := e.(string)
				if !ok {
					return nil, fmt.Errorf("element %d is %v (%T): expected a string", i, e, e)
				}
				out[i] = s
			}
			return out, nil
		}
	}
	return nil, fmt.Errorf("invalid value %v (%T): expected %s", v, v, d.Type)
}

func checkRange(d ParamDescriptor, v any) error {
	check := func(f float64) error {
		if math.IsNaN(f) {
			return fmt.Errorf("invalid value NaN: expected a number in [%g, %g]", d.Min, d.Max)
		}
		if d.HasRange && (f < d.Min || f > d.Max) {
			return fmt.Errorf("value %g out of range: allowed range is [%g, %g]", f, d.Min, d.Max)
		}
		return nil
	}
	switch x := v.(type) {
	case int64:
		return check(float64(x))
	case float64:
		return check(x)
	case []float64:
		for i, f := range x {
			if err := check(f); err != nil {
				return fmt.Errorf("element %d: %w", i, err)
			}
		}
	}
	return nil
}

// ParseValue converts a command-line value (from -p name:=value) to a Go
// value with YAML's rules: true/false, integers, doubles, [a, b] arrays,
// anything else as a string.
func ParseValue(s string) any {
	switch s {
	case "true", "True":
		return true
	case "false", "False":
		return false
	}
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return i
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return f
	}
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		inner := strings.TrimSpace(s[1 : len(s)-1])
		if inner == "" {
			return []any{}
		}
		parts := strings.Split(inner, ",")
		out := make([]any, len(parts))
		for i, part := range parts {
			out[i] = ParseValue(strings.Trim(strings.TrimSpace(part), `"'`))
		}
		return out
	}
	return s
}
