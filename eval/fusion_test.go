package eval

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/node/diag"
)

var fusionTerms = []string{"image_evidence", "lidar_evidence", "geometry"}

// assessedFrame returns the message of a frame whose drift was assessed,
// with time sync still STALE and no objects.
func assessedFrame(stamp int64, level, driftLevel diag.Level, score float64) ebm_av.FusionDiagnostics {
	return ebm_av.FusionDiagnostics{
		Header: msgconv.Header(stamp, "camera"), Level: byte(level), TermNames: fusionTerms,
		DriftLevel: byte(driftLevel), DriftScore: score, DriftThreshold: 1,
		TimeSyncLevel: byte(diag.Stale), OodThreshold: -2.5,
	}
}

// corrected returns m with an estimated correction of angle degrees and
// distance cm, with rotation (roll, pitch, yaw) in degrees and translation
// (x, y, z) in cm. The tests need not keep the magnitudes consistent with
// the components.
func corrected(m ebm_av.FusionDiagnostics, angle, distance float64, rotation, translation [3]float64) ebm_av.FusionDiagnostics {
	m.CorrectionEstimated, m.CorrectionAngle, m.CorrectionDistance = true, angle, distance
	m.CorrectionRotation, m.CorrectionTranslation = rotation, translation
	return m
}

// deskewed returns m marked as de-skewed with velocity (x, y) in m/s.
func deskewed(m ebm_av.FusionDiagnostics, velocity [2]float64) ebm_av.FusionDiagnostics {
	m.Deskewed, m.EgoVelocity = true, velocity
	return m
}

// synced returns m with time-sync fields in seconds.
func synced(m ebm_av.FusionDiagnostics, level diag.Level, offset, nominal, jitter float64, dropped uint32) ebm_av.FusionDiagnostics {
	m.TimeSyncLevel, m.TimeOffset, m.TimeOffsetNominal, m.TimeJitter, m.DroppedFrames = byte(level), offset, nominal, jitter, dropped
	return m
}

// withObjects returns m with one object per energy, abstaining above the
// threshold as the node does.
func withObjects(m ebm_av.FusionDiagnostics, energies ...float64) ebm_av.FusionDiagnostics {
	for i, e := range energies {
		m.ObjectIDs = append(m.ObjectIDs, fmt.Sprint(i))
		m.ObjectEnergies = append(m.ObjectEnergies, e)
		m.ObjectAbstain = append(m.ObjectAbstain, e > m.OodThreshold)
	}
	return m
}

// failedFrame returns the message of a frame that failed before the drift
// assessment. It has no term energies and a drift score of 0.
func failedFrame(stamp int64, level diag.Level) ebm_av.FusionDiagnostics {
	return ebm_av.FusionDiagnostics{
		Header: msgconv.Header(stamp, "camera"), Level: byte(level), Message: "calibration not assessed",
		DriftLevel: byte(level), DriftThreshold: 1, TimeSyncLevel: byte(diag.Stale), OodLevel: byte(diag.Stale), OodThreshold: -2.5,
	}
}

