// Package plannernode is the logic of the planner_ebm node. It pairs
// candidate trajectories with ego state, predictions, the lane map and BEV
// features by header stamp and scores them with package planner. It
// publishes energies, the selection, a path, rviz markers, per-term
// statistics, diagnostics and the ego pose on /tf.
package plannernode

import (
	"fmt"
	"sync"
	"time"

	"github.com/ebm-av/ebm_av/lanemap"
	"github.com/ebm-av/ebm_av/learn"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/diagnostic_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/nav_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/tf2_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/visualization_msgs"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/node/diag"
	"github.com/ebm-av/ebm_av/planner"
	"github.com/ebm-av/ebm_av/traj"
)

// NodeName is the default node name.
const NodeName = "planner_ebm"

// Input topics (absolute, remappable) and output topics (private to the node).
const (
	TopicCandidates      = "/planning/candidates"
	TopicEgoState        = "/localization/ego_state"
	TopicPredictions     = "/perception/predicted_obstacles"
	TopicLaneMap         = "/map/lane_map"
	TopicBEVFeatures     = "/planning/bev_features"
	TopicEnergies        = "~/energies"
	TopicSelected        = "~/selected_trajectory"
	TopicPath            = "~/path"
	TopicMarkers         = "~/candidate_markers"
	TopicEnergyStats     = "~/energy_statistics"
	TopicDiagnostics     = "/diagnostics"
	TopicTF              = "/tf"
	generatorFallback    = "stopping_fallback"
	diagnosticCycleCheck = ": planning cycle"
)

// Config holds the node's own parameters; the planner's energy, gate and
// temperature parameters are declared from planner.Params beside them.
type Config struct {
	// SyncTolerance is the largest stamp difference between the candidate
	// set and a paired input, s.
	SyncTolerance float64 `yaml:"sync_tolerance"`
	// SpeedLimit is the fallback speed limit where the lane map has none,
	// m/s; 0 means unknown.
	SpeedLimit float64 `yaml:"speed_limit"`
	// FallbackDeceleration is the braking of the stopping fallback, m/s².
	FallbackDeceleration float64 `yaml:"fallback_deceleration"`
	// FrameID is the planning frame of outputs.
	FrameID string `yaml:"frame_id"`
	// Markers enables the rviz candidate markers (computed only while
	// someone subscribes).
	Markers bool `yaml:"publish_markers"`
	// OpenLaneEnds treats the space beyond lanes without successors as
	// unknown instead of off the road, for maps cut at the edge of a
	// recorded area.
	OpenLaneEnds bool `yaml:"open_lane_ends"`
	// PublishTF enables the frame_id → base_frame_id transform of every ego
	// state on /tf (REP 105 map → base_link), so rviz can place the outputs.
	PublishTF bool `yaml:"publish_tf"`
	// BaseFrameID is the vehicle frame of the /tf transform.
	BaseFrameID string `yaml:"base_frame_id"`
	// InputTimeout bounds the age of each input on the node clock, s.
	InputTimeout InputTimeouts `yaml:"input_timeout"`
	// CycleBudget is the planning cycle-time budget, s; a longer cycle
	// yields a WARN diagnostic.
	CycleBudget float64 `yaml:"cycle_budget"`
	// WatchdogPeriod is the period of the check for missing candidate sets
	// on the node clock, s.
	WatchdogPeriod float64 `yaml:"watchdog_period"`
	// ModelPath is a learned trajectory energy written by ebm train; empty
	// means the analytic terms alone.
	ModelPath string `yaml:"model_path"`
	// RefineSteps refines the selected candidate by this many steps of
	// projected gradient descent through the learned energy, under the
	// gate's vehicle limits; 0 turns refinement off. It needs model_path.
	RefineSteps int `yaml:"refine_steps"`
}

// InputTimeouts holds the staleness limit of each input, s. A missing or
// late candidate set, ego state or prediction yields STALE (and for
// predictions the stopping fallback), late BEV features WARN.
type InputTimeouts struct {
	Candidates  float64 `yaml:"candidates"`
	EgoState    float64 `yaml:"ego_state"`
	Predictions float64 `yaml:"predictions"`
	BEVFeatures float64 `yaml:"bev_features"`
}

// Input names in diagnostics.
const (
	inputCandidates  = "candidates"
	inputEgoState    = "ego state"
	inputPredictions = "obstacle predictions"
	inputBEVFeatures = "BEV features"
)

// DefaultConfig returns the node defaults.
func DefaultConfig() Config {
	return Config{
		SyncTolerance: 0.05, FallbackDeceleration: 3, FrameID: "map", Markers: true, OpenLaneEnds: true,
		PublishTF: true, BaseFrameID: "base_link",
		// Candidate sets may come as slowly as the importer's default
		// 1 s planning cycle, so their limit allows one missed set.
		InputTimeout: InputTimeouts{Candidates: 2.5, EgoState: 0.5, Predictions: 0.5, BEVFeatures: 1},
		// Half that cycle. Scoring the 252 candidates of an imported cycle
		// took 5 to 17 ms when ebm launch replayed a recorded highD scenario
		// on the development machine, so the budget leaves headroom for a
		// loaded machine and still flags a stalled cycle.
		CycleBudget:    0.5,
		WatchdogPeriod: 1,
	}
}

