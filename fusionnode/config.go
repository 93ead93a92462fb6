package fusionnode

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/fusion/drift"
	"github.com/ebm-av/ebm_av/fusion/timesync"
)

// Config holds the node's parameters. Units are SI: s, m, rad.
type Config struct {
	// SyncTolerance is the largest stamp difference between a paired image
	// and point cloud, and between the image and the camera info or
	// detector output used with it, s.
	SyncTolerance float64 `yaml:"sync_tolerance"`
	// CameraFrameID and LidarFrameID name the frames of the extrinsic.
	// Empty means the frame_id of the CameraInfo and of the PointCloud2.
	CameraFrameID string `yaml:"camera_frame_id"`
	LidarFrameID  string `yaml:"lidar_frame_id"`
	// Markers enables the rviz markers (computed only while someone
	// subscribes); MarkerStride keeps every MarkerStride-th point.
	Markers      bool `yaml:"publish_markers"`
	MarkerStride int  `yaml:"marker_stride"`
	// WatchdogPeriod is the period of the check for missing inputs on the
	// node clock, s.
	WatchdogPeriod float64       `yaml:"watchdog_period"`
	InputTimeout   InputTimeouts `yaml:"input_timeout"`
	// CycleBudget is the per-frame compute budget, s; a longer frame
	// yields WARN. The correction search after a drift is not counted.
	CycleBudget float64       `yaml:"cycle_budget"`
	Terms       TermWeights   `yaml:"terms"`
	Drift       DriftConfig   `yaml:"drift"`
	EgoMotion   EgoMotionConf `yaml:"ego_motion"`
	TimeSync    TimeSyncConf  `yaml:"time_sync"`
	OOD         OODConfig     `yaml:"ood"`
}

// InputTimeouts holds the staleness limit of each input on the node clock,
// s; a late input yields STALE. The extrinsic comes once on /tf_static, so
// it has no limit, and detector output missing from a frame shows in the
// detections check.
type InputTimeouts struct {
	Image      float64 `yaml:"image"`
	PointCloud float64 `yaml:"point_cloud"`
	CameraInfo float64 `yaml:"camera_info"`
}

// TermWeights weights the cross-modal energy terms in the total energy.
// An evidence term with weight 0 is left out. The geometry term is always
// evaluated and published, and its default weight 0 keeps it out of the
// total: it compares against the point statistics of the first assessed
// frame, so it only shows a change since the node started.
type TermWeights struct {
	ImageEvidence float64 `yaml:"image_evidence"`
	LidarEvidence float64 `yaml:"lidar_evidence"`
	Geometry      float64 `yaml:"geometry"`
}

// DriftConfig sets the drift assessment and the correction search.
type DriftConfig struct {
	// Threshold is the score (energy gap to the best neighbour over its
	// bootstrap spread) above which the extrinsic counts as drifted.
	Threshold float64 `yaml:"threshold"`
	// RotationStep (rad) and TranslationStep (m) are the smallest
	// neighbour offsets; the neighbourhood uses 1, 2 and 4 times each.
	RotationStep    float64  `yaml:"rotation_step"`
	TranslationStep float64  `yaml:"translation_step"`
	Axes            []string `yaml:"axes"`
	Replicates      int      `yaml:"replicates"`
	Seed            int      `yaml:"seed"`
	// Estimate runs the correction search on frames flagged as drifted,
	// with at most MaxEvaluations energy evaluations.
	Estimate       bool `yaml:"estimate"`
	MaxEvaluations int  `yaml:"max_evaluations"`
	// WindowFrames is the number of most recent frames whose energies the
	// assessment and the correction search pool, at most MaxWindowFrames.
	// Each pooled frame costs one more energy evaluation per neighbour and
	// keeps its scene in memory, and MaxEvaluations counts the evaluations
	// of every pooled frame.
	WindowFrames int `yaml:"window_frames"`
}

// MaxWindowFrames bounds drift.window_frames. Each frame of the window
// keeps its scene (8.7 MB of heap for KITTI frame 000001, a 1242×375 image
// and 120,268 points) and adds its energy evaluations to every assessment.
const MaxWindowFrames = 16