func TestSummarizeFusion(t *testing.T) {
	tests := []struct {
		name     string
		msgs     []ebm_av.FusionDiagnostics
		levels   LevelCounts
		drift    DriftSummary
		timeSync TimeSyncSummary
		ood      OODSummary
	}{{
		name:     "no frames",
		drift:    DriftSummary{Thresholds: []float64{}},
		timeSync: TimeSyncSummary{},
		ood:      OODSummary{Thresholds: []float64{}},
	}, {
		name: "calibrated frames",
		msgs: []ebm_av.FusionDiagnostics{
			assessedFrame(1, diag.OK, diag.OK, -1.5),
			assessedFrame(2, diag.OK, diag.OK, 0.25),
			assessedFrame(3, diag.OK, diag.OK, 0.5),
		},
		levels:   LevelCounts{OK: 3},
		drift:    DriftSummary{Assessed: 3, Score: Spread{Min: -1.5, Median: 0.25, Max: 0.5}, Thresholds: []float64{1}},
		timeSync: TimeSyncSummary{Levels: LevelCounts{Stale: 3}},
		ood:      OODSummary{Thresholds: []float64{-2.5}},
	}, {
		name: "drift with corrections",
		msgs: []ebm_av.FusionDiagnostics{
			corrected(assessedFrame(1, diag.Error, diag.Error, 4), 1.0, 2, [3]float64{0.1, 0, -1}, [3]float64{0, 0.5, -2}),
			assessedFrame(2, diag.Error, diag.Error, 3),
			corrected(assessedFrame(3, diag.Error, diag.Error, 6), 0.8, 6, [3]float64{-0.2, 0.1, -0.75}, [3]float64{1, -1, -6}),
			corrected(assessedFrame(4, diag.Warn, diag.OK, 0.5), 0.2, 1, [3]float64{0, 0.05, 0.2}, [3]float64{0, 0, 1}),
		},
		levels: LevelCounts{Warn: 1, Error: 3},
		// Medians of {1.0, 0.8, 0.2} ° and {2, 6, 1} cm, and of each
		// component on its own: roll {0.1, -0.2, 0}, pitch {0, 0.1, 0.05},
		// yaw {-1, -0.75, 0.2}, x {0, 1, 0}, y {0.5, -1, 0}, z {-2, -6, 1}.
		// The unflagged frame's correction counts as well, and the frame
		// without a correction does not.
		drift: DriftSummary{Assessed: 4, Flagged: 3, Score: Spread{Min: 0.5, Median: 3.5, Max: 6}, Thresholds: []float64{1},
			Corrections: 3, MedianCorrectionAngle: 0.8, MedianCorrectionDistance: 2,
			MedianCorrectionRotation: [3]float64{0, 0.05, -0.75}, MedianCorrectionTranslation: [3]float64{0, 0, -2}},
		timeSync: TimeSyncSummary{Levels: LevelCounts{Stale: 4}},
		ood:      OODSummary{Thresholds: []float64{-2.5}},
	}, {
		name: "failed frames are not assessed",
		msgs: []ebm_av.FusionDiagnostics{
			failedFrame(1, diag.Stale),
			failedFrame(2, diag.Error),
			assessedFrame(3, diag.Error, diag.OK, 0.75),
		},
		levels:   LevelCounts{Error: 2, Stale: 1},
		drift:    DriftSummary{Assessed: 1, Score: Spread{Min: 0.75, Median: 0.75, Max: 0.75}, Thresholds: []float64{1}},
		timeSync: TimeSyncSummary{Levels: LevelCounts{Stale: 3}},
		ood:      OODSummary{Thresholds: []float64{-2.5}},
	}, {
		name: "time sync without stale frames",
		msgs: []ebm_av.FusionDiagnostics{
			synced(assessedFrame(1, diag.OK, diag.OK, 0), diag.Stale, 0, 0, 0, 0),
			synced(assessedFrame(2, diag.OK, diag.OK, 0), diag.OK, 0.0105, 0.0105, 0.00004, 0),
			synced(assessedFrame(3, diag.Warn, diag.OK, 0), diag.Warn, 0.0185, 0.0105, 0.003, 2),
			synced(assessedFrame(4, diag.OK, diag.OK, 0), diag.OK, 0.0095, 0.0105, 0.001, 2),
		},
		levels: LevelCounts{OK: 3, Warn: 1},
		drift:  DriftSummary{Assessed: 4, Thresholds: []float64{1}},
		timeSync: TimeSyncSummary{Levels: LevelCounts{OK: 2, Warn: 1, Stale: 1}, Frames: 3,
			OffsetMs: Spread{Min: 9.5, Median: 10.5, Max: 18.5}, MaxDeviation: 8,
			JitterMs: Spread{Min: 0.04, Median: 1, Max: 3}, DroppedFrames: 2},
		ood: OODSummary{Thresholds: []float64{-2.5}},
	}, {
		name: "objects and abstentions",
		msgs: []ebm_av.FusionDiagnostics{
			withObjects(assessedFrame(1, diag.OK, diag.OK, 0), -4),
			withObjects(assessedFrame(2, diag.OK, diag.OK, 0)),
			withObjects(assessedFrame(3, diag.OK, diag.OK, 0), -3, -1, -2),
		},
		levels:   LevelCounts{OK: 3},
		drift:    DriftSummary{Assessed: 3, Thresholds: []float64{1}},
		timeSync: TimeSyncSummary{Levels: LevelCounts{Stale: 3}},
		ood:      OODSummary{Objects: 4, Abstentions: 2, MeanEnergy: -2.5, Thresholds: []float64{-2.5}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := SummarizeFusion("run", tt.msgs, nil)
			assert.Equal(t, "run", r.Run)
			assert.Equal(t, len(tt.msgs), r.Frames)
			assert.Len(t, r.PerFrame, len(tt.msgs))
			assert.Equal(t, tt.levels, r.Levels)

			d := r.Drift
			assert.Equal(t, tt.drift.Assessed, d.Assessed, "assessed")
			assert.Equal(t, tt.drift.Flagged, d.Flagged, "flagged")
			assertSpread(t, tt.drift.Score, d.Score, "drift score")
			assert.Equal(t, tt.drift.Thresholds, d.Thresholds)
			assert.Equal(t, tt.drift.Corrections, d.Corrections, "corrections")
			assert.InDelta(t, tt.drift.MedianCorrectionAngle, d.MedianCorrectionAngle, 1e-12)
			assert.InDelta(t, tt.drift.MedianCorrectionDistance, d.MedianCorrectionDistance, 1e-12)
			assert.InDeltaSlice(t, tt.drift.MedianCorrectionRotation[:], d.MedianCorrectionRotation[:], 1e-12, "median rotation")
			assert.InDeltaSlice(t, tt.drift.MedianCorrectionTranslation[:], d.MedianCorrectionTranslation[:], 1e-12, "median translation")

			s := r.TimeSync
			assert.Equal(t, tt.timeSync.Levels, s.Levels, "time-sync levels")
			assert.Equal(t, tt.timeSync.Frames, s.Frames, "time-sync frames")
			assertSpread(t, tt.timeSync.OffsetMs, s.OffsetMs, "offset")
			assert.InDelta(t, tt.timeSync.MaxDeviation, s.MaxDeviation, 1e-9)
			assertSpread(t, tt.timeSync.JitterMs, s.JitterMs, "jitter")
			assert.Equal(t, tt.timeSync.DroppedFrames, s.DroppedFrames)
			assert.Equal(t, tt.timeSync.BackwardsStamps, s.BackwardsStamps)

			o := r.OOD
			assert.Equal(t, tt.ood.Objects, o.Objects, "objects")
			assert.Equal(t, tt.ood.Abstentions, o.Abstentions, "abstentions")
			assert.InDelta(t, tt.ood.MeanEnergy, o.MeanEnergy, 1e-12)
			assert.Equal(t, tt.ood.Thresholds, o.Thresholds)
		})
	}
}

