// Package occupancynode is the logic of the occupancy_scorer node. It pairs
// each set of BEV occupancy forecasts with the occupancy history and,
// optionally, BEV features of the same header stamp, and scores the
// forecasts with package occupancy/energy. It publishes per-forecast
// energies, the lowest-energy forecast, the per-cell energy map of that
// forecast as a nav_msgs/OccupancyGrid and diagnostics.
//
// The scorer reads only the occupancy grids: a forecast's source name and
// its position in the set never reach the energy.
//
// A cell of ~/energy_map shows round(100 · E / energy_map_full_scale),
// clamped to 0 … 100, where E is the cell's energy summed over the frames
// of the selected forecast. ForecastEnergies.energy_map carries the
// unscaled values.
package occupancynode

import (
	"fmt"
	"sync"
	"time"

	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/diagnostic_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/nav_msgs"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/node/diag"
	"github.com/ebm-av/ebm_av/occupancy"
	"github.com/ebm-av/ebm_av/occupancy/energy"
)

// NodeName is the default node name.
const NodeName = "occupancy_scorer"

// Input topics (absolute, remappable) and output topics (private to the node).
const (
	TopicHistory     = "/perception/occupancy_history"
	TopicForecasts   = "/perception/occupancy_forecasts"
	TopicBEVFeatures = "/perception/occupancy_features"
	TopicEnergies    = "~/energies"
	TopicSelected    = "~/selected_forecast"
	TopicEnergyMap   = "~/energy_map"
	TopicDiagnostics = "/diagnostics"

	diagnosticCheck = ": occupancy scoring"
)

// Input names in diagnostics.
const (
	inputForecasts   = "forecast sets"
	inputHistory     = "occupancy history"
	inputBEVFeatures = "BEV features"
)

// Scorer is a running occupancy_scorer node.
type Scorer struct {
	node   *node.Node
	cfg    Config
	scorer *energy.Scorer

	historyBuf node.StampedBuffer[*occupancy.Sequence]
	bevBuf     node.StampedBuffer[*ebm_av.BEVFeatures]

	energies  *node.Publisher[*ebm_av.ForecastEnergies]
	selected  *node.Publisher[*ebm_av.OccupancyForecast]
	energyMap *node.Publisher[*nav_msgs.OccupancyGrid]
	diags     *node.Publisher[*diagnostic_msgs.DiagnosticArray]

	// mu serializes the subscription callbacks and the watchdog timer,
	// which runs on its own goroutine on the system clock.
	mu       sync.Mutex
	watchdog diag.Watchdog
	// bevWatched is set once BEV features have arrived.
	bevWatched bool
	level      diag.Hysteresis
	cycles     int
}

// Node returns the underlying node.
func (s *Scorer) Node() *node.Node { return s.node }

// Config returns the parameters the node runs with.
func (s *Scorer) Config() Config { return s.cfg }

// EnergyScorer returns the node's scorer, for an evaluation that scores
// further sequences exactly as the node does.
func (s *Scorer) EnergyScorer() *energy.Scorer { return s.scorer }

// Start creates the node, applies its parameters and subscribes to its
// inputs. It matches replay.Starter.
func Start(opts node.Options) (*node.Node, error) {
	s, err := New(opts)
	if err != nil {
		return nil, err
	}
	return s.node, nil
}

// New creates an occupancy_scorer node.
func New(opts node.Options) (*Scorer, error) {
	if opts.Name == "" {
		opts.Name = NodeName
	}
	n, err := node.New(opts)
	if err != nil {
		return nil, err
	}
	cfg := DefaultConfig()
	n.Params.DeclareStruct("", &cfg, nil)
	if err := n.Configure(); err != nil {
		return nil, err
	}
	n.Params.LoadStruct("", &cfg)
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", n.FullyQualifiedName(), err)
	}
	scorer, err := NewScorer(cfg.Energy)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", n.FullyQualifiedName(), err)
	}
	s := &Scorer{node: n, cfg: cfg, scorer: scorer}
	s.historyBuf.Depth, s.bevBuf.Depth = 4, 4
	s.watchdog.Budget = seconds(cfg.CycleBudget)
	s.watchdog.Watch(inputForecasts, seconds(cfg.InputTimeout.Forecasts), true)
	s.watchdog.Watch(inputHistory, seconds(cfg.InputTimeout.History), true)
	if err := s.advertise(); err != nil {
		return nil, err
	}
	if err := s.subscribe(); err != nil {
		return nil, err
	}
	if _, err := n.CreateTimer(seconds(cfg.WatchdogPeriod), s.checkForecasts); err != nil {
		return nil, err
	}
	names := make([]string, len(scorer.Terms))
	for i, t := range scorer.Terms {
		names[i] = t.Name()
	}
	n.Logger().Info("occupancy_scorer started", "terms", names)
	return s, nil
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

