package node

import (
	"fmt"
	"strings"
)

// Args holds the ROS 2 command-line arguments that follow --ros-args.
type Args struct {
	Params     []ParamEntry // from -p NAME:=VALUE, in order
	ParamFiles []string     // from --params-file FILE, in order
	// Remaps holds every -r rule in command-line order, including __node
	// and __ns rules and rules for one node (NODE:FROM:=TO). As in rcl, the
	// first rule that matches a name wins.
	Remaps    []Remap
	NodeName  string // from the first -r __node:=NAME without node prefix
	Namespace string // from the first -r __ns:=NS without node prefix
	LogLevel  string // from --log-level LEVEL
	// LoggerLevels holds the levels of single loggers, from
	// --log-level LOGGER:=LEVEL, keyed by ROS 2 logger name (ego.planner_ebm).
	LoggerLevels map[string]string
	// DisableRosout turns off publishing log records on /rosout, from
	// --disable-rosout-logs; --enable-rosout-logs turns it back on.
	DisableRosout bool
}

// LogLevelFor returns the --log-level severity for the ROS 2 logger name
// logger: its own level if one was given, else the default level, else "".
func (a Args) LogLevelFor(logger string) string {
	if l, ok := a.LoggerLevels[logger]; ok {
		return l
	}
	return a.LogLevel
}

// Remap is one remapping rule, -r [NODE:]FROM:=TO.
type Remap struct {
	Node     string // the rule applies only to the node of this name; "" means every node
	From, To string
}

// appliesTo reports whether the rule applies to a node whose name is
// name, or was before a __node rule renamed it.
func (r Remap) appliesTo(names ...string) bool {
	if r.Node == "" {
		return true
	}
	for _, n := range names {
		if r.Node == n {
			return true
		}
	}
	return false
}

// NodeNameFor returns the node name after the __node rules for a node
// whose name in code is name.
func (a Args) NodeNameFor(name string) string {
	for _, r := range a.Remaps {
		if r.From == "__node" && r.appliesTo(name) {
			return r.To
		}
	}
	return name
}

// NamespaceFor returns the namespace after the __ns rules for the node
// named name (in code) with default namespace ns.
func (a Args) NamespaceFor(name, ns string) string {
	renamed := a.NodeNameFor(name)
	for _, r := range a.Remaps {
		if r.From == "__ns" && r.appliesTo(name, renamed) {
			return r.To
		}
	}
	return ns
}

// ParseArgs splits args into the ROS 2 arguments between --ros-args and the
// next "--" (or the end), and the remaining program arguments.
func ParseArgs(args []string) (Args, []string, error) {
	var a Args
	var rest []string
	in := false
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if !in {
			if arg == "--ros-args" {
				in = true
			} else {
				rest = append(rest, arg)
			}
			continue
		}
		if arg == "--" {
			in = false
			continue
		}
		if arg == "--ros-args" {
			continue
		}
		next := func() (string, error) {
			if i+1 >= len(args) {
				return "", fmt.Errorf("ros args: %s needs a value", arg)
			}
			i++
			return args[i], nil
		}
		switch arg {
		case "-p", "--param":
			v, err := next()
			if err != nil {
				return a, nil, err
			}
			name, value, ok := strings.Cut(v, ":=")
			if !ok || name == "" {
				return a, nil, fmt.Errorf("ros args: invalid parameter %q: write -p NAME:=VALUE", v)
			}
			a.Params = append(a.Params, ParamEntry{Name: name, Value: ParseValue(value), Source: "--ros-args -p " + v})
		case "--params-file":
			v, err := next()
			if err != nil {
				return a, nil, err
			}
			a.ParamFiles = append(a.ParamFiles, v)
		case "-r", "--remap":
			v, err := next()
			if err != nil {
				return a, nil, err
			}
			r, err := ParseRemap(v)
			if err != nil {
				return a, nil, fmt.Errorf("ros args: %w", err)
			}
			a.Remaps = append(a.Remaps, r)
			switch {
			case r.Node != "":
			case r.From == "__node" && a.NodeName == "":
				a.NodeName = r.To
			case r.From == "__ns" && a.Namespace == "":
				a.Namespace = r.To
			}
		case "--disable-rosout-logs":
			a.DisableRosout = true
		case "--enable-rosout-logs":
			a.DisableRosout = false
		case "--log-level":
			v, err := next()
			if err != nil {
				return a, nil, err
			}
			logger, level, perLogger := strings.Cut(v, ":=")
			if !perLogger {
				level = v
			}
			if _, err := ParseLogLevel(level); err != nil {
				return a, nil, fmt.Errorf("ros args: --log-level %s: %w", v, err)
			}
			if !perLogger {
				a.LogLevel = level
				continue
			}
			if a.LoggerLevels == nil {
				a.LoggerLevels = map[string]string{}
			}
			a.LoggerLevels[logger] = level
		default:
			return a, nil, fmt.Errorf("ros args: unknown argument %q: supported are -p, --params-file, -r, --log-level, --enable-rosout-logs and --disable-rosout-logs", arg)
		}
	}
	return a, rest, nil
}

// ParseRemap reads one remapping rule, [NODE:]FROM:=TO, and checks both
// names: FROM and TO are topic names, or __node with a node name, or __ns
// with an absolute namespace. __name is accepted as an alias of __node.
func ParseRemap(rule string) (Remap, error) {
	from, to, ok := strings.Cut(rule, ":=")
	if !ok || from == "" || to == "" {
		return Remap{}, fmt.Errorf("invalid remap %q: write FROM:=TO or NODE:FROM:=TO", rule)
	}
	var r Remap
	if nodeName, rest, ok := strings.Cut(from, ":"); ok {
		if err := ValidateNodeName(nodeName); err != nil {
			return Remap{}, fmt.Errorf("remap %q: node prefix: %w", rule, err)
		}
		r.Node, from = nodeName, rest
	}
	if from == "__name" {
		from = "__node"
	}
	r.From, r.To = from, to
	var err error
	switch from {
	case "__node":
		err = ValidateNodeName(to)
	case "__ns":
		err = ValidateNamespace(to)
	default:
		if err = ValidateTopic(from); err == nil {
			err = ValidateTopic(to)
		}
	}
	if err != nil {
		return Remap{}, fmt.Errorf("remap %q: %w", rule, err)
	}
	return r, nil
}
