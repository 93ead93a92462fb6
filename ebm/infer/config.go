package infer

import "fmt"

// Config selects and tunes an inference method. Zero fields take the
// defaults listed beside them; each method reads only its own fields.
type Config struct {
	Method string `yaml:"method"` // registered name, for example "cem"

	// Iterations of pgd, langevin and cem. Default 100.
	Steps int `yaml:"steps"`
	// StepSize is the initial step of pgd and the first Langevin step
	// size η₀. Default 0.1.
	StepSize float64 `yaml:"step_size"`
	// FinalStepSize is the last Langevin step size; the schedule is
	// geometric from StepSize. Default StepSize (a constant step).
	FinalStepSize float64 `yaml:"final_step_size"`
	// Temperature T of the Langevin target exp(−E/T). Default 1.
	Temperature float64 `yaml:"temperature"`
	// Chains is the number of parallel Langevin chains. Default 16.
	Chains int `yaml:"chains"`
	// Tolerance stops pgd when a step moves the candidate less than this
	// Euclidean distance. Default 1e-9.
	Tolerance float64 `yaml:"tolerance"`

	// Samples is the number of sample_rank proposals and the cem
	// population per iteration. Default 256.
	Samples int `yaml:"samples"`
	// EliteFraction is the share of the cem population refitted.
	// Default 0.1.
	EliteFraction float64 `yaml:"elite_fraction"`
	// InitStd is the initial cem standard deviation, the default
	// sample_rank proposal's standard deviation and the spread of Langevin
	// chains around Init. Default 1.
	InitStd float64 `yaml:"init_std"`
	// MinStd floors the cem standard deviation. Default 1e-6.
	MinStd float64 `yaml:"min_std"`
	// Smoothing α blends each cem refit with the previous Gaussian:
	// new = α·previous + (1 − α)·elite. Default 0.
	Smoothing float64 `yaml:"smoothing"`
	// FullCovariance makes cem refit a full covariance instead of a
	// diagonal one, which follows curved valleys better in low dimensions.
	FullCovariance bool `yaml:"full_covariance"`

	// BeamWidth is the number of prefixes beam keeps. Default 8.
	BeamWidth int `yaml:"beam_width"`
}

func (c Config) withDefaults() Config {
	setInt := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	setFloat := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	setInt(&c.Steps, 100)
	setFloat(&c.StepSize, 0.1)
	setFloat(&c.FinalStepSize, c.StepSize)
	setFloat(&c.Temperature, 1)
	setInt(&c.Chains, 16)
	setFloat(&c.Tolerance, 1e-9)
	setInt(&c.Samples, 256)
	setFloat(&c.EliteFraction, 0.1)
	setFloat(&c.InitStd, 1)
	setFloat(&c.MinStd, 1e-6)
	setInt(&c.BeamWidth, 8)
	return c
}

func (c Config) validate() error {
	switch {
	case c.Steps < 0:
		return fmt.Errorf("steps is %d, must be positive", c.Steps)
	case !(c.StepSize > 0) || !(c.FinalStepSize > 0):
		return fmt.Errorf("step sizes %g and %g must be positive", c.StepSize, c.FinalStepSize)
	case !(c.Temperature > 0):
		return fmt.Errorf("temperature is %g, must be positive", c.Temperature)
	case c.Chains < 0 || c.Samples < 0 || c.BeamWidth < 0:
		return fmt.Errorf("chains %d, samples %d and beam width %d must be positive", c.Chains, c.Samples, c.BeamWidth)
	case !(c.EliteFraction > 0 && c.EliteFraction <= 1):
		return fmt.Errorf("elite fraction is %g, must be in (0, 1]", c.EliteFraction)
	case !(c.InitStd > 0) || !(c.MinStd > 0):
		return fmt.Errorf("init_std %g and min_std %g must be positive", c.InitStd, c.MinStd)
	case c.Smoothing < 0 || c.Smoothing >= 1:
		return fmt.Errorf("smoothing is %g, must be in [0, 1)", c.Smoothing)
	}
	return nil
}
