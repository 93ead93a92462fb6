package node

import (
	"fmt"
	"strings"
)

// Args holds the ROS 2 command-line arguments that follow --ros-args.
type Args struct {
	Params     []ParamEntry      // from -p NAME:=VALUE, in order
	ParamFiles []string          // from --params-file FILE, in order
	Remaps     map[string]string // from -r FROM:=TO, excluding __node and __ns
	NodeName   string            // from -r __node:=NAME
	Namespace  string            // from -r __ns:=NS
	LogLevel   string            // from --log-level LEVEL
}

// ParseArgs splits args into the ROS 2 arguments between --ros-args and the
// next "--" (or the end), and the remaining program arguments.
func ParseArgs(args []string) (Args, []string, error) {
	a := Args{Remaps: map[string]string{}}
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
			from, to, ok := strings.Cut(v, ":=")
			if !ok || from == "" || to == "" {
				return a, nil, fmt.Errorf("ros args: invalid remap %q: write -r FROM:=TO", v)
			}
			switch from {
			case "__node", "__name":
				if err := ValidateNodeName(to); err != nil {
					return a, nil, fmt.Errorf("ros args: remap %q: %w", v, err)
				}
				a.NodeName = to
			case "__ns":
				if err := ValidateNamespace(to); err != nil {
					return a, nil, fmt.Errorf("ros args: remap %q: %w", v, err)
				}
				a.Namespace = to
			default:
				if err := ValidateTopic(from); err != nil {
					return a, nil, fmt.Errorf("ros args: remap %q: %w", v, err)
				}
				if err := ValidateTopic(to); err != nil {
					return a, nil, fmt.Errorf("ros args: remap %q: %w", v, err)
				}
				a.Remaps[from] = to
			}
		case "--log-level":
			v, err := next()
			if err != nil {
				return a, nil, err
			}
			a.LogLevel = v
		default:
			return a, nil, fmt.Errorf("ros args: unknown argument %q: supported are -p, --params-file, -r and --log-level", arg)
		}
	}
	return a, rest, nil
}
