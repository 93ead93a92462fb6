package rosidl

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
)

// ParseValue parses the text of a default or constant value of type t. A
// scalar becomes bool, int64 (signed integers), uint64 (unsigned integers,
// byte and char), float64 or string; an array becomes []any of those. Values
// are range-checked against the element type, and arrays against the length
// or bound of t.
func ParseValue(t Type, text string) (any, error) {
	if t.Array == NotArray {
		return parseScalar(t, strings.TrimSpace(text))
	}
	text = strings.TrimSpace(text)
	if !strings.HasPrefix(text, "[") || !strings.HasSuffix(text, "]") {
		return nil, fmt.Errorf("array value %q must be enclosed in [ ]", text)
	}
	items, err := splitArray(text[1 : len(text)-1])
	if err != nil {
		return nil, err
	}
	switch {
	case t.Array == FixedArray && len(items) != t.Len:
		return nil, fmt.Errorf("array value has %d elements, the type needs %d", len(items), t.Len)
	case t.Array == BoundedSequence && len(items) > t.Len:
		return nil, fmt.Errorf("sequence value has %d elements, over the bound of %d", len(items), t.Len)
	}
	elem := t
	elem.Array, elem.Len = NotArray, 0
	out := make([]any, len(items))
	for i, item := range items {
		v, err := parseScalar(elem, item)
		if err != nil {
			return nil, fmt.Errorf("element %d: %v", i, err)
		}
		out[i] = v
	}
	return out, nil
}

// splitArray splits the inside of "[a, b, c]" at commas outside quotes.
func splitArray(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var items []string
	var quote byte
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0 && c == '\\':
			i++
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		case quote == 0 && c == ',':
			items = append(items, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unterminated string in array value")
	}
	return append(items, strings.TrimSpace(s[start:])), nil
}

func parseScalar(t Type, s string) (any, error) {
	switch t.Name {
	case "bool":
		switch strings.ToLower(s) {
		case "true", "1":
			return true, nil
		case "false", "0":
			return false, nil
		}
		return nil, fmt.Errorf("invalid bool %q: want true or false", s)
	case "byte", "char", "uint8", "uint16", "uint32", "uint64":
		bits := map[string]int{"byte": 8, "char": 8, "uint8": 8, "uint16": 16, "uint32": 32, "uint64": 64}[t.Name]
		v, err := strconv.ParseUint(s, 0, bits)
		if err != nil {
			return nil, fmt.Errorf("invalid %s %q: want an integer in [0, %d]", t.Name, s, uint64(math.MaxUint64)>>(64-bits))
		}
		return v, nil
	case "int8", "int16", "int32", "int64":
		bits := map[string]int{"int8": 8, "int16": 16, "int32": 32, "int64": 64}[t.Name]
		v, err := strconv.ParseInt(s, 0, bits)
		if err != nil {
			return nil, fmt.Errorf("invalid %s %q: want an integer in [%d, %d]", t.Name, s, int64(-1)<<(bits-1), int64(1)<<(bits-1)-1)
		}
		return v, nil
	case "float32", "float64":
		bits := 64
		if t.Name == "float32" {
			bits = 32
		}
		v, err := strconv.ParseFloat(s, bits)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return nil, fmt.Errorf("invalid %s %q: want a finite number", t.Name, s)
		}
		return v, nil
	case "string", "wstring":
		v, err := unquote(s)
		if err != nil {
			return nil, err
		}
		n := len(v)
		if t.Name == "wstring" {
			n = len(utf16.Encode([]rune(v)))
		}
		if t.StringBound > 0 && n > t.StringBound {
			return nil, fmt.Errorf("string %q is longer than the bound %d", v, t.StringBound)
		}
		return v, nil
	}
	return nil, fmt.Errorf("type %s takes no literal value", t.Name)
}

// unquote parses a single- or double-quoted string with backslash escapes
// of the quote and the backslash. Unquoted text is returned as is.
func unquote(s string) (string, error) {
	if s == "" || (s[0] != '"' && s[0] != '\'') {
		return s, nil
	}
	quote := s[0]
	if len(s) < 2 || s[len(s)-1] != quote {
		return "", fmt.Errorf("unterminated string %s", s)
	}
	var b strings.Builder
	body := s[1 : len(s)-1]
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c == '\\' && i+1 < len(body) {
			i++
			b.WriteByte(body[i])
			continue
		}
		if c == quote {
			return "", fmt.Errorf("unescaped %c inside string %s", quote, s)
		}
		b.WriteByte(c)
	}
	return b.String(), nil
}
