package importer

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// TopicOdometry carries the ego motion that fusion_monitor de-skews scans
// with, as nav_msgs/Odometry.
const TopicOdometry = "/localization/kinematic_state"

// EgoSpeedExample is a valid value for ParseEgoSpeeds, shown in its errors
// and in help text.
const EgoSpeedExample = "000000=0m/s,000001=10m/s"

// ParseEgoSpeeds parses forward speeds of object-benchmark frames written
// as comma-separated ID=SPEED terms with the unit m/s or km/h, for example
// "000000=0m/s,000001=36km/h". It returns the speeds in m/s by frame id.
// It rejects a frame given twice and a speed that is not finite.
func ParseEgoSpeeds(spec string) (map[string]float64, error) {
	speeds := map[string]float64{}
	if strings.TrimSpace(spec) == "" {
		return nil, fmt.Errorf("importer: empty ego speed list: give comma-separated ID=SPEED terms, for example %s", EgoSpeedExample)
	}
	for term := range strings.SplitSeq(spec, ",") {
		term = strings.TrimSpace(term)
		id, value, ok := strings.Cut(term, "=")
		if !ok || id == "" {
			return nil, fmt.Errorf("importer: invalid ego speed term %q: expected ID=SPEED with a unit, for example %s", term, EgoSpeedExample)
		}
		v, err := parseSpeed(value)
		if err != nil {
			return nil, fmt.Errorf("importer: invalid ego speed term %q: %w", term, err)
		}
		if _, seen := speeds[id]; seen {
			return nil, fmt.Errorf("importer: invalid ego speed term %q: frame %s is given twice: give each frame once", term, id)
		}
		speeds[id] = v
	}
	return speeds, nil
}

// parseSpeed parses a number followed by m/s or km/h and returns m/s.
func parseSpeed(value string) (float64, error) {
	units := []struct {
		suffix string
		scale  float64
	}{{"m/s", 1}, {"km/h", 1 / 3.6}}
	for _, u := range units {
		number, ok := strings.CutSuffix(value, u.suffix)
		if !ok {
			continue
		}
		if !perturbNumber.MatchString(number) {
			return 0, fmt.Errorf("invalid number %q: write a decimal number with its unit, for example 10m/s", number)
		}
		v, err := strconv.ParseFloat(number, 64)
		if err != nil || math.IsInf(v, 0) {
			return 0, fmt.Errorf("number %q is out of range: write a finite speed, for example 10m/s", number)
		}
		return v * u.scale, nil
	}
	return 0, fmt.Errorf("missing or unknown unit in %q: use m/s or km/h, for example 10m/s", value)
}
