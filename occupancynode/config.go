package occupancynode

import (
	"fmt"
	"math"
	"os"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/occupancy/energy"
)

// Config holds the node's parameters, declared with their yaml tags as
// parameter names.
type Config struct {
	// SyncTolerance is the largest stamp difference between a forecast set
	// and the history or BEV features paired with it, s.
	SyncTolerance float64 `yaml:"sync_tolerance"`
	// CycleBudget is the scoring time budget, s; a longer cycle yields WARN.
	CycleBudget float64 `yaml:"cycle_budget"`
	// EnergyMapFullScale is the per-cell energy drawn as 100 in the
	// ~/energy_map occupancy grid, in the energy's unit (m² of mass).
	EnergyMapFullScale float64 `yaml:"energy_map_full_scale"`
	// DrivableChannel and ObservedChannel name the BEV feature channels read
	// as the drivable-area and observed-region masks; a channel the message
	// lacks leaves its mask out.
	DrivableChannel string `yaml:"drivable_channel"`
	ObservedChannel string `yaml:"observed_channel"`
	// InputTimeout bounds the age of each input on the node clock, s.
	InputTimeout InputTimeouts `yaml:"input_timeout"`
	// WatchdogPeriod is the period of the check for missing forecast sets
	// on the node clock, s.
	WatchdogPeriod float64      `yaml:"watchdog_period"`
	Energy         EnergyParams `yaml:"energy"`
}

// InputTimeouts holds the staleness limit of each input, s. Missing or late
// forecast sets or history make the node STALE, BEV features that arrived
// once and then stopped WARN.
type InputTimeouts struct {
	Forecasts   float64 `yaml:"forecasts"`
	History     float64 `yaml:"history"`
	BEVFeatures float64 `yaml:"bev_features"`
}

// EnergyParams are the parameters of the energy terms; see package
// occupancy/energy for their meaning. A weight of 0 turns a term off.
type EnergyParams struct {
	BlobThreshold float64        `yaml:"blob_threshold"` // probability
	MaxSpeed      float64        `yaml:"max_speed"`      // m/s
	SpeedFactor   float64        `yaml:"speed_factor"`
	SpeedSlack    float64        `yaml:"speed_slack"` // m/s
	Dynamics      DynamicsParams `yaml:"dynamics"`
	Geometry      GeometryParams `yaml:"geometry"`
	MapPrior      WeightParams   `yaml:"map_prior"`
	Learned       LearnedParams  `yaml:"learned"`
}

// DynamicsParams are the parameters of energy.Dynamics.
type DynamicsParams struct {
	Weight   float64 `yaml:"weight"`
	Appear   float64 `yaml:"appear"`    // 1/m²
	Vanish   float64 `yaml:"vanish"`    // 1/m²
	Accel    float64 `yaml:"accel"`     // per blob and frame
	AccelMax float64 `yaml:"accel_max"` // m/s²
	Softness float64 `yaml:"softness"`  // m
}

// GeometryParams are the parameters of energy.Geometry.
type GeometryParams struct {
	Weight        float64 `yaml:"weight"`
	Total         float64 `yaml:"total"` // 1/m²
	Area          float64 `yaml:"area"`  // 1/m²
	Lost          float64 `yaml:"lost"`  // 1/m²
	AreaTolerance float64 `yaml:"area_tolerance"`
	AreaSlack     float64 `yaml:"area_slack"` // m²
}

// WeightParams is a term with only a weight.
type WeightParams struct {
	Weight float64 `yaml:"weight"`
}

// LearnedParams configure the learned term. It is added only when
// CoefficientsFile is set.
type LearnedParams struct {
	Weight           float64 `yaml:"weight"`
	CoefficientsFile string  `yaml:"coefficients_file"` // JSON written by energy.Learned.WriteCoefficients
}

// DefaultConfig returns the node defaults: the energy terms of
// energy.NewDefaultScorer, no learned term, and masks from the
// drivable_area and observed_area channels.
func DefaultConfig() Config {
	ec := energy.DefaultConfig()
	d, g, m := energy.NewDynamics(), energy.NewGeometry(), energy.NewMapPrior()
	return Config{
		SyncTolerance:      0.05,
		CycleBudget:        0.5,
		EnergyMapFullScale: 1,
		DrivableChannel:    bev.ChannelDrivable,
		ObservedChannel:    ChannelObserved,
		// Forecast sets may come as slowly as the importer's default 1 s
		// cycle, so the limits allow one missed set.
		InputTimeout:   InputTimeouts{Forecasts: 2.5, History: 2.5, BEVFeatures: 2.5},
		WatchdogPeriod: 1,
		Energy: EnergyParams{
			BlobThreshold: blobThreshold, MaxSpeed: ec.MaxSpeed, SpeedFactor: ec.SpeedFactor, SpeedSlack: ec.SpeedSlack,
			Dynamics: DynamicsParams{Weight: d.W, Appear: d.Appear, Vanish: d.Vanish, Accel: d.Accel, AccelMax: d.AccelMax, Softness: d.Softness},
			Geometry: GeometryParams{Weight: g.W, Total: g.Total, Area: g.Area, Lost: g.Lost, AreaTolerance: g.AreaTolerance, AreaSlack: g.AreaSlack},
			MapPrior: WeightParams{Weight: m.W},
			Learned:  LearnedParams{Weight: 1},
		},
	}
}

