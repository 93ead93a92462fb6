package testmsgs_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/rosidl"
)

// parseDefinition splits a ros2msg schema into its message sections and
// parses each. rootName is "pkg/Type" or "pkg/msg/Type".
func parseDefinition(t *testing.T, rootName, text string) map[string]*rosidl.Message {
	t.Helper()
	sections := strings.Split(text, rosidl.DefinitionSeparator+"\n")
	out := map[string]*rosidl.Message{}
	for i, section := range sections {
		name := rootName
		body := section
		if i > 0 {
			header, rest, _ := strings.Cut(section, "\n")
			require.True(t, strings.HasPrefix(header, "MSG: "), "section %d of %s starts with %q", i, rootName, header)
			name, body = strings.TrimPrefix(header, "MSG: "), rest
		}
		name = strings.Replace(name, "/msg/", "/", 1)
		pkg, typeName, ok := strings.Cut(name, "/")
		require.True(t, ok, "type name %q", name)
		m, err := rosidl.Parse(pkg, typeName, rootName+" schema", body)
		require.NoError(t, err)
		out[m.FullName()] = m
	}
	return out
}

// sameMessage compares the constants and fields of two parsed definitions,
// ignoring line numbers and, when withDefaults is false, default values.
func sameMessage(t *testing.T, want, got *rosidl.Message, withDefaults bool) {
	t.Helper()
	name := want.FullName()
	require.Len(t, got.Constants, len(want.Constants), "constants of %s", name)
	constants := map[string]rosidl.Constant{}
	for _, c := range got.Constants {
		c.Line = 0
		constants[c.Name] = c
	}
	for _, c := range want.Constants {
		c.Line = 0
		assert.Equal(t, c, constants[c.Name], "constant %s of %s", c.Name, name)
	}
	require.Len(t, got.Fields, len(want.Fields), "fields of %s", name)
	for i := range want.Fields {
		w, g := want.Fields[i], got.Fields[i]
		w.Line, g.Line = 0, 0
		if !withDefaults {
			w.Default, g.Default = nil, nil
		}
		assert.Equal(t, w, g, "field %d of %s", i, name)
	}
}

var commentRE = regexp.MustCompile(`(?m)^\s*#.*$|\s+#[^"'\n]*$`)

// normalizeDefinition drops comments, blank lines and repeated spaces.
func normalizeDefinition(text string) string {
	var lines []string
	for _, line := range strings.Split(commentRE.ReplaceAllString(text, ""), "\n") {
		if line = strings.Join(strings.Fields(line), " "); line != "" {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}

func TestDefinitionsMatchRosbag2Schemas(t *testing.T) {
	for _, rel := range rosbag2Bags {
		path := shareddata.Path(t, rel)
		seen := map[string]bool{}
		for _, bm := range readBag(t, path) {
			if isServiceSchema(bm.SchemaName) || seen[bm.SchemaName] {
				continue
			}
			seen[bm.SchemaName] = true
			m, ok := newMessage(bm.SchemaName)
			require.True(t, ok, bm.SchemaName)

			stored := parseDefinition(t, bm.SchemaName, bm.Schema)
			ours := parseDefinition(t, m.ROSTypeName(), m.ROSDefinition())
			require.Len(t, ours, len(stored), "types in the definition of %s", bm.SchemaName)
			for name, want := range stored {
				got, ok := ours[name]
				require.True(t, ok, "definition of %s lacks %s", bm.SchemaName, name)
				sameMessage(t, want, got, true)
			}
			if strings.HasPrefix(m.ROSTypeName(), "test_msgs/") {
				// test_msgs keeps the Humble text, so only comments and
				// whitespace may differ.
				assert.Equal(t, normalizeDefinition(bm.Schema), normalizeDefinition(m.ROSDefinition()), bm.SchemaName)
			}
		}
	}
}

// rosbagsRSMissingDefaults are the types whose Humble definition has default
// values that the rosbags-rs schemas leave out; the wire format is the same.
var rosbagsRSMissingDefaults = map[string]bool{"geometry_msgs/msg/Quaternion": true}

func TestDefinitionsMatchRosbagsRSSchemas(t *testing.T) {
	path := shareddata.Path(t, rosbagsRSBag)
	seen := map[string]bool{}
	for _, bm := range readBag(t, path) {
		if seen[bm.SchemaName] {
			continue
		}
		seen[bm.SchemaName] = true
		m, ok := newMessage(bm.SchemaName)
		require.True(t, ok, bm.SchemaName)
		stored := parseDefinition(t, bm.SchemaName, bm.Schema)
		ours := parseDefinition(t, m.ROSTypeName(), m.ROSDefinition())
		require.Len(t, ours, len(stored), "types in the definition of %s", bm.SchemaName)
		for name, want := range stored {
			got, ok := ours[name]
			require.True(t, ok, "definition of %s lacks %s", bm.SchemaName, name)
			sameMessage(t, want, got, !rosbagsRSMissingDefaults[name])
		}
	}
	assert.Len(t, seen, 94)
}
