package importer

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/ebm-av/ebm_av/fusion"
)

// PerturbExample is a valid perturbation for ParseDelta, shown in its
// errors and in help text.
const PerturbExample = "roll=1deg,x=-0.10m"

// perturbAxes maps the axis names of ParseDelta to fusion.Delta indices.
var perturbAxes = map[string]int{
	"roll": fusion.Roll, "pitch": fusion.Pitch, "yaw": fusion.Yaw,
	"x": fusion.X, "y": fusion.Y, "z": fusion.Z,
}

// perturbNumber is a decimal number with an optional sign and exponent.
var perturbNumber = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)

// ParseDelta parses a perturbation written as comma-separated AXIS=VALUE
// terms, for example "roll=1deg,x=-0.10m". The axes roll, pitch and yaw
// are rotations about the LiDAR x, y and z axes and take the unit deg or
// rad. The axes x, y and z are translations and take m or cm. Every value
// needs its unit, each axis appears at most once, and spaces around a term
// are ignored. Axes left out are zero.
func ParseDelta(spec string) (fusion.Delta, error) {
	var d fusion.Delta
	if strings.TrimSpace(spec) == "" {
		return d, fmt.Errorf("importer: empty perturbation: give comma-separated AXIS=VALUE terms, for example %s", PerturbExample)
	}
	seen := map[string]bool{}
	for term := range strings.SplitSeq(spec, ",") {
		term = strings.TrimSpace(term)
		axis, value, err := parseDeltaTerm(term)
		if err != nil {
			return fusion.Delta{}, fmt.Errorf("importer: invalid perturbation term %q: %w; a valid perturbation is %s", term, err, PerturbExample)
		}
		if seen[axis] {
			return fusion.Delta{}, fmt.Errorf("importer: invalid perturbation term %q: %s is given twice: give each axis once, for example %s", term, axis, PerturbExample)
		}
		seen[axis] = true
		d[perturbAxes[axis]] = value
	}
	return d, nil
}

// parseDeltaTerm parses one AXIS=VALUE term and returns the axis and the
// value in radians or metres.
func parseDeltaTerm(term string) (string, float64, error) {
	if term == "" {
		return "", 0, fmt.Errorf("empty term: remove the extra comma")
	}
	axis, value, ok := strings.Cut(term, "=")
	if !ok {
		return "", 0, fmt.Errorf("expected AXIS=VALUE with a unit")
	}
	index, ok := perturbAxes[axis]
	if !ok {
		return "", 0, fmt.Errorf("unknown axis %q: use roll, pitch or yaw (deg or rad) or x, y or z (m or cm)", axis)
	}
	angle := index <= fusion.Yaw

	// The unit is the run of letters that ends the value.
	number := strings.TrimRightFunc(value, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' })
	unit := value[len(number):]
	if number == "" {
		return "", 0, fmt.Errorf("missing number before the unit: write %s", termExample(axis, angle, ""))
	}
	if !perturbNumber.MatchString(number) {
		return "", 0, fmt.Errorf("invalid number %q: write a decimal number with its unit, for example %s", number, termExample(axis, angle, ""))
	}
	v, err := strconv.ParseFloat(number, 64)
	if err != nil || math.IsInf(v, 0) {
		return "", 0, fmt.Errorf("number %q is out of range: write a finite number, for example %s", number, termExample(axis, angle, ""))
	}

	scale, err := unitScale(unit, angle)
	if err != nil {
		return "", 0, fmt.Errorf("%w for %s, for example %s", err, axis, termExample(axis, angle, number))
	}
	return axis, v * scale, nil
}

// unitScale returns the factor that converts a value in unit into radians
// for an angle or into metres for a translation.
func unitScale(unit string, angle bool) (float64, error) {
	switch {
	case unit == "":
		if angle {
			return 0, fmt.Errorf("missing unit: use deg or rad")
		}
		return 0, fmt.Errorf("missing unit: use m or cm")
	case angle && unit == "deg":
		return math.Pi / 180, nil
	case angle && unit == "rad":
		return 1, nil
	case !angle && unit == "m":
		return 1, nil
	case !angle && unit == "cm":
		return 0.01, nil
	case angle && (unit == "m" || unit == "cm"):
		return 0, fmt.Errorf("unit %s is a length, but the axis is a rotation: use deg or rad", unit)
	case !angle && (unit == "deg" || unit == "rad"):
		return 0, fmt.Errorf("unit %s is an angle, but the axis is a translation: use m or cm", unit)
	case angle:
		return 0, fmt.Errorf("unknown unit %q: use deg or rad", unit)
	}
	return 0, fmt.Errorf("unknown unit %q: use m or cm", unit)
}

// termExample returns a valid term for axis, with number when it is
// given and a typical drift when it is empty.
func termExample(axis string, angle bool, number string) string {
	switch {
	case angle && number == "":
		return axis + "=1deg"
	case angle:
		return axis + "=" + number + "deg"
	case number == "":
		return axis + "=-0.10m"
	}
	return axis + "=" + number + "m"
}

// KITTIPerturbation is the drift that ImportKITTI composed with the
// published extrinsics, in the units of the FusionDiagnostics fields
// correction_rotation and correction_translation. For a small drift, a
// correction that undoes it is close to the negated values.
type KITTIPerturbation struct {
	// Rotation is roll, pitch and yaw about the LiDAR x, y and z axes,
	// degrees, and Translation the shift along those axes, centimetres.
	Rotation    [3]float64 `json:"rotation_deg"`
	Translation [3]float64 `json:"translation_cm"`
}

func newKITTIPerturbation(d fusion.Delta) *KITTIPerturbation {
	if d == (fusion.Delta{}) {
		return nil
	}
	var p KITTIPerturbation
	for i := range 3 {
		p.Rotation[i] = d[fusion.Roll+i] * 180 / math.Pi
		p.Translation[i] = d[fusion.X+i] * 100
	}
	return &p
}

// KITTIExtrinsic is one LiDAR-to-camera extrinsic of an object-benchmark
// import, as 3×4 row-major [R | t] matrices with t in metres.
type KITTIExtrinsic struct {
	// Frame is the first frame that uses the extrinsic.
	Frame string `json:"frame"`
	// Published is Tr_velo_to_cam of the frame's calibration file, and
	// TFStatic the extrinsic written to /tf_static: Published composed
	// with the perturbation as fusion.Rigid.Perturb does, or Published
	// itself without one.
	Published [12]float64 `json:"published"`
	TFStatic  [12]float64 `json:"tf_static"`
}