// EgoMotionConf sets the de-skewing of each scan: the vehicle's motion
// during the LiDAR sweep, read from the odometry twist, is undone before
// the scan is scored. The twist is used as the LiDAR's own velocity, which
// is accurate for a LiDAR whose x axis points forward along the vehicle.
//
// NOTE: the lever arm from the odometry's child frame to the LiDAR is
// ignored. Turning at ω rad/s with the LiDAR r m away adds ω·r m/s that the
// correction misses.
type EgoMotionConf struct {
	// Deskew enables the correction. Without odometry within MaxAge of the
	// image stamp, a frame is scored as measured.
	Deskew bool `yaml:"deskew"`
	// MaxAge is the largest stamp difference between the image and the
	// odometry sample nearest to it, s. Below the frame period, a frame
	// never takes a neighbouring frame's sample.
	MaxAge float64 `yaml:"max_age"`
	// SweepPeriod (s), Clockwise and TriggerAzimuth (rad) describe the
	// LiDAR as in fusion.Sweep.
	SweepPeriod    float64 `yaml:"sweep_period"`
	Clockwise      bool    `yaml:"clockwise"`
	TriggerAzimuth float64 `yaml:"trigger_azimuth"`
}

// sweep returns the LiDAR sweep of the parameters.
func (e EgoMotionConf) sweep() fusion.Sweep {
	return fusion.Sweep{Period: e.SweepPeriod, Clockwise: e.Clockwise, TriggerAzimuth: e.TriggerAzimuth}
}

// TimeSyncConf sets the camera–LiDAR time synchronisation check.
type TimeSyncConf struct {
	// Source is "headers" (pair image and point cloud stamps), "status"
	// (the stack's TimeSyncStatus topic) or "auto" (status once one has
	// arrived, headers before). Header pairing only measures offsets within
	// SyncTolerance: a larger one pairs an image with a neighbouring scan
	// and shows as an offset of the wrong size and sign.
	Source string `yaml:"source"`
	// NominalOffset is the expected camera − LiDAR stamp difference, s,
	// used when WarmUp is 0. Otherwise the mean of the first WarmUp pairs.
	NominalOffset float64 `yaml:"nominal_offset"`
	WarmUp        int     `yaml:"warm_up"`
	Period        float64 `yaml:"period"`      // nominal frame period, s
	DropFactor    float64 `yaml:"drop_factor"` // a gap above DropFactor·Period counts dropped frames
	WarnOffset    float64 `yaml:"warn_offset"` // |offset − nominal| limits, s
	ErrorOffset   float64 `yaml:"error_offset"`
	WarnJitter    float64 `yaml:"warn_jitter"` // offset standard deviation limits, s
	ErrorJitter   float64 `yaml:"error_jitter"`
	Window        int     `yaml:"window"`      // pairs in the jitter window
	StaleAfter    float64 `yaml:"stale_after"` // s without a pair before STALE
	RaiseAfter    int     `yaml:"raise_after"`
	ClearAfter    int     `yaml:"clear_after"`
}

// OODConfig sets the per-object energy score E = −T·logsumexp(logits/T)
// and the energy above which the monitor abstains on an object.
type OODConfig struct {
	Temperature float64 `yaml:"temperature"`
	Threshold   float64 `yaml:"threshold"`
}

// Time-sync sources.
const (
	SourceAuto    = "auto"
	SourceHeaders = "headers"
	SourceStatus  = "status"
)