func assertSpread(t *testing.T, want, got Spread, field string) {
	t.Helper()
	assert.InDelta(t, want.Min, got.Min, 1e-9, "%s min", field)
	assert.InDelta(t, want.Median, got.Median, 1e-9, "%s median", field)
	assert.InDelta(t, want.Max, got.Max, 1e-9, "%s max", field)
}

func TestSummarizeFusionPerFrame(t *testing.T) {
	r := SummarizeFusion("run", []ebm_av.FusionDiagnostics{
		failedFrame(1_500_000_000, diag.Stale),
		corrected(assessedFrame(1_600_000_000, diag.Error, diag.Error, 4), 1.0, 2, [3]float64{0.02, -0.01, -1}, [3]float64{0.1, 0.3, -1.9}),
		deskewed(assessedFrame(1_700_000_000, diag.OK, diag.OK, 0.5), [2]float64{3, 4}),
	}, nil)
	assert.Equal(t, []FusionFrame{
		{Stamp: 1_500_000_000, Level: "STALE", Message: "calibration not assessed"},
		{Stamp: 1_600_000_000, Level: "ERROR", Assessed: true, DriftScore: 4, Flagged: true,
			CorrectionEstimated: true, CorrectionAngle: 1.0, CorrectionDistance: 2,
			CorrectionRotation: [3]float64{0.02, -0.01, -1}, CorrectionTranslation: [3]float64{0.1, 0.3, -1.9}},
		{Stamp: 1_700_000_000, Level: "OK", Assessed: true, DriftScore: 0.5, Deskewed: true, EgoSpeed: 5},
	}, r.PerFrame)
	assert.Equal(t, 1, r.Drift.Deskewed)
}

