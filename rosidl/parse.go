package rosidl

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

var (
	fieldNameRE    = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	constantNameRE = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
	identifierRE   = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
	messageNameRE  = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`)
)

// ParseError is a syntax or type error in a .msg file.
type ParseError struct {
	File string
	Line int // 1-based, 0 for errors about the whole file
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// Parse parses the .msg text of message pkg/name. file names the source in
// error messages. Same-package type references are resolved to pkg.
func Parse(pkg, name, file, text string) (*Message, error) {
	if !identifierRE.MatchString(pkg) {
		return nil, &ParseError{File: file, Msg: fmt.Sprintf("invalid package name %q: want a lower-case identifier", pkg)}
	}
	if !messageNameRE.MatchString(name) {
		return nil, &ParseError{File: file, Msg: fmt.Sprintf("invalid message name %q: want CamelCase starting with an upper-case letter", name)}
	}
	m := &Message{Package: pkg, Name: name, Text: text, File: file}
	names := map[string]int{}
	for i, raw := range strings.Split(text, "\n") {
		line := i + 1
		fail := func(format string, args ...any) error {
			return &ParseError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
		}
		content := strings.TrimSpace(stripComment(raw))
		if content == "" {
			continue
		}
		if content == "---" {
			return nil, fail("service or action separator '---' in a message file: parse .srv and .action files per part")
		}
		typeText, rest, _ := strings.Cut(content, " ")
		rest = strings.TrimSpace(rest)
		if rest == "" {
			return nil, fail("missing name after type %q: want 'TYPE NAME'", typeText)
		}
		typ, err := parseType(pkg, typeText)
		if err != nil {
			return nil, fail("%v", err)
		}
		if fieldName, value, isConst := cutConstant(rest); isConst {
			c, err := parseConstant(typ, fieldName, value)
			if err != nil {
				return nil, fail("constant %s: %v", fieldName, err)
			}
			c.Line = line
			if prev, dup := names[c.Name]; dup {
				return nil, fail("duplicate name %s, first declared on line %d", c.Name, prev)
			}
			names[c.Name] = line
			m.Constants = append(m.Constants, c)
			continue
		}
		fieldName, defaultText, _ := strings.Cut(rest, " ")
		defaultText = strings.TrimSpace(defaultText)
		if !fieldNameRE.MatchString(fieldName) || strings.Contains(fieldName, "__") || strings.HasSuffix(fieldName, "_") {
			return nil, fail("invalid field name %q: want lower_snake_case without double or trailing underscores", fieldName)
		}
		if prev, dup := names[fieldName]; dup {
			return nil, fail("duplicate name %s, first declared on line %d", fieldName, prev)
		}
		names[fieldName] = line
		f := Field{Type: typ, Name: fieldName, Line: line}
		if defaultText != "" {
			if !typ.IsPrimitive() {
				return nil, fail("field %s: default values are allowed only for primitive types, not %s", fieldName, typeText)
			}
			v, err := ParseValue(typ, defaultText)
			if err != nil {
				return nil, fail("field %s: invalid default value: %v", fieldName, err)
			}
			f.Default = v
		}
		m.Fields = append(m.Fields, f)
	}
	return m, nil
}

// stripComment removes a '#' comment, ignoring '#' inside quoted strings.
func stripComment(line string) string {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0 && c == '\\':
			i++
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		case quote == 0 && c == '#':
			return line[:i]
		}
	}
	return line
}

// cutConstant splits "NAME=VALUE" (spaces around '=' allowed) and reports
// whether rest declares a constant. A '=' inside a quoted default value does
// not count.
func cutConstant(rest string) (name, value string, ok bool) {
	eq := strings.IndexByte(rest, '=')
	if eq < 0 {
		return "", "", false
	}
	if q := strings.IndexAny(rest, `"'`); q >= 0 && q < eq {
		return "", "", false
	}
	name = strings.TrimSpace(rest[:eq])
	if strings.ContainsAny(name, " \t") {
		return "", "", false
	}
	return name, strings.TrimSpace(rest[eq+1:]), true
}

func parseConstant(typ Type, name, value string) (Constant, error) {
	if !constantNameRE.MatchString(name) {
		return Constant{}, fmt.Errorf("invalid constant name: want UPPER_SNAKE_CASE")
	}
	if !typ.IsPrimitive() || typ.Array != NotArray {
		return Constant{}, fmt.Errorf("constants must have a primitive non-array type")
	}
	if value == "" {
		return Constant{}, fmt.Errorf("missing value after '='")
	}
	if typ.IsString() && value[0] != '"' && value[0] != '\'' {
		// Unquoted string constants take the rest of the line verbatim.
		return Constant{Type: typ, Name: name, Value: value}, nil
	}
	v, err := ParseValue(typ, value)
	if err != nil {
		return Constant{}, err
	}
	return Constant{Type: typ, Name: name, Value: v}, nil
}

// parseType parses a field type such as "float64[<=3]", "string<=8[]",
// "geometry_msgs/Pose[]" or "Lane" (resolved to package pkg).
func parseType(pkg, text string) (Type, error) {
	var t Type
	base := text
	if open := strings.IndexByte(text, '['); open >= 0 {
		if !strings.HasSuffix(text, "]") {
			return t, fmt.Errorf("invalid array type %q: want TYPE[], TYPE[N] or TYPE[<=N]", text)
		}
		base = text[:open]
		inside := text[open+1 : len(text)-1]
		switch {
		case inside == "":
			t.Array = Sequence
		case strings.HasPrefix(inside, "<="):
			n, err := parseBound(inside[2:])
			if err != nil {
				return t, fmt.Errorf("invalid sequence bound in %q: %v", text, err)
			}
			t.Array, t.Len = BoundedSequence, n
		default:
			n, err := parseBound(inside)
			if err != nil {
				return t, fmt.Errorf("invalid array length in %q: %v", text, err)
			}
			t.Array, t.Len = FixedArray, n
		}
	}
	if s, bound, ok := strings.Cut(base, "<="); ok {
		if s != "string" && s != "wstring" {
			return t, fmt.Errorf("invalid type %q: only string and wstring take a '<=' bound", text)
		}
		n, err := parseBound(bound)
		if err != nil {
			return t, fmt.Errorf("invalid string bound in %q: %v", text, err)
		}
		t.Name, t.StringBound = s, n
		return t, nil
	}
	if IsPrimitive(base) {
		t.Name = base
		return t, nil
	}
	typePkg, name, qualified := strings.Cut(base, "/")
	if !qualified {
		typePkg, name = pkg, base
	} else if p, n, ok := strings.Cut(name, "/"); ok && p == "msg" {
		// Accept "pkg/msg/Type" as rosbag2 schemas of newer distributions write it.
		name = n
	}
	if !identifierRE.MatchString(typePkg) || !messageNameRE.MatchString(name) {
		return t, fmt.Errorf("unknown type %q: want a primitive, pkg/Type or Type", text)
	}
	t.Package, t.Name = typePkg, name
	return t, nil
}

func parseBound(s string) (int, error) {
	n, err := strconv.ParseUint(s, 10, 31)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("%q is not a positive integer", s)
	}
	return int(n), nil
}