// DefaultConfig returns the node defaults. The drift and time-sync values
// are those of fusion/drift and fusion/timesync. The OOD threshold is the
// one ebm import kitti fits on KITTI frames 000000 and 000001 with Cyclist
// held out.
func DefaultConfig() Config {
	dc := drift.DefaultConfig()
	tc := timesync.DefaultConfig()
	axes := make([]string, len(dc.Axes))
	for i, a := range dc.Axes {
		axes[i] = drift.AxisNames[a]
	}
	search := drift.DefaultSearchConfig()
	sweep := fusion.DefaultSweep()
	return Config{
		SyncTolerance: 0.05, Markers: true, MarkerStride: 4, WatchdogPeriod: 1,
		InputTimeout: InputTimeouts{Image: 1, PointCloud: 1, CameraInfo: 1},
		CycleBudget:  1,
		Terms:        TermWeights{ImageEvidence: 1, LidarEvidence: 0.1},
		Drift: DriftConfig{
			Threshold: dc.Threshold, RotationStep: dc.RotationStep, TranslationStep: dc.TranslationStep,
			Axes: axes, Replicates: dc.Replicates, Seed: int(dc.Seed),
			Estimate: true, MaxEvaluations: search.MaxEvaluations, WindowFrames: 1,
		},
		EgoMotion: EgoMotionConf{
			Deskew: true, MaxAge: 0.05,
			SweepPeriod: sweep.Period, Clockwise: sweep.Clockwise, TriggerAzimuth: sweep.TriggerAzimuth,
		},
		TimeSync: TimeSyncConf{
			Source: SourceAuto, NominalOffset: tc.NominalOffset.Seconds(), WarmUp: tc.WarmUp,
			Period: tc.Period.Seconds(), DropFactor: tc.DropFactor,
			WarnOffset: tc.WarnOffset.Seconds(), ErrorOffset: tc.ErrorOffset.Seconds(),
			WarnJitter: tc.WarnJitter.Seconds(), ErrorJitter: tc.ErrorJitter.Seconds(),
			Window: tc.Window, StaleAfter: tc.StaleAfter.Seconds(), RaiseAfter: tc.RaiseAfter, ClearAfter: tc.ClearAfter,
		},
		OOD: OODConfig{Temperature: 1, Threshold: -2.8280797684285934},
	}
}

func (c Config) validate() error {
	switch {
	case !(c.SyncTolerance >= 0):
		return fmt.Errorf("invalid sync_tolerance %g s: must be ≥ 0", c.SyncTolerance)
	case c.MarkerStride < 1:
		return fmt.Errorf("invalid marker_stride %d: must be ≥ 1", c.MarkerStride)
	case !(c.WatchdogPeriod > 0):
		return fmt.Errorf("invalid watchdog_period %g s: must be > 0", c.WatchdogPeriod)
	case !(c.CycleBudget > 0):
		return fmt.Errorf("invalid cycle_budget %g s: must be > 0", c.CycleBudget)
	case !(c.OOD.Temperature > 0):
		return fmt.Errorf("invalid ood.temperature %g: must be > 0", c.OOD.Temperature)
	case math.IsNaN(c.OOD.Threshold) || math.IsInf(c.OOD.Threshold, 0):
		return fmt.Errorf("invalid ood.threshold %g: must be finite", c.OOD.Threshold)
	case !slices.Contains([]string{SourceAuto, SourceHeaders, SourceStatus}, c.TimeSync.Source):
		return fmt.Errorf("invalid time_sync.source %q: use auto, headers or status", c.TimeSync.Source)
	case !(c.EgoMotion.MaxAge >= 0 && c.EgoMotion.MaxAge <= 1):
		return fmt.Errorf("invalid ego_motion.max_age %g s: must be from 0 to 1 s, below the frame period, for example 0.05", c.EgoMotion.MaxAge)
	case !(c.EgoMotion.SweepPeriod > 0) || math.IsInf(c.EgoMotion.SweepPeriod, 1):
		return fmt.Errorf("invalid ego_motion.sweep_period %g s: must be > 0, for example 0.1 for a 10 Hz LiDAR", c.EgoMotion.SweepPeriod)
	case math.IsNaN(c.EgoMotion.TriggerAzimuth) || math.IsInf(c.EgoMotion.TriggerAzimuth, 0):
		return fmt.Errorf("invalid ego_motion.trigger_azimuth %g rad: must be finite, 0 when the camera fires as the LiDAR faces forward", c.EgoMotion.TriggerAzimuth)
	}
	for name, w := range map[string]float64{"image_evidence": c.Terms.ImageEvidence, "lidar_evidence": c.Terms.LidarEvidence, "geometry": c.Terms.Geometry} {
		if !(w >= 0) || math.IsInf(w, 0) {
			return fmt.Errorf("invalid terms.%s %g: must be finite and ≥ 0", name, w)
		}
	}
	if c.Terms.ImageEvidence == 0 && c.Terms.LidarEvidence == 0 {
		return fmt.Errorf("invalid terms: image_evidence and lidar_evidence are both 0, so the energy cannot detect drift")
	}
	timeouts := []struct {
		name  string
		value float64
	}{
		{"image", c.InputTimeout.Image}, {"point_cloud", c.InputTimeout.PointCloud},
		{"camera_info", c.InputTimeout.CameraInfo},
	}
	for _, to := range timeouts {
		if !(to.value > 0) {
			return fmt.Errorf("invalid input_timeout.%s %g s: must be > 0", to.name, to.value)
		}
	}
	if _, err := c.driftConfig(); err != nil {
		return err
	}
	if _, err := c.searchConfig(); err != nil {
		return err
	}
	_, err := timesync.New(c.timeSyncConfig())
	return err
}