func TestFusionFrameJSONCorrection(t *testing.T) {
	r := SummarizeFusion("run", []ebm_av.FusionDiagnostics{
		corrected(assessedFrame(1, diag.Error, diag.Error, 4), 1, 10, [3]float64{0, 0.5, -1}, [3]float64{0.25, 0, -10}),
	}, nil)
	js, err := json.Marshal(r)
	require.NoError(t, err)

	var got struct {
		Drift    map[string]any   `json:"drift"`
		PerFrame []map[string]any `json:"per_frame"`
	}
	require.NoError(t, json.Unmarshal(js, &got))
	require.Len(t, got.PerFrame, 1)
	frame := got.PerFrame[0]
	assert.Equal(t, []any{0.0, 0.5, -1.0}, frame["correction_rotation_deg"])
	assert.Equal(t, []any{0.25, 0.0, -10.0}, frame["correction_translation_cm"])
	assert.Equal(t, 1.0, frame["correction_angle_deg"], "the magnitudes stay")
	assert.Equal(t, 10.0, frame["correction_distance_cm"], "the magnitudes stay")
	assert.Equal(t, []any{0.0, 0.5, -1.0}, got.Drift["median_correction_rotation_deg"])
	assert.Equal(t, []any{0.25, 0.0, -10.0}, got.Drift["median_correction_translation_cm"])
}

func TestTotalFusionPoolsRuns(t *testing.T) {
	a := SummarizeFusion("a", []ebm_av.FusionDiagnostics{
		corrected(synced(assessedFrame(1, diag.Error, diag.Error, 5), diag.OK, 0.010, 0.010, 0.001, 3), 2, 10,
			[3]float64{0, 0, -2}, [3]float64{0, 0, 10}),
		synced(withObjects(assessedFrame(2, diag.OK, diag.OK, 0.5), -3), diag.OK, 0.012, 0.010, 0.002, 4),
	}, nil)
	b := SummarizeFusion("b", []ebm_av.FusionDiagnostics{
		corrected(withObjects(assessedFrame(1, diag.Error, diag.Error, 2), -1, -2), 1, 4,
			[3]float64{0.5, 0, -1}, [3]float64{2, 0, 4}),
		failedFrame(2, diag.Stale),
	}, nil)
	b.Drift.Thresholds = append(b.Drift.Thresholds, 1.5)

	total := TotalFusion([]FusionRun{a, b})
	assert.Equal(t, "all", total.Run)
	assert.Equal(t, 4, total.Frames)
	assert.Equal(t, LevelCounts{OK: 1, Error: 2, Stale: 1}, total.Levels)
	assert.Equal(t, 3, total.Drift.Assessed)
	assert.Equal(t, 2, total.Drift.Flagged)
	assertSpread(t, Spread{Min: 0.5, Median: 2, Max: 5}, total.Drift.Score, "drift score")
	assert.Equal(t, []float64{1, 1.5}, total.Drift.Thresholds)
	assert.Equal(t, 2, total.Drift.Corrections)
	assert.InDelta(t, 1.5, total.Drift.MedianCorrectionAngle, 1e-12, "median of 2° and 1°")
	assert.InDelta(t, 7.0, total.Drift.MedianCorrectionDistance, 1e-12, "median of 10 cm and 4 cm")
	assert.InDeltaSlice(t, []float64{0.25, 0, -1.5}, total.Drift.MedianCorrectionRotation[:], 1e-12)
	assert.InDeltaSlice(t, []float64{1, 0, 7}, total.Drift.MedianCorrectionTranslation[:], 1e-12)
	assert.Equal(t, 2, total.TimeSync.Frames)
	assertSpread(t, Spread{Min: 10, Median: 11, Max: 12}, total.TimeSync.OffsetMs, "offset")
	assert.InDelta(t, 2.0, total.TimeSync.MaxDeviation, 1e-9)
	assert.Equal(t, uint32(4), total.TimeSync.DroppedFrames, "run a's last counter, run b has none")
	assert.Equal(t, 3, total.OOD.Objects)
	assert.Equal(t, 2, total.OOD.Abstentions, "-1 and -2 are above the threshold -2.5")
	assert.InDelta(t, -2.0, total.OOD.MeanEnergy, 1e-12)
	assert.Empty(t, total.PerFrame)
}

