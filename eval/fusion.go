package eval

import (
	"math"
	"slices"

	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/node/diag"
)

// FusionRun summarises the FusionDiagnostics that fusion_monitor published
// over one replay output, or over several for a total. A value over no
// sample is 0, so read it together with the count beside it.
type FusionRun struct {
	Run      string          `json:"run"`
	Frames   int             `json:"frames"`
	Levels   LevelCounts     `json:"levels"` // frames per overall level
	Drift    DriftSummary    `json:"drift"`
	TimeSync TimeSyncSummary `json:"time_sync"`
	OOD      OODSummary      `json:"ood"`
	// PerFrame lists every frame in the order fusion_monitor published
	// them. Totals leave it empty.
	PerFrame []FusionFrame `json:"per_frame,omitempty"`
}

// LevelCounts is the number of frames at each diagnostic level.
type LevelCounts struct {
	OK    int `json:"ok"`
	Warn  int `json:"warn"`
	Error int `json:"error"`
	Stale int `json:"stale"`
}

func (c *LevelCounts) add(level uint8) {
	switch diag.Level(level) {
	case diag.OK:
		c.OK++
	case diag.Warn:
		c.Warn++
	case diag.Error:
		c.Error++
	case diag.Stale:
		c.Stale++
	default:
		// ReadFusionDiagnostics rejects other levels.
		panic("eval: invalid diagnostic level " + diag.Level(level).String())
	}
}

func (c *LevelCounts) merge(o LevelCounts) {
	c.OK += o.OK
	c.Warn += o.Warn
	c.Error += o.Error
	c.Stale += o.Stale
}

// Spread is the minimum, median and maximum of a set of values.
type Spread struct {
	Min    float64 `json:"min"`
	Median float64 `json:"median"`
	Max    float64 `json:"max"`
}

func spreadOf(xs []float64) Spread {
	if len(xs) == 0 {
		return Spread{}
	}
	return Spread{Min: slices.Min(xs), Median: Percentile(xs, 50), Max: slices.Max(xs)}
}

// DriftSummary is the extrinsic drift check over the frames. A frame counts
// as assessed when its message carries the cross-modal term energies. A
// frame that failed before the assessment (for example without camera info
// or extrinsic, or on an invalid input) carries none, and its drift score
// of 0 is no measurement.
type DriftSummary struct {
	Assessed int `json:"assessed"`
	Flagged  int `json:"flagged"` // assessed frames at drift_level ERROR
	// Deskewed counts the assessed frames whose scan fusion_monitor
	// de-skewed with odometry.
	Deskewed int    `json:"deskewed"`
	Score    Spread `json:"score"` // drift_score of the assessed frames
	// Thresholds lists the distinct drift_threshold values in the order
	// they first appear, which is one value unless the parameter changed.
	Thresholds               []float64 `json:"thresholds"`
	Corrections              int       `json:"corrections_estimated"`
	MedianCorrectionAngle    float64   `json:"median_correction_angle_deg"`
	MedianCorrectionDistance float64   `json:"median_correction_distance_cm"`
	// MedianCorrectionRotation (roll, pitch, yaw in degrees) and
	// MedianCorrectionTranslation (x, y, z in cm) are the medians of each
	// component on its own, so together they need not be the correction of
	// any one frame.
	MedianCorrectionRotation    [3]float64 `json:"median_correction_rotation_deg"`
	MedianCorrectionTranslation [3]float64 `json:"median_correction_translation_cm"`

	scores, angles, distances []float64
	rotations, translations   [][3]float64
}

// TimeSyncSummary is the camera–LiDAR time synchronisation over the frames.
// fusion_monitor leaves the offsets at zero and time_sync_level at STALE
// until it has seen a stamp pair. While it learns the nominal offset it
// reports OK with a deviation of 0, and only the time-sync status on
// /diagnostics with the frame's stamp marks this warm-up. So the values
// cover only the frames neither at STALE nor in the warm-up.
type TimeSyncSummary struct {
	// WarmUp counts the frames at OK whose time-sync status is in the
	// warm-up, which Levels leaves out. Levels counts the other frames by
	// time_sync_level.
	WarmUp       int         `json:"warm_up"`
	Levels       LevelCounts `json:"levels"`
	Frames       int         `json:"frames"` // frames neither at STALE nor in the warm-up
	OffsetMs     Spread      `json:"offset_ms"`
	MaxDeviation float64     `json:"max_deviation_ms"` // max |time_offset - time_offset_nominal|
	JitterMs     Spread      `json:"jitter_ms"`
	// DroppedFrames and BackwardsStamps are the largest of the node's
	// counters, which count since the node started. Totals add them up.
	DroppedFrames   uint32 `json:"dropped_frames"`
	BackwardsStamps uint32 `json:"backwards_stamps"`

	offsets, jitters []float64
}