// blobThreshold is energy.DefaultConfig's float32 blob threshold as the
// decimal a parameter file writes; float32(blobThreshold) equals it.
const blobThreshold = 0.05

// ChannelObserved is the BEV channel that marks the observed region: ≥ 0.5
// where the sensors see the scene.
const ChannelObserved = "observed_area"

func (c Config) validate() error {
	switch {
	case !(c.SyncTolerance >= 0):
		return fmt.Errorf("invalid sync_tolerance %g s: must be ≥ 0", c.SyncTolerance)
	case !(c.CycleBudget > 0):
		return fmt.Errorf("invalid cycle_budget %g s: must be > 0", c.CycleBudget)
	case !(c.EnergyMapFullScale > 0) || math.IsInf(c.EnergyMapFullScale, 0):
		return fmt.Errorf("invalid energy_map_full_scale %g: must be a positive energy per cell", c.EnergyMapFullScale)
	case !(c.InputTimeout.Forecasts > 0):
		return fmt.Errorf("invalid input_timeout.forecasts %g s: must be > 0", c.InputTimeout.Forecasts)
	case !(c.WatchdogPeriod > 0):
		return fmt.Errorf("invalid watchdog_period %g s: must be > 0", c.WatchdogPeriod)
	case !(c.InputTimeout.History > 0):
		return fmt.Errorf("invalid input_timeout.history %g s: must be > 0", c.InputTimeout.History)
	case !(c.InputTimeout.BEVFeatures > 0):
		return fmt.Errorf("invalid input_timeout.bev_features %g s: must be > 0", c.InputTimeout.BEVFeatures)
	}
	return c.Energy.validate()
}

func (e EnergyParams) validate() error {
	nonNegative := []struct {
		name  string
		value float64
	}{
		{"energy.dynamics.weight", e.Dynamics.Weight}, {"energy.dynamics.appear", e.Dynamics.Appear},
		{"energy.dynamics.vanish", e.Dynamics.Vanish}, {"energy.dynamics.accel", e.Dynamics.Accel},
		{"energy.dynamics.accel_max", e.Dynamics.AccelMax}, {"energy.dynamics.softness", e.Dynamics.Softness},
		{"energy.geometry.weight", e.Geometry.Weight}, {"energy.geometry.total", e.Geometry.Total},
		{"energy.geometry.area", e.Geometry.Area}, {"energy.geometry.lost", e.Geometry.Lost},
		{"energy.geometry.area_tolerance", e.Geometry.AreaTolerance}, {"energy.geometry.area_slack", e.Geometry.AreaSlack},
		{"energy.map_prior.weight", e.MapPrior.Weight}, {"energy.learned.weight", e.Learned.Weight},
	}
	for _, p := range nonNegative {
		if !(p.value >= 0) || math.IsInf(p.value, 0) {
			return fmt.Errorf("invalid %s %g: must be a finite value ≥ 0", p.name, p.value)
		}
	}
	if err := e.config().Validate(); err != nil {
		return fmt.Errorf("invalid energy parameters: %w", err)
	}
	return nil
}

func (e EnergyParams) config() energy.Config {
	return energy.Config{BlobThreshold: float32(e.BlobThreshold), MaxSpeed: e.MaxSpeed, SpeedFactor: e.SpeedFactor, SpeedSlack: e.SpeedSlack}
}

// NewScorer validates e and builds its scorer: dynamics, geometry and map
// prior, plus the learned term over those three when a coefficients file is
// set. The learned term shares their instances, so their parts are computed
// once per forecast.
func NewScorer(e EnergyParams) (*energy.Scorer, error) {
	if err := e.validate(); err != nil {
		return nil, err
	}
	d := &energy.Dynamics{W: e.Dynamics.Weight, Appear: e.Dynamics.Appear, Vanish: e.Dynamics.Vanish,
		Accel: e.Dynamics.Accel, AccelMax: e.Dynamics.AccelMax, Softness: e.Dynamics.Softness}
	g := &energy.Geometry{W: e.Geometry.Weight, Total: e.Geometry.Total, Area: e.Geometry.Area, Lost: e.Geometry.Lost,
		AreaTolerance: e.Geometry.AreaTolerance, AreaSlack: e.Geometry.AreaSlack}
	m := &energy.MapPrior{W: e.MapPrior.Weight}
	sc := &energy.Scorer{Config: e.config(), Terms: []energy.Term{d, g, m}}
	if path := e.Learned.CoefficientsFile; path != "" {
		l := energy.NewLearned(d, g, m)
		l.W = e.Learned.Weight
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("invalid energy.learned.coefficients_file: %w", err)
		}
		defer f.Close()
		if err := l.ReadCoefficients(f); err != nil {
			return nil, fmt.Errorf("invalid energy.learned.coefficients_file %s: %w", path, err)
		}
		sc.Terms = append(sc.Terms, l)
	}
	return sc, nil
}