func TestValidateFusion(t *testing.T) {
	valid := withObjects(assessedFrame(1, diag.OK, diag.OK, 0), -3, -1)
	tests := []struct {
		name   string
		modify func(m *ebm_av.FusionDiagnostics)
		err    string
	}{
		{"valid", func(*ebm_av.FusionDiagnostics) {}, ""},
		{"level", func(m *ebm_av.FusionDiagnostics) { m.Level = 4 }, "invalid level 4"},
		{"drift level", func(m *ebm_av.FusionDiagnostics) { m.DriftLevel = 9 }, "invalid drift_level 9"},
		{"time-sync level", func(m *ebm_av.FusionDiagnostics) { m.TimeSyncLevel = 5 }, "invalid time_sync_level 5"},
		{"abstain array", func(m *ebm_av.FusionDiagnostics) { m.ObjectAbstain = m.ObjectAbstain[:1] }, "2 object_ids, 2 object_energies and 1 object_abstain"},
		{"id array", func(m *ebm_av.FusionDiagnostics) { m.ObjectIDs = nil }, "0 object_ids, 2 object_energies and 2 object_abstain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := valid
			m.ObjectIDs = append([]string(nil), valid.ObjectIDs...)
			m.ObjectAbstain = append([]bool(nil), valid.ObjectAbstain...)
			tt.modify(&m)
			err := validateFusion(&m)
			if tt.err == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.err)
		})
	}
}

func TestFusionMarkdownFrameRows(t *testing.T) {
	var msgs []ebm_av.FusionDiagnostics
	msgs = append(msgs, failedFrame(1_000_000_000, diag.Stale))
	msgs = append(msgs, deskewed(corrected(assessedFrame(1_100_000_000, diag.Error, diag.Error, 4.25), 0.96, 3.31,
		[3]float64{-0.03, 0.001, -0.96}, [3]float64{0.04, 0.3, -3.26}), [2]float64{10.2, 0}))
	for i := len(msgs); i < FusionFrameRows+5; i++ {
		msgs = append(msgs, assessedFrame(int64(i+10)*100_000_000, diag.OK, diag.OK, 0.5))
	}
	run := SummarizeFusion("kitti", msgs, nil)
	var b strings.Builder
	FusionReport{Runs: []FusionRun{run}, Total: TotalFusion([]FusionRun{run})}.WriteMarkdown(&b)
	md := b.String()

	assert.Contains(t, md, "### fusion_monitor\n")
	assert.Contains(t, md, fmt.Sprintf("| kitti | %d | %d | 0 | 1 | 1 |\n", FusionFrameRows+5, FusionFrameRows+3))
	assert.Contains(t, md, "| 1.000 | STALE | — | — | — | — | — | — | — |\n", "a failed frame has no drift score")
	assert.Contains(t, md, "| 1.100 | ERROR | 4.25 | yes | 0.96 | -0.03, 0.00, -0.96 | 3.3 | 0.0, 0.3, -3.3 | 10.20 |\n")
	assert.Contains(t, md, "| 1.200 | OK | 0.50 | no | — | — | — | — | — |\n")
	frameTable := md[strings.Index(md, "#### Frames of kitti"):]
	assert.Equal(t, FusionFrameRows+1, strings.Count(frameTable, "\n| "), "header and the capped rows")
	assert.Contains(t, md, fmt.Sprintf("The table shows the first %d of %d frames; fusion_report.json lists every frame.", FusionFrameRows, FusionFrameRows+5))
}