func (s *Scorer) advertise() error {
	n := s.node
	var err error
	if s.energies, err = node.Advertise[*ebm_av.ForecastEnergies](n, TopicEnergies, node.QoSDefault); err != nil {
		return err
	}
	if s.selected, err = node.Advertise[*ebm_av.OccupancyForecast](n, TopicSelected, node.QoSDefault); err != nil {
		return err
	}
	if s.energyMap, err = node.Advertise[*nav_msgs.OccupancyGrid](n, TopicEnergyMap, node.QoSDefault); err != nil {
		return err
	}
	s.diags, err = node.Advertise[*diagnostic_msgs.DiagnosticArray](n, TopicDiagnostics, node.QoSDefault)
	return err
}

func (s *Scorer) subscribe() error {
	n := s.node
	if _, err := node.Subscribe(n, TopicHistory, node.QoSDefault, func(m *ebm_av.OccupancySequence, smp node.Sample) {
		s.mu.Lock()
		defer s.mu.Unlock()
		history, err := msgconv.Occupancy(m)
		if err != nil {
			s.reject(smp.Topic, msgconv.Nanos(m.Header.Stamp), "occupancy history rejected", err)
			return
		}
		s.watchdog.Received(inputHistory, n.Clock().Now())
		s.historyBuf.Add(msgconv.Nanos(m.Header.Stamp), history)
	}); err != nil {
		return err
	}
	if _, err := node.Subscribe(n, TopicBEVFeatures, node.QoSDefault, func(m *ebm_av.BEVFeatures, smp node.Sample) {
		s.mu.Lock()
		defer s.mu.Unlock()
		// Checked here so a bad raster is counted on its own topic; resampled
		// onto the history's grid when paired with a forecast set.
		if _, err := msgconv.BEV(m, msgconv.Frame2D{}); err != nil {
			s.reject(smp.Topic, msgconv.Nanos(m.Header.Stamp), "BEV features rejected", err)
			return
		}
		// BEV features are optional: their staleness counts only once they
		// have arrived, so a stack without them reports OK.
		if !s.bevWatched {
			s.watchdog.Watch(inputBEVFeatures, seconds(s.cfg.InputTimeout.BEVFeatures), false)
			s.bevWatched = true
		}
		s.watchdog.Received(inputBEVFeatures, n.Clock().Now())
		s.bevBuf.Add(msgconv.Nanos(m.Header.Stamp), m)
	}); err != nil {
		return err
	}
	_, err := node.Subscribe(n, TopicForecasts, node.QoSDefault, func(m *ebm_av.OccupancyForecasts, smp node.Sample) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.watchdog.Received(inputForecasts, n.Clock().Now())
		set, err := msgconv.Forecasts(m)
		if err != nil {
			s.reject(smp.Topic, msgconv.Nanos(m.Header.Stamp), "forecast set rejected", err)
			return
		}
		s.score(smp.Topic, m, set)
	})
	return err
}

// reject counts an invalid input message on topic, which CountInputError
// logs at a limited rate, and publishes a WARN diagnostic. The node keeps
// running.
func (s *Scorer) reject(topic string, stamp int64, summary string, err error) {
	s.node.CountInputError(topic, err)
	s.publishDiagnostic(stamp, diag.Warn, summary+": "+err.Error(), nil)
}

// checkForecasts runs on the watchdog timer: when no forecast set has
// arrived within its limit, no cycle reports the node's state, so the timer
// publishes a STALE diagnostic.
func (s *Scorer) checkForecasts(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	reason := s.watchdog.Stale(inputForecasts, now)
	if reason == "" {
		return
	}
	s.node.Logger().Warn("no scoring cycle", "reason", reason)
	s.publishDiagnostic(now.UnixNano(), diag.Stale, reason+"; nothing scored", nil)
}
