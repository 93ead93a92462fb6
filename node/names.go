package node

import (
	"fmt"
	"strings"
)

// ValidateNodeName checks a node name by the rules of rmw_validate_node_name:
// letters, digits and underscores, not starting with a digit.
func ValidateNodeName(name string) error {
	if name == "" {
		return fmt.Errorf("invalid node name %q: must not be empty", name)
	}
	for i, r := range name {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return fmt.Errorf("invalid node name %q: character %q at %d; use letters, digits and underscores, not starting with a digit", name, r, i)
		}
	}
	return nil
}

// ValidateNamespace checks an absolute namespace such as "/" or "/ego/front".
func ValidateNamespace(ns string) error {
	if ns == "/" {
		return nil
	}
	if !strings.HasPrefix(ns, "/") {
		return fmt.Errorf("invalid namespace %q: must be absolute, for example /%s", ns, ns)
	}
	if strings.HasSuffix(ns, "/") {
		return fmt.Errorf("invalid namespace %q: must not end with '/'", ns)
	}
	return validateTokens(ns[1:], "namespace", ns)
}

// ValidateTopic checks a topic name, absolute, relative or private (~/name).
func ValidateTopic(topic string) error {
	t := topic
	switch {
	case t == "":
		return fmt.Errorf("invalid topic name %q: must not be empty", topic)
	case strings.HasPrefix(t, "~/"):
		t = t[2:]
	case strings.HasPrefix(t, "/"):
		t = t[1:]
	}
	if strings.HasSuffix(t, "/") || t == "" {
		return fmt.Errorf("invalid topic name %q: must not end with '/'", topic)
	}
	return validateTokens(t, "topic name", topic)
}

func validateTokens(s, what, full string) error {
	for _, tok := range strings.Split(s, "/") {
		if tok == "" {
			return fmt.Errorf("invalid %s %q: contains '//'", what, full)
		}
		if tok[0] >= '0' && tok[0] <= '9' {
			return fmt.Errorf("invalid %s %q: token %q starts with a digit", what, full, tok)
		}
		for _, r := range tok {
			if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				return fmt.Errorf("invalid %s %q: character %q; use letters, digits, '_' and '/'", what, full, r)
			}
		}
	}
	return nil
}

// ResolveName expands a topic name against a node's namespace and name: an
// absolute name stays, "~/x" becomes NS/NODE/x, and "x" becomes NS/x.
func ResolveName(topic, namespace, nodeName string) string {
	ns := strings.TrimSuffix(namespace, "/")
	switch {
	case strings.HasPrefix(topic, "/"):
		return topic
	case strings.HasPrefix(topic, "~/"):
		return ns + "/" + nodeName + "/" + topic[2:]
	default:
		return ns + "/" + topic
	}
}