func (c Config) validate() error {
	switch {
	case !(c.SyncTolerance >= 0):
		return fmt.Errorf("invalid sync_tolerance %g s: must be ≥ 0", c.SyncTolerance)
	case !(c.SpeedLimit >= 0):
		return fmt.Errorf("invalid speed_limit %g m/s: must be ≥ 0 (0 means unknown)", c.SpeedLimit)
	case !(c.FallbackDeceleration > 0):
		return fmt.Errorf("invalid fallback_deceleration %g m/s²: must be > 0", c.FallbackDeceleration)
	case c.FrameID == "":
		return fmt.Errorf("invalid frame_id %q: must not be empty", c.FrameID)
	case c.BaseFrameID == "" || c.BaseFrameID == c.FrameID:
		return fmt.Errorf("invalid base_frame_id %q: must be set and differ from frame_id %q", c.BaseFrameID, c.FrameID)
	case !(c.CycleBudget > 0):
		return fmt.Errorf("invalid cycle_budget %g s: must be > 0", c.CycleBudget)
	case !(c.WatchdogPeriod > 0):
		return fmt.Errorf("invalid watchdog_period %g s: must be > 0", c.WatchdogPeriod)
	}
	timeouts := []struct {
		name  string
		value float64
	}{
		{"candidates", c.InputTimeout.Candidates}, {"ego_state", c.InputTimeout.EgoState},
		{"predictions", c.InputTimeout.Predictions}, {"bev_features", c.InputTimeout.BEVFeatures},
	}
	for _, to := range timeouts {
		if !(to.value > 0) {
			return fmt.Errorf("invalid input_timeout.%s %g s: must be > 0", to.name, to.value)
		}
	}
	return nil
}

// Planner is a running planner_ebm node.
type Planner struct {
	node   *node.Node
	cfg    Config
	params planner.Params
	scorer *planner.Scorer
	model  *learn.Model // nil without model_path
	result planner.Result
	ctx    planner.Context

	egoBuf  node.StampedBuffer[traj.EgoState]
	predBuf node.StampedBuffer[[]traj.Obstacle]
	bevBuf  node.StampedBuffer[*ebm_av.BEVFeatures]
	lanes   *lanemap.Map

	energies *node.Publisher[*ebm_av.CandidateEnergies]
	selected *node.Publisher[*ebm_av.SelectedTrajectory]
	path     *node.Publisher[*nav_msgs.Path]
	markers  *node.Publisher[*visualization_msgs.MarkerArray]
	stats    *node.Publisher[*ebm_av.EnergyStatistics]
	diags    *node.Publisher[*diagnostic_msgs.DiagnosticArray]
	tf       *node.Publisher[*tf2_msgs.TFMessage]

	// mu serializes the subscription callbacks and the watchdog timer,
	// which runs on its own goroutine on the system clock.
	// NOTE: a node that, within a synchronous in-process delivery, publishes
	// back into the planner's inputs would deadlock on mu.
	mu       sync.Mutex
	watchdog diag.Watchdog
	// staleChecks counts consecutive watchdog checks without candidates.
	staleChecks int

	level  diag.Hysteresis
	cycles int
}

// Node returns the underlying node.
func (p *Planner) Node() *node.Node { return p.node }

// Start creates the node, applies its parameters and subscribes to its
// inputs. It matches replay.Starter.
func Start(opts node.Options) (*node.Node, error) {
	p, err := New(opts)
	if err != nil {
		return nil, err
	}
	return p.node, nil
}

// New creates a planner_ebm node.
func New(opts node.Options) (*Planner, error) {
	if opts.Name == "" {
		opts.Name = NodeName
	}
	n, err := node.New(opts)
	if err != nil {
		return nil, err
	}
	cfg, params := DefaultConfig(), planner.DefaultParams()
	n.Params.DeclareStruct("", &cfg, nil)
	n.Params.DeclareStruct("", &params, nil)
	if err := n.Configure(); err != nil {
		return nil, err
	}
	n.Params.LoadStruct("", &cfg)
	n.Params.LoadStruct("", &params)
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w; %s", n.FullyQualifiedName(), err, n.Params.Overrides())
	}
	params, scorer, model, err := newScorer(cfg, params)
	if err != nil {
		return nil, fmt.Errorf("%s: %w; %s", n.FullyQualifiedName(), err, n.Params.Overrides())
	}
	p := &Planner{node: n, cfg: cfg, params: params, scorer: scorer, model: model}
	p.watchdog.Budget = seconds(cfg.CycleBudget)
	p.watchdog.Watch(inputCandidates, seconds(cfg.InputTimeout.Candidates), true)
	p.watchdog.Watch(inputEgoState, seconds(cfg.InputTimeout.EgoState), true)
	p.watchdog.Watch(inputPredictions, seconds(cfg.InputTimeout.Predictions), true)
	p.watchdog.Watch(inputBEVFeatures, seconds(cfg.InputTimeout.BEVFeatures), false)
	if err := p.advertise(); err != nil {
		return nil, err
	}
	if err := p.subscribe(); err != nil {
		return nil, err
	}
	if _, err := n.CreateTimer(seconds(cfg.WatchdogPeriod), p.checkCandidates); err != nil {
		return nil, err
	}
	n.Logger().Info("planner_ebm started", "terms", scorer.TermNames(), "temperature", params.Temperature,
		"temperature_calibrated", params.TemperatureCalibrated)
	return p, nil
}

