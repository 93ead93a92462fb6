package planner

import (
	"errors"
	"fmt"
	"io"
	"math"

	"gopkg.in/yaml.v3"
)

// Params configures a Scorer: the weight and parameters of every energy
// term, the safety gate and the softmax temperature. Its YAML keys are the
// parameter names, for example collision_risk.weight.
type Params struct {
	CollisionRisk CollisionRiskParams `yaml:"collision_risk"`
	Lane          LaneParams          `yaml:"lane"`
	Comfort       ComfortParams       `yaml:"comfort"`
	Progress      ProgressParams      `yaml:"progress"`
	Rules         RulesParams         `yaml:"rules"`
	Uncertainty   UncertaintyParams   `yaml:"uncertainty"`
	Learned       LearnedParams       `yaml:"learned"`
	Gate          GateParams          `yaml:"gate"`

	// Temperature τ of the softmax over feasible candidates, in energy
	// units. Default 1.
	Temperature float64 `yaml:"temperature"`
	// TemperatureCalibrated marks τ as fitted on held-out data. Default false.
	TemperatureCalibrated bool `yaml:"temperature_calibrated"`
	// Statistics enables the per-term energy statistics of every cycle.
	// Default false.
	Statistics bool `yaml:"statistics"`
}

// CollisionRiskParams configures CollisionRisk.
type CollisionRiskParams struct {
	Weight float64 `yaml:"weight"` // per s of risk exposure; default 10
	// Sigma is the clearance scale σ₀ of the risk kernel, m. Default 1.
	Sigma float64 `yaml:"sigma"`
	// SigmaGrowth widens σ with prediction time, m/s. Default 0.1.
	SigmaGrowth float64 `yaml:"sigma_growth"`
	// Cutoff skips obstacle pairs whose clearance exceeds Cutoff·σ, where
	// the kernel is below exp(-Cutoff²/2). Default 4.
	Cutoff float64 `yaml:"cutoff"`
}

// LaneParams configures Lane.
type LaneParams struct {
	Weight float64 `yaml:"weight"` // default 1
	// LateralWeight multiplies the squared deviation from the nearest
	// centre line, per m²·s. Default 1.
	LateralWeight float64 `yaml:"lateral_weight"`
	// HeadingWeight multiplies the misalignment 1−cos(ψ−ψ_lane), per s.
	// Default 2.
	HeadingWeight float64 `yaml:"heading_weight"`
	// MaxDeviation caps the lateral deviation, m, and is the search radius
	// for the nearest centre line. Default 5.
	MaxDeviation float64 `yaml:"max_deviation"`
}

// ComfortParams configures Comfort.
type ComfortParams struct {
	Weight float64 `yaml:"weight"` // default 0.2
	// AccelerationWeight multiplies ∫a² dt, per m²/s³. Default 1.
	AccelerationWeight float64 `yaml:"acceleration_weight"`
	// JerkWeight multiplies ∫j² dt, per m²/s⁵. Default 0.1.
	JerkWeight float64 `yaml:"jerk_weight"`
	// LateralAccelerationWeight multiplies ∫(v²κ)² dt, per m²/s³. Default 1.
	LateralAccelerationWeight float64 `yaml:"lateral_acceleration_weight"`
}

// ProgressParams configures Progress.
type ProgressParams struct {
	Weight float64 `yaml:"weight"` // default 1
	// DistanceWeight multiplies the negative mean speed, distance over
	// horizon, per m/s. Default 1.
	DistanceWeight float64 `yaml:"distance_weight"`
	// SpeedWeight multiplies the mean of (v − target)², per m²/s². Default 0.1.
	SpeedWeight float64 `yaml:"speed_weight"`
	// TargetSpeed, m/s. 0 selects Context.SpeedLimit; when both are 0 the
	// speed part is off. Default 0.
	TargetSpeed float64 `yaml:"target_speed"`
}