// driftConfig converts the drift parameters for drift.NewAssessor.
func (c Config) driftConfig() (drift.Config, error) {
	dc := drift.DefaultConfig()
	dc.Threshold, dc.RotationStep, dc.TranslationStep = c.Drift.Threshold, c.Drift.RotationStep, c.Drift.TranslationStep
	dc.Replicates, dc.Seed = c.Drift.Replicates, uint64(c.Drift.Seed)
	axes, err := axisIndices(c.Drift.Axes)
	if err != nil {
		return dc, err
	}
	dc.Axes = axes
	switch {
	case !(dc.Threshold > 0):
		return dc, fmt.Errorf("invalid drift.threshold %g: must be > 0", dc.Threshold)
	case !(dc.RotationStep > 0) || !(dc.TranslationStep > 0):
		return dc, fmt.Errorf("invalid drift.rotation_step %g rad or drift.translation_step %g m: must be > 0", dc.RotationStep, dc.TranslationStep)
	case dc.Replicates < 2:
		return dc, fmt.Errorf("invalid drift.replicates %d: must be ≥ 2", dc.Replicates)
	case c.Drift.Seed < 0:
		return dc, fmt.Errorf("invalid drift.seed %d: must be ≥ 0", c.Drift.Seed)
	case c.Drift.WindowFrames < 1 || c.Drift.WindowFrames > MaxWindowFrames:
		return dc, fmt.Errorf("invalid drift.window_frames %d: must be from 1 (each frame alone) to %d", c.Drift.WindowFrames, MaxWindowFrames)
	}
	return dc, nil
}

// searchConfig returns the correction search over the drift axes.
func (c Config) searchConfig() (drift.SearchConfig, error) {
	sc := drift.DefaultSearchConfig()
	if c.Drift.MaxEvaluations < 1 {
		return sc, fmt.Errorf("invalid drift.max_evaluations %d: must be ≥ 1", c.Drift.MaxEvaluations)
	}
	sc.MaxEvaluations = c.Drift.MaxEvaluations
	return sc, nil
}

func axisIndices(names []string) ([]int, error) {
	if len(names) == 0 {
		return nil, fmt.Errorf("invalid drift.axes: empty, list some of %v", drift.AxisNames)
	}
	out := make([]int, len(names))
	for i, n := range names {
		out[i] = slices.Index(drift.AxisNames[:], n)
		if out[i] < 0 {
			return nil, fmt.Errorf("invalid drift.axes entry %q: use %v", n, drift.AxisNames)
		}
	}
	return out, nil
}

func (c Config) timeSyncConfig() timesync.Config {
	t := c.TimeSync
	return timesync.Config{
		NominalOffset: seconds(t.NominalOffset), WarmUp: t.WarmUp,
		Period: seconds(t.Period), DropFactor: t.DropFactor,
		WarnOffset: seconds(t.WarnOffset), ErrorOffset: seconds(t.ErrorOffset),
		WarnJitter: seconds(t.WarnJitter), ErrorJitter: seconds(t.ErrorJitter),
		Window: t.Window, StaleAfter: seconds(t.StaleAfter), RaiseAfter: t.RaiseAfter, ClearAfter: t.ClearAfter,
	}
}

// terms returns the evidence terms with a positive weight and the geometry
// term, whose reference the caller fills from the first assessed frame.
func (c Config) terms(geometryRef *fusion.GeometryStats) []fusion.Term {
	var out []fusion.Term
	if c.Terms.ImageEvidence > 0 {
		out = append(out, &fusion.ImageEvidenceTerm{W: c.Terms.ImageEvidence})
	}
	if c.Terms.LidarEvidence > 0 {
		out = append(out, fusion.NewLidarEvidenceTerm(c.Terms.LidarEvidence))
	}
	return append(out, &fusion.GeometryTerm{W: c.Terms.Geometry, Reference: geometryRef})
}

func seconds(s float64) time.Duration { return time.Duration(math.Round(s * float64(time.Second))) }