// OODSummary is the out-of-distribution check of the detected objects over
// the frames.
type OODSummary struct {
	Objects     int     `json:"objects"`
	Abstentions int     `json:"abstentions"`
	MeanEnergy  float64 `json:"mean_energy"`
	// Thresholds lists the distinct ood_threshold values in the order they
	// first appear.
	Thresholds []float64 `json:"thresholds"`

	energySum float64
}

// FusionFrame is one frame of the per-frame table.
type FusionFrame struct {
	Stamp               int64   `json:"stamp_ns"` // camera image stamp
	Level               string  `json:"level"`
	Message             string  `json:"message"`
	Assessed            bool    `json:"assessed"`
	DriftScore          float64 `json:"drift_score"`
	Flagged             bool    `json:"flagged"`
	CorrectionEstimated bool    `json:"correction_estimated"`
	CorrectionAngle     float64 `json:"correction_angle_deg"`
	CorrectionDistance  float64 `json:"correction_distance_cm"`
	// CorrectionRotation is roll, pitch and yaw about the LiDAR x, y and z
	// axes in degrees, and CorrectionTranslation is x, y and z in the LiDAR
	// frame in cm. A correction that undoes an injected drift is close to
	// the drift's negation.
	CorrectionRotation    [3]float64 `json:"correction_rotation_deg"`
	CorrectionTranslation [3]float64 `json:"correction_translation_cm"`
	// Deskewed reports that the scan was de-skewed with odometry, and
	// EgoSpeed is the norm of the odometry velocity used, m/s.
	Deskewed bool    `json:"deskewed"`
	EgoSpeed float64 `json:"ego_speed_mps"`
}

// SummarizeFusion summarises the messages of one run under the name run,
// with the time-sync statuses of the same run to identify warm-up frames. The
// messages must have valid levels and parallel object arrays, as
// ReadFusionDiagnostics checks. Without statuses no frame counts as in the
// warm-up.
func SummarizeFusion(run string, msgs []ebm_av.FusionDiagnostics, statuses []TimeSyncStatus) FusionRun {
	r := FusionRun{Run: run, Frames: len(msgs), PerFrame: make([]FusionFrame, 0, len(msgs))}
	learning := learningStamps(statuses)
	for i := range msgs {
		m := &msgs[i]
		r.Levels.add(m.Level)
		r.PerFrame = append(r.PerFrame, r.Drift.add(m))
		r.TimeSync.add(m, learning[msgconv.Nanos(m.Header.Stamp)])
		r.OOD.add(m)
	}
	r.finish()
	return r
}

// TotalFusion pools runs under the name "all". Counts add up, and spreads
// and medians are taken over the frames of every run.
func TotalFusion(runs []FusionRun) FusionRun {
	t := FusionRun{Run: "all"}
	for _, r := range runs {
		t.Frames += r.Frames
		t.Levels.merge(r.Levels)

		d := &t.Drift
		d.Assessed += r.Drift.Assessed
		d.Flagged += r.Drift.Flagged
		d.Deskewed += r.Drift.Deskewed
		d.Corrections += r.Drift.Corrections
		d.scores = append(d.scores, r.Drift.scores...)
		d.angles = append(d.angles, r.Drift.angles...)
		d.distances = append(d.distances, r.Drift.distances...)
		d.rotations = append(d.rotations, r.Drift.rotations...)
		d.translations = append(d.translations, r.Drift.translations...)
		d.Thresholds = appendDistinct(d.Thresholds, r.Drift.Thresholds...)

		s := &t.TimeSync
		s.WarmUp += r.TimeSync.WarmUp
		s.Levels.merge(r.TimeSync.Levels)
		s.Frames += r.TimeSync.Frames
		s.MaxDeviation = math.Max(s.MaxDeviation, r.TimeSync.MaxDeviation)
		s.DroppedFrames += r.TimeSync.DroppedFrames
		s.BackwardsStamps += r.TimeSync.BackwardsStamps
		s.offsets = append(s.offsets, r.TimeSync.offsets...)
		s.jitters = append(s.jitters, r.TimeSync.jitters...)

		o := &t.OOD
		o.Objects += r.OOD.Objects
		o.Abstentions += r.OOD.Abstentions
		o.energySum += r.OOD.energySum
		o.Thresholds = appendDistinct(o.Thresholds, r.OOD.Thresholds...)
	}
	t.finish()
	return t
}

