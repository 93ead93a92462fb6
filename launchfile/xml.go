package launchfile

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// element is one XML element of a launch file with the line it starts on.
type element struct {
	Name     string
	Attrs    []xml.Attr
	Children []*element
	Line     int
}

// attr returns the value of the attribute name and whether it is present.
func (e *element) attr(name string) (string, bool) {
	for _, a := range e.Attrs {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// parseXML reads data into an element tree. Errors carry file and line.
func parseXML(file string, data []byte) (*element, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	lineAt := func(offset int64) int { return 1 + bytes.Count(data[:min(int(offset), len(data))], []byte("\n")) }
	var root *element
	var stack []*element
	for {
		offset := dec.InputOffset()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, fmt.Errorf("%s:%d: invalid XML: %s", file, se.Line, se.Msg)
			}
			return nil, fmt.Errorf("%s: invalid XML: %w", file, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			e := &element{Name: t.Name.Local, Attrs: t.Attr, Line: lineAt(offset)}
			if len(stack) == 0 {
				if root != nil {
					return nil, fmt.Errorf("%s:%d: second root element <%s>: a launch file has one <launch> root", file, e.Line, e.Name)
				}
				root = e
			} else {
				parent := stack[len(stack)-1]
				parent.Children = append(parent.Children, e)
			}
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 && len(bytes.TrimSpace(t)) > 0 {
				return nil, fmt.Errorf("%s:%d: unexpected text %q inside <%s>: launch XML sets everything with attributes",
					file, lineAt(offset), bytes.TrimSpace(t), stack[len(stack)-1].Name)
			}
		}
	}
	if root == nil {
		return nil, fmt.Errorf("%s: no root element: a launch file starts with <launch>", file)
	}
	if root.Name != "launch" {
		return nil, fmt.Errorf("%s:%d: root element is <%s>: a launch file starts with <launch>", file, root.Line, root.Name)
	}
	return root, nil
}
