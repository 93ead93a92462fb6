package rosidl

import (
	"strings"
	"unicode"
)

// initialisms are the words Go style writes in capitals inside identifiers.
var initialisms = map[string]bool{
	"ACL": true, "API": true, "ASCII": true, "CPU": true, "CSS": true, "DNS": true,
	"EOF": true, "GUID": true, "HTML": true, "HTTP": true, "HTTPS": true, "ID": true,
	"IP": true, "JSON": true, "QPS": true, "RAM": true, "RPC": true, "SLA": true,
	"SMTP": true, "SQL": true, "SSH": true, "TCP": true, "TLS": true, "TTL": true,
	"UDP": true, "UI": true, "UID": true, "UUID": true, "URI": true, "URL": true,
	"UTF8": true, "VM": true, "XML": true, "XMPP": true, "XSRF": true, "XSS": true,
	"IDS": true,
	// Robotics and imaging terms written in capitals in ROS field names.
	"UV": true, "ROI": true, "RGB": true, "RGBA": true,
}

// GoName converts a snake_case field name or an UPPER_SNAKE_CASE constant
// name to an exported Go identifier with Go initialisms: "frame_id" becomes
// "FrameID", "LINE_STRIP" becomes "LineStrip".
func GoName(name string) string {
	var b strings.Builder
	for _, word := range strings.Split(name, "_") {
		if word == "" {
			continue
		}
		upper := strings.ToUpper(word)
		if initialisms[upper] {
			if upper == "IDS" {
				upper = "IDs"
			}
			b.WriteString(upper)
			continue
		}
		lower := []rune(strings.ToLower(word))
		lower[0] = unicode.ToUpper(lower[0])
		b.WriteString(string(lower))
	}
	return b.String()
}

// FileName converts a CamelCase message name to the snake_case base name of
// its generated file: "ColorRGBA" becomes "color_rgba", "PointCloud2"
// becomes "point_cloud2".
func FileName(name string) string {
	r := []rune(name)
	var b strings.Builder
	for i, c := range r {
		if unicode.IsUpper(c) && i > 0 {
			prev := r[i-1]
			nextLower := i+1 < len(r) && unicode.IsLower(r[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				b.WriteByte('_')
			}
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}
