package rosidl

// ArrayKind is the container form of a field type.
type ArrayKind int

// Array kinds of a field type.
const (
	NotArray        ArrayKind = iota // a single value
	FixedArray                       // TYPE[N]
	Sequence                         // TYPE[]
	BoundedSequence                  // TYPE[<=N]
)

// primitiveSizes maps each primitive type to its CDR size and alignment in
// bytes; strings map to 4, the size of their length prefix.
var primitiveSizes = map[string]int{
	"bool": 1, "byte": 1, "char": 1, "int8": 1, "uint8": 1,
	"int16": 2, "uint16": 2,
	"int32": 4, "uint32": 4, "float32": 4,
	"int64": 8, "uint64": 8, "float64": 8,
	"string": 4, "wstring": 4,
}

// IsPrimitive reports whether name is a primitive type of the .msg language.
func IsPrimitive(name string) bool {
	_, ok := primitiveSizes[name]
	return ok
}

// Type is the type of a field or constant.
type Type struct {
	// Package is the package of a message type, resolved for same-package
	// references, and empty for primitives.
	Package string
	// Name is the primitive name ("float64", "string") or the message name
	// ("Header").
	Name string
	// StringBound is the maximum length of a bounded string (bytes) or
	// wstring (UTF-16 code units), 0 when unbounded.
	StringBound int
	// Array is the container form.
	Array ArrayKind
	// Len is the length of a fixed-size array or the bound of a bounded
	// sequence, 0 otherwise.
	Len int
}

// IsPrimitive reports whether the element type is a primitive.
func (t Type) IsPrimitive() bool { return t.Package == "" }

// IsString reports whether the element type is string or wstring.
func (t Type) IsString() bool { return t.Name == "string" || t.Name == "wstring" }

// FullName returns "pkg/msg/Name" for message types and the primitive name
// otherwise.
func (t Type) FullName() string {
	if t.IsPrimitive() {
		return t.Name
	}
	return t.Package + "/msg/" + t.Name
}

// Field is one field of a message.
type Field struct {
	Type Type
	Name string
	// Default is the parsed default value (see ParseValue), nil when the
	// field has none.
	Default any
	Line    int
}

// Constant is a named constant of a message.
type Constant struct {
	Type  Type // always a non-array primitive
	Name  string
	Value any // see ParseValue
	Line  int
}

// Message is a parsed .msg file.
type Message struct {
	Package   string
	Name      string
	Fields    []Field
	Constants []Constant
	// Text is the source text of the file, the form rosbag2 stores in bag
	// schemas.
	Text string
	// File is the path the message was read from, for error messages.
	File string
}

// FullName returns "pkg/msg/Name".
func (m *Message) FullName() string { return m.Package + "/msg/" + m.Name }
