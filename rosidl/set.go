package rosidl

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// Set is a collection of messages whose type references resolve within it.
type Set struct {
	msgs map[string]*Message // by FullName
}

// NewSet returns an empty Set.
func NewSet() *Set { return &Set{msgs: map[string]*Message{}} }

// Add adds m, rejecting a second message of the same name.
func (s *Set) Add(m *Message) error {
	if prev, ok := s.msgs[m.FullName()]; ok {
		return fmt.Errorf("%s: message %s already defined in %s", m.File, m.FullName(), prev.File)
	}
	s.msgs[m.FullName()] = m
	return nil
}

// Lookup returns the message with the full name "pkg/msg/Name".
func (s *Set) Lookup(fullName string) (*Message, bool) {
	m, ok := s.msgs[fullName]
	return m, ok
}

// Messages returns the messages sorted by full name.
func (s *Set) Messages() []*Message {
	out := make([]*Message, 0, len(s.msgs))
	for _, m := range s.msgs {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].FullName() < out[j].FullName() })
	return out
}

// Packages returns the sorted package names in s.
func (s *Set) Packages() []string {
	var pkgs []string
	for _, m := range s.msgs {
		if !slices.Contains(pkgs, m.Package) {
			pkgs = append(pkgs, m.Package)
		}
	}
	sort.Strings(pkgs)
	return pkgs
}

// LoadDir parses every *.msg file of directory dir as a message of package
// pkg and adds it to s.
func (s *Set) LoadDir(pkg, dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.msg"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("rosidl: no .msg files in %s", dir)
	}
	for _, file := range files {
		text, err := os.ReadFile(file)
		if err != nil {
			return fmt.Errorf("rosidl: %w", err)
		}
		name := strings.TrimSuffix(filepath.Base(file), ".msg")
		m, err := Parse(pkg, name, file, string(text))
		if err != nil {
			return fmt.Errorf("rosidl: %w", err)
		}
		if err := s.Add(m); err != nil {
			return fmt.Errorf("rosidl: %w", err)
		}
	}
	return nil
}

// LoadTree loads every package directory root/<pkg>/msg of a tree laid out
// like a ROS 2 workspace.
func (s *Set) LoadTree(root string) error {
	dirs, err := filepath.Glob(filepath.Join(root, "*", "msg"))
	if err != nil {
		return err
	}
	if len(dirs) == 0 {
		return fmt.Errorf("rosidl: no <package>/msg directories in %s", root)
	}
	for _, dir := range dirs {
		if err := s.LoadDir(filepath.Base(filepath.Dir(dir)), dir); err != nil {
			return err
		}
	}
	return nil
}

// Check returns an error naming the first field whose message type is
// missing from s, or the first cycle of message types that contain
// themselves.
func (s *Set) Check() error {
	for _, m := range s.Messages() {
		for _, f := range m.Fields {
			if f.Type.IsPrimitive() {
				continue
			}
			if _, ok := s.msgs[f.Type.FullName()]; !ok {
				return &ParseError{File: m.File, Line: f.Line, Msg: fmt.Sprintf("field %s: unknown message type %s: add its .msg file to the input", f.Name, f.Type.FullName())}
			}
		}
	}
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(m *Message, path []string) error
	visit = func(m *Message, path []string) error {
		switch state[m.FullName()] {
		case 1:
			return fmt.Errorf("rosidl: %s: recursive message types: %s", m.File, strings.Join(append(path, m.FullName()), " -> "))
		case 2:
			return nil
		}
		state[m.FullName()] = 1
		for _, f := range m.Fields {
			if dep, ok := s.msgs[f.Type.FullName()]; ok {
				if err := visit(dep, append(path, m.FullName())); err != nil {
					return err
				}
			}
		}
		state[m.FullName()] = 2
		return nil
	}
	for _, m := range s.Messages() {
		if err := visit(m, nil); err != nil {
			return err
		}
	}
	return nil
}

// Dependencies returns the message types m uses directly or indirectly, in
// depth-first order of first use, without m itself. s must pass Check.
func (s *Set) Dependencies(m *Message) []*Message {
	var out []*Message
	seen := map[string]bool{m.FullName(): true}
	var walk func(*Message)
	walk = func(m *Message) {
		for _, f := range m.Fields {
			dep, ok := s.msgs[f.Type.FullName()]
			if !ok || seen[dep.FullName()] {
				continue
			}
			seen[dep.FullName()] = true
			out = append(out, dep)
			walk(dep)
		}
	}
	walk(m)
	return out
}

// DefinitionSeparator is the line rosbag2 writes between the message
// definitions of a ros2msg schema.
var DefinitionSeparator = strings.Repeat("=", 80)

// Definition returns the complete ros2msg definition of m in the layout
// rosbag2 stores in MCAP schema records: the text of m, then for each
// dependency a newline, a line of 80 '=' characters, a line "MSG: pkg/Type"
// and the text of the dependency.
func (s *Set) Definition(m *Message) string {
	var b strings.Builder
	b.WriteString(m.Text)
	for _, dep := range s.Dependencies(m) {
		b.WriteString("\n")
		b.WriteString(DefinitionSeparator)
		b.WriteString("\nMSG: ")
		b.WriteString(dep.Package + "/" + dep.Name)
		b.WriteString("\n")
		b.WriteString(dep.Text)
	}
	return b.String()
}

// MinSize returns the smallest CDR encoding of m in bytes, without padding:
// a lower bound for the bytes each element of a sequence of m needs. Empty
// messages take 1 byte, the placeholder member that ROS 2 adds to them.
func (s *Set) MinSize(m *Message) int {
	n := 0
	for _, f := range m.Fields {
		n += s.minFieldSize(f.Type)
	}
	if len(m.Fields) == 0 {
		return 1
	}
	return n
}

func (s *Set) minFieldSize(t Type) int {
	if t.Array == Sequence || t.Array == BoundedSequence {
		return 4
	}
	elem := primitiveSizes[t.Name]
	if !t.IsPrimitive() {
		elem = s.MinSize(s.msgs[t.FullName()])
	}
	if t.Array == FixedArray {
		return elem * t.Len
	}
	return elem
}