func (p *Planner) advertise() error {
	n := p.node
	var err error
	if p.energies, err = node.Advertise[*ebm_av.CandidateEnergies](n, TopicEnergies, node.QoSDefault); err != nil {
		return err
	}
	if p.selected, err = node.Advertise[*ebm_av.SelectedTrajectory](n, TopicSelected, node.QoSDefault); err != nil {
		return err
	}
	if p.path, err = node.Advertise[*nav_msgs.Path](n, TopicPath, node.QoSDefault); err != nil {
		return err
	}
	if p.markers, err = node.Advertise[*visualization_msgs.MarkerArray](n, TopicMarkers, node.QoSDefault); err != nil {
		return err
	}
	if p.stats, err = node.Advertise[*ebm_av.EnergyStatistics](n, TopicEnergyStats, node.QoSDefault); err != nil {
		return err
	}
	if p.diags, err = node.Advertise[*diagnostic_msgs.DiagnosticArray](n, TopicDiagnostics, node.QoSDefault); err != nil {
		return err
	}
	if p.cfg.PublishTF {
		p.tf, err = node.Advertise[*tf2_msgs.TFMessage](n, TopicTF, node.QoSTF)
	}
	return err
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

func (p *Planner) subscribe() error {
	n := p.node
	if _, err := node.Subscribe(n, TopicEgoState, node.QoSDefault, func(m *ebm_av.EgoState, s node.Sample) {
		p.mu.Lock()
		defer p.mu.Unlock()
		ego, err := msgconv.EgoState(m)
		if err != nil {
			n.CountInputError(s.Topic, err)
			return
		}
		p.watchdog.Received(inputEgoState, n.Clock().Now())
		p.egoBuf.Add(msgconv.Nanos(m.Header.Stamp), ego)
		p.publishTF(msgconv.Nanos(m.Header.Stamp), ego)
	}); err != nil {
		return err
	}
	if _, err := node.Subscribe(n, TopicPredictions, node.QoSDefault, func(m *ebm_av.PredictedObstacles, s node.Sample) {
		p.mu.Lock()
		defer p.mu.Unlock()
		obs, err := msgconv.Obstacles(m)
		if err != nil {
			n.CountInputError(s.Topic, err)
			return
		}
		p.watchdog.Received(inputPredictions, n.Clock().Now())
		p.predBuf.Add(msgconv.Nanos(m.Header.Stamp), obs)
	}); err != nil {
		return err
	}
	if _, err := node.Subscribe(n, TopicLaneMap, node.QoSLatched, func(m *ebm_av.LaneMap, s node.Sample) {
		p.mu.Lock()
		defer p.mu.Unlock()
		lm, err := msgconv.LaneMap(m)
		if err != nil {
			n.CountInputError(s.Topic, err)
			return
		}
		p.lanes = &lm
	}); err != nil {
		return err
	}
	if _, err := node.Subscribe(n, TopicBEVFeatures, node.QoSDefault, func(m *ebm_av.BEVFeatures, s node.Sample) {
		p.mu.Lock()
		defer p.mu.Unlock()
		// Checked here so a bad raster is counted on its own topic; converted
		// to the planning frame when paired with an ego pose.
		if _, err := msgconv.BEV(m, msgconv.Frame2D{}); err != nil {
			n.CountInputError(s.Topic, err)
			return
		}
		p.watchdog.Received(inputBEVFeatures, n.Clock().Now())
		p.bevBuf.Add(msgconv.Nanos(m.Header.Stamp), m)
	}); err != nil {
		return err
	}
	_, err := node.Subscribe(n, TopicCandidates, node.QoSDefault, func(m *ebm_av.CandidateTrajectories, s node.Sample) {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.watchdog.Received(inputCandidates, n.Clock().Now())
		cands, err := msgconv.Candidates(m)
		if err != nil {
			n.CountInputError(s.Topic, err)
			p.publishDiagnostic(msgconv.Nanos(m.Header.Stamp), diag.Warn, "candidate set rejected: "+err.Error(), nil)
			return
		}
		p.plan(m, cands)
	})
	return err
}
