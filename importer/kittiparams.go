package importer

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// FusionParamsFile is the name of the ROS 2 parameter file for
// fusion_monitor that the KITTI importers write into the bag directory.
// The bag package ignores it because it reads only the MCAP files that
// metadata.yaml lists.
const FusionParamsFile = "fusion_monitor.params.yaml"

// writeParams writes the fitted OOD parameters to out/FusionParamsFile and
// records the file and the equivalent -p overrides in sum.
func (sum *KITTISummary) writeParams(out string) error {
	frames := "frames " + strings.Join(sum.Frames, ", ")
	if len(sum.Frames) == 1 {
		frames = "frame " + sum.Frames[0]
	}
	params := []fusionParam{
		{Name: "ood.temperature", Value: sum.OODTemperature, Comment: "T of E = -T logsumexp(logits / T)"},
		{Name: "ood.threshold", Value: sum.OODThreshold,
			Comment: fmt.Sprintf("abstain above; fitted on %s, %s held out", frames, sum.UnknownClass)},
	}
	header := "fusion_monitor parameters that match the stand-in detector of this bag, written by ebm import kitti.\n" +
		fusionParamsUsage
	path, err := writeFusionParams(out, header, params)
	if err != nil {
		return err
	}
	sum.ParamsFile, sum.ParamArgs = path, fusionParamArgs(params)
	return nil
}

// fusionParamsUsage ends the header of FusionParamsFile with the commands
// that take the file. fusion_monitor.launch.xml then loads it in place of
// config/fusion_monitor.yaml, so the parameters it leaves out keep the
// node's built-in defaults.
const fusionParamsUsage = "Use it with ebm replay --params-file FILE, ebm launch ebm_av fusion_monitor.launch.xml params_file:=FILE\n" +
	"or ros2 run ebm_av fusion_monitor --ros-args --params-file FILE."

// fusionParam is one fusion_monitor parameter value that matches a bag.
// Name is dotted as -p takes it, for example "ood.threshold".
type fusionParam struct {
	Name    string
	Value   float64
	Integer bool // written as an integer, for integer parameters such as time_sync.warm_up
	Comment string
}

// yamlValue formats p's value so that YAML parsers and rcl read it back
// as the same integer or double. A double always carries a decimal point
// or an exponent, because rclcpp, whose parameters are statically typed
// since ROS 2 Galactic, rejects an integer for a double parameter.
func (p fusionParam) yamlValue() string {
	if p.Integer {
		return strconv.FormatInt(int64(p.Value), 10)
	}
	s := strconv.FormatFloat(p.Value, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") && !math.IsInf(p.Value, 0) && !math.IsNaN(p.Value) {
		s += ".0"
	}
	return s
}

// fusionParamArgs returns the -p overrides equivalent to params, for
// ebm replay or after --ros-args.
func fusionParamArgs(params []fusionParam) string {
	args := make([]string, len(params))
	for i, p := range params {
		args[i] = "-p " + p.Name + ":=" + p.yamlValue()
	}
	return strings.Join(args, " ")
}

// writeFusionParams writes params to dir/FusionParamsFile in the format of
// config/fusion_monitor.yaml (fusion_monitor: ros__parameters: with one
// nested map per dotted prefix) and returns the file's path. Parameters
// that share a prefix must be adjacent in params.
func writeFusionParams(dir, header string, params []fusionParam) (string, error) {
	var b strings.Builder
	for _, line := range strings.Split(header, "\n") {
		b.WriteString("# " + line + "\n")
	}
	b.WriteString("fusion_monitor:\n  ros__parameters:\n")
	group := ""
	for _, p := range params {
		prefix, key, ok := strings.Cut(p.Name, ".")
		if !ok || strings.Contains(key, ".") {
			panic(fmt.Sprintf("importer: fusion_monitor parameter %q must have exactly one dotted prefix", p.Name))
		}
		if prefix != group {
			b.WriteString("    " + prefix + ":\n")
			group = prefix
		}
		line := "      " + key + ": " + p.yamlValue()
		if p.Comment != "" {
			line += " # " + p.Comment
		}
		b.WriteString(line + "\n")
	}
	path := filepath.Join(dir, FusionParamsFile)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return "", fmt.Errorf("importer: write fusion_monitor parameters: %w", err)
	}
	return path, nil
}