func (r *FusionRun) finish() {
	d := &r.Drift
	d.Score = spreadOf(d.scores)
	if len(d.angles) > 0 {
		d.MedianCorrectionAngle = Percentile(d.angles, 50)
		d.MedianCorrectionDistance = Percentile(d.distances, 50)
		d.MedianCorrectionRotation = componentMedians(d.rotations)
		d.MedianCorrectionTranslation = componentMedians(d.translations)
	}
	s := &r.TimeSync
	s.OffsetMs = spreadOf(s.offsets)
	s.JitterMs = spreadOf(s.jitters)
	if r.OOD.Objects > 0 {
		r.OOD.MeanEnergy = r.OOD.energySum / float64(r.OOD.Objects)
	}
	// Empty lists, not null, in the JSON of a run without frames.
	if d.Thresholds == nil {
		d.Thresholds = []float64{}
	}
	if r.OOD.Thresholds == nil {
		r.OOD.Thresholds = []float64{}
	}
}

// add counts the drift check of m and returns its per-frame row.
func (d *DriftSummary) add(m *ebm_av.FusionDiagnostics) FusionFrame {
	f := FusionFrame{Stamp: msgconv.Nanos(m.Header.Stamp), Level: diag.Level(m.Level).String(), Message: m.Message}
	d.Thresholds = appendDistinct(d.Thresholds, m.DriftThreshold)
	if len(m.TermNames) == 0 {
		return f
	}
	f.Assessed, f.DriftScore = true, m.DriftScore
	f.Flagged = diag.Level(m.DriftLevel) == diag.Error
	d.Assessed++
	d.scores = append(d.scores, m.DriftScore)
	if f.Flagged {
		d.Flagged++
	}
	if m.Deskewed {
		f.Deskewed, f.EgoSpeed = true, math.Hypot(m.EgoVelocity[0], m.EgoVelocity[1])
		d.Deskewed++
	}
	if m.CorrectionEstimated {
		f.CorrectionEstimated = true
		f.CorrectionAngle, f.CorrectionDistance = m.CorrectionAngle, m.CorrectionDistance
		f.CorrectionRotation, f.CorrectionTranslation = m.CorrectionRotation, m.CorrectionTranslation
		d.Corrections++
		d.angles = append(d.angles, m.CorrectionAngle)
		d.distances = append(d.distances, m.CorrectionDistance)
		d.rotations = append(d.rotations, m.CorrectionRotation)
		d.translations = append(d.translations, m.CorrectionTranslation)
	}
	return f
}

// add counts the time sync of m. learning reports that the frame's
// time-sync status marks its stamp pair as part of the warm-up. A frame in
// the warm-up then counts as TimeSyncStatus.WarmUp and measured count a
// status.
func (s *TimeSyncSummary) add(m *ebm_av.FusionDiagnostics, learning bool) {
	// The counters only grow while the node runs, so the latest is the
	// largest.
	s.DroppedFrames = max(s.DroppedFrames, m.DroppedFrames)
	s.BackwardsStamps = max(s.BackwardsStamps, m.BackwardsStamps)
	level := diag.Level(m.TimeSyncLevel)
	if learning && level == diag.OK {
		s.WarmUp++
		return
	}
	s.Levels.add(m.TimeSyncLevel)
	if learning || level == diag.Stale {
		return
	}
	s.Frames++
	s.offsets = append(s.offsets, 1e3*m.TimeOffset)
	s.jitters = append(s.jitters, 1e3*m.TimeJitter)
	s.MaxDeviation = math.Max(s.MaxDeviation, 1e3*math.Abs(m.TimeOffset-m.TimeOffsetNominal))
}

func (o *OODSummary) add(m *ebm_av.FusionDiagnostics) {
	o.Thresholds = appendDistinct(o.Thresholds, m.OodThreshold)
	for i, e := range m.ObjectEnergies {
		o.Objects++
		o.energySum += e
		if m.ObjectAbstain[i] {
			o.Abstentions++
		}
	}
}

// componentMedians returns the median of each component over vs, which
// must not be empty.
func componentMedians(vs [][3]float64) [3]float64 {
	var medians [3]float64
	component := make([]float64, len(vs))
	for c := range medians {
		for i, v := range vs {
			component[i] = v[c]
		}
		medians[c] = Percentile(component, 50)
	}
	return medians
}

func appendDistinct(list []float64, values ...float64) []float64 {
	for _, v := range values {
		if !slices.Contains(list, v) {
			list = append(list, v)
		}
	}
	return list
}