func TestFusionMarkdownDriftRow(t *testing.T) {
	tests := []struct {
		name string
		msgs []ebm_av.FusionDiagnostics
		row  string
	}{{
		name: "medians of two corrections",
		msgs: []ebm_av.FusionDiagnostics{
			corrected(assessedFrame(1, diag.Error, diag.Error, 4), 1.02, 10.1, [3]float64{0.1, 0, -1}, [3]float64{0, 0.4, -10}),
			corrected(assessedFrame(2, diag.Error, diag.Error, 6), 0.98, 9.9, [3]float64{-0.1, 0.04, -0.96}, [3]float64{0, 0.2, -9.8}),
		},
		row: "| run | 2 | 2 | 4.00 | 5.00 | 6.00 | 1 | 2 | 1.00 | 0.00, 0.02, -0.98 | 10.0 | 0.0, 0.3, -9.9 | 0 |\n",
	}, {
		name: "no correction",
		msgs: []ebm_av.FusionDiagnostics{assessedFrame(1, diag.OK, diag.OK, 0.5)},
		row:  "| run | 1 | 0 | 0.50 | 0.50 | 0.50 | 1 | 0 | — | — | — | — | 0 |\n",
	}, {
		name: "one of two frames de-skewed",
		msgs: []ebm_av.FusionDiagnostics{
			deskewed(assessedFrame(1, diag.OK, diag.OK, 0.5), [2]float64{10, 0}),
			assessedFrame(2, diag.OK, diag.OK, 0.7),
		},
		row: "| run | 2 | 0 | 0.50 | 0.60 | 0.70 | 1 | 0 | — | — | — | — | 1 |\n",
	}, {
		name: "components that round to zero lose their sign",
		msgs: []ebm_av.FusionDiagnostics{
			corrected(assessedFrame(1, diag.Error, diag.Error, 2), 0.5, 1, [3]float64{-0.004, 0.5, -0.5}, [3]float64{-0.04, -1, 0}),
		},
		row: "| run | 1 | 1 | 2.00 | 2.00 | 2.00 | 1 | 1 | 0.50 | 0.00, 0.50, -0.50 | 1.0 | 0.0, -1.0, 0.0 | 0 |\n",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := SummarizeFusion("run", tt.msgs, nil)
			var b strings.Builder
			FusionReport{Runs: []FusionRun{run}, Total: TotalFusion([]FusionRun{run})}.WriteMarkdown(&b)
			md := b.String()

			require.Contains(t, md, "#### Extrinsic drift")
			drift := md[strings.Index(md, "#### Extrinsic drift"):]
			assert.Contains(t, drift, "| median correction angle (°) | median roll, pitch, yaw (°) | median correction distance (cm) | median x, y, z (cm) | de-skewed |\n")
			assert.Contains(t, drift, tt.row)
			assert.Contains(t, drift, "| all"+strings.TrimPrefix(tt.row, "| run"), "the total of one run repeats it")
		})
	}
}