// RulesParams configures Rules.
type RulesParams struct {
	Weight float64 `yaml:"weight"` // default 1
	// SpeedWeight multiplies ∫(v − limit)₊² dt, per m²/s. Default 1.
	SpeedWeight float64 `yaml:"speed_weight"`
	// OffRoadWeight multiplies the time the ego centre spends outside the
	// drivable area, per s. Default 10.
	OffRoadWeight float64 `yaml:"off_road_weight"`
	// RedLightPenalty is the energy of passing one red light's stop
	// position. Default 100.
	RedLightPenalty float64 `yaml:"red_light_penalty"`
	// StopLineHalfWidth is the lateral half extent of a stop position when
	// the controlled lane has no bounds there, m. Default 1.75.
	StopLineHalfWidth float64 `yaml:"stop_line_half_width"`
}

// UncertaintyParams configures Uncertainty.
type UncertaintyParams struct {
	Weight float64 `yaml:"weight"` // per m·s; default 1
	// LengthScale of the proximity kernel exp(−c²/2L²), m. Default 3.
	LengthScale float64 `yaml:"length_scale"`
	// Cutoff skips pairs whose clearance exceeds Cutoff·L. Default 3.
	Cutoff float64 `yaml:"cutoff"`
}

// LearnedParams configures the learned term added with WithLearned.
type LearnedParams struct {
	Weight float64 `yaml:"weight"` // default 1
}

// GateParams configures the hard safety gate. The kinematic defaults are
// estimates for a passenger car, not values measured on a vehicle.
type GateParams struct {
	MaxCurvature           float64 `yaml:"max_curvature"`            // |κ| bound, 1/m; default 0.2
	MinAcceleration        float64 `yaml:"min_acceleration"`         // m/s²; default −8
	MaxAcceleration        float64 `yaml:"max_acceleration"`         // m/s²; default 4
	MaxJerk                float64 `yaml:"max_jerk"`                 // |da/dt| bound, m/s³; default 10
	MaxLateralAcceleration float64 `yaml:"max_lateral_acceleration"` // |v²κ| bound, m/s²; default 6
	// CollisionMargin inflates the ego box on every side, m. Default 0.
	CollisionMargin float64 `yaml:"collision_margin"`
	// CheckDrivable enables the drivable-area check. Default true.
	CheckDrivable bool `yaml:"check_drivable"`
	// OutsideGridUndrivable treats ego corners outside the BEV grid as off
	// the drivable area; when false they pass. Default false.
	OutsideGridUndrivable bool `yaml:"outside_grid_undrivable"`
}

// DefaultParams returns the project's default parameters.
func DefaultParams() Params {
	return Params{
		CollisionRisk: CollisionRiskParams{Weight: 10, Sigma: 1, SigmaGrowth: 0.1, Cutoff: 4},
		Lane:          LaneParams{Weight: 1, LateralWeight: 1, HeadingWeight: 2, MaxDeviation: 5},
		Comfort:       ComfortParams{Weight: 0.2, AccelerationWeight: 1, JerkWeight: 0.1, LateralAccelerationWeight: 1},
		Progress:      ProgressParams{Weight: 1, DistanceWeight: 1, SpeedWeight: 0.1},
		Rules:         RulesParams{Weight: 1, SpeedWeight: 1, OffRoadWeight: 10, RedLightPenalty: 100, StopLineHalfWidth: 1.75},
		Uncertainty:   UncertaintyParams{Weight: 1, LengthScale: 3, Cutoff: 3},
		Learned:       LearnedParams{Weight: 1},
		Gate: GateParams{
			MaxCurvature: 0.2, MinAcceleration: -8, MaxAcceleration: 4, MaxJerk: 10,
			MaxLateralAcceleration: 6, CheckDrivable: true,
		},
		Temperature: 1,
	}
}

// LoadParams decodes YAML parameters from r over DefaultParams, so a file
// sets only what it changes. Unknown keys are errors.
func LoadParams(r io.Reader) (Params, error) {
	p := DefaultParams()
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil && !errors.Is(err, io.EOF) {
		return Params{}, fmt.Errorf("planner: decode parameters: %w", err)
	}
	if err := p.Validate(); err != nil {
		return Params{}, err
	}
	return p, nil
}

// Validate checks every parameter and returns an error naming the first
// invalid one, its value and the allowed range.
func (p *Params) Validate() error {
	checks := []struct {
		name  string
		value float64
		rule  rule
	}{
		{"collision_risk.weight", p.CollisionRisk.Weight, nonNegative},
		{"collision_risk.sigma", p.CollisionRisk.Sigma, positive},
		{"collision_risk.sigma_growth", p.CollisionRisk.SigmaGrowth, nonNegative},
		{"collision_risk.cutoff", p.CollisionRisk.Cutoff, positive},
		{"lane.weight", p.Lane.Weight, nonNegative},
		{"lane.lateral_weight", p.Lane.LateralWeight, nonNegative},
		{"lane.heading_weight", p.Lane.HeadingWeight, nonNegative},
		{"lane.max_deviation", p.Lane.MaxDeviation, positive},
		{"comfort.weight", p.Comfort.Weight, nonNegative},
		{"comfort.acceleration_weight", p.Comfort.AccelerationWeight, nonNegative},
		{"comfort.jerk_weight", p.Comfort.JerkWeight, nonNegative},
		{"comfort.lateral_acceleration_weight", p.Comfort.LateralAccelerationWeight, nonNegative},
		{"progress.weight", p.Progress.Weight, nonNegative},
		{"progress.distance_weight", p.Progress.DistanceWeight, nonNegative},
		{"progress.speed_weight", p.Progress.SpeedWeight, nonNegative},
		{"progress.target_speed", p.Progress.TargetSpeed, nonNegative},
		{"rules.weight", p.Rules.Weight, nonNegative},
		{"rules.speed_weight", p.Rules.SpeedWeight, nonNegative},
		{"rules.off_road_weight", p.Rules.OffRoadWeight, nonNegative},
		{"rules.red_light_penalty", p.Rules.RedLightPenalty, nonNegative},
		{"rules.stop_line_half_width", p.Rules.StopLineHalfWidth, positive},
		{"uncertainty.weight", p.Uncertainty.Weight, nonNegative},
		{"uncertainty.length_scale", p.Uncertainty.LengthScale, positive},
		{"uncertainty.cutoff", p.Uncertainty.Cutoff, positive},
		{"learned.weight", p.Learned.Weight, nonNegative},
		{"gate.max_curvature", p.Gate.MaxCurvature, positive},
		{"gate.min_acceleration", p.Gate.MinAcceleration, negative},
		{"gate.max_acceleration", p.Gate.MaxAcceleration, positive},
		{"gate.max_jerk", p.Gate.MaxJerk, positive},
		{"gate.max_lateral_acceleration", p.Gate.MaxLateralAcceleration, positive},
		{"gate.collision_margin", p.Gate.CollisionMargin, nonNegative},
		{"temperature", p.Temperature, positive},
	}
	for _, c := range checks {
		if err := c.rule.check(c.name, c.value); err != nil {
			return err
		}
	}
	return nil
}

// rule is an allowed range of a parameter.
type rule int

const (
	nonNegative rule = iota // [0, ∞)
	positive                // (0, ∞)
	negative                // (−∞, 0)
)

func (r rule) check(name string, v float64) error {
	var ok bool
	var want string
	switch r {
	case nonNegative:
		ok, want = v >= 0, "≥ 0"
	case positive:
		ok, want = v > 0, "> 0"
	case negative:
		ok, want = v < 0, "< 0"
	}
	if !ok || math.IsInf(v, 0) {
		return fmt.Errorf("planner: invalid %s %g: must be finite and %s", name, v, want)
	}
	return nil
}
