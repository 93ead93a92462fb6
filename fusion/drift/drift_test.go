package drift

import (
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/fusion/internal/kittiscene"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// monitorTerms returns the drift monitor's default terms: image evidence
// at weight 1 and LiDAR evidence at weight 0.1, which on frame 000001 has
// its minimum away from the published calibration.
func monitorTerms() []fusion.Term {
	return []fusion.Term{&fusion.ImageEvidenceTerm{W: 1}, fusion.NewLidarEvidenceTerm(0.1)}
}

func loadFrames(t *testing.T) []Frame {
	var frames []Frame
	for _, id := range []string{"000000", "000001"} {
		f := kittiscene.Load(t, id)
		ev, err := fusion.NewEvaluator(f.Scene, monitorTerms()...)
		require.NoError(t, err)
		frames = append(frames, Frame{Name: id, Evaluator: ev, Extrinsic: f.Extrinsic})
	}
	return frames
}

func TestDrillTable(t *testing.T) {
	frames := loadFrames(t)
	drill := FullDrill()
	if os.Getenv("EBM_AV_FULL_DRILL") == "" {
		// The full table takes minutes; the default run keeps one rotation
		// and one translation axis at the sizes that must be detected.
		// EBM_AV_FULL_DRILL=1 runs every axis and size, and
		// EBM_AV_DRILL_ALL_AXES=1 adds X to the neighbourhood and search.
		drill.Rotations = []float64{1}
		drill.Translations = []float64{10}
		drill.Axes = []int{fusion.Yaw, fusion.Z}
	}
	cfg := DefaultConfig()
	search := DefaultSearchConfig()
	if os.Getenv("EBM_AV_DRILL_ALL_AXES") != "" {
		cfg.Axes = []int{fusion.Roll, fusion.Pitch, fusion.Yaw, fusion.X, fusion.Y, fusion.Z}
		search.Axes = cfg.Axes
	}
	if testing.Short() {
		drill.Axes = []int{fusion.Yaw}
		search.Rounds = 1
		search.MaxEvaluations = 200
	}
	start := time.Now()
	table, err := Evaluate(frames, cfg, search, drill)
	require.NoError(t, err)
	var sb strings.Builder
	require.NoError(t, table.Write(&sb))
	t.Logf("drill table (%v):\n%s", time.Since(start).Round(time.Millisecond), sb.String())

	assert.Zero(t, table.CalibratedFlagged.K, "an unperturbed frame was flagged as drifted")
	for _, r := range table.Rows {
		if r.Axis == fusion.X {
			// X is not in the default neighbourhood: see DefaultConfig.
			continue
		}
		if (r.Axis < fusion.X && r.Magnitude >= 1) || (r.Axis >= fusion.X && r.Magnitude >= 10) {
			assert.GreaterOrEqual(t, r.Detection.Estimate, 0.75, "%s %.2f detection", AxisNames[r.Axis], r.Magnitude)
			assert.GreaterOrEqual(t, r.Improved.Estimate, 0.75, "%s %.2f: correction does not reduce the error", AxisNames[r.Axis], r.Magnitude)
		}
	}
}

func TestNewRateClopperPearson(t *testing.T) {
	// Exact values: for 0/10 the upper limit is 1 − 0.025^(1/10); for
	// 10/10 the lower limit is 0.025^(1/10).
	r := NewRate(0, 10, 0.95)
	assert.Equal(t, 0.0, r.Lower)
	assert.InDelta(t, 1-math.Pow(0.025, 0.1), r.Upper, 1e-9)
	r = NewRate(10, 10, 0.95)
	assert.InDelta(t, math.Pow(0.025, 0.1), r.Lower, 1e-9)
	assert.Equal(t, 1.0, r.Upper)
	r = NewRate(3, 10, 0.95)
	assert.InDelta(t, 0.0667, r.Lower, 1e-4)
	assert.InDelta(t, 0.6525, r.Upper, 1e-4)
}

func TestFitThresholdQuantile(t *testing.T) {
	null := []float64{5, 1, 2, 3, 4, 6, 7, 8, 9, 10}
	th, err := FitThreshold(null, 0.1, 0)
	require.NoError(t, err)
	assert.Equal(t, 9.0, th)
	th, err = FitThreshold(null, 0.1, 12)
	require.NoError(t, err)
	assert.Equal(t, 12.0, th)
	_, err = FitThreshold(nil, 0.1, 0)
	assert.Error(t, err)
	_, err = FitThreshold(null, 0, 0)
	assert.Error(t, err)
}

func TestConfigValidation(t *testing.T) {
	f := kittiscene.Load(t, "000000")
	ev, err := fusion.NewEvaluator(f.Scene, monitorTerms()...)
	require.NoError(t, err)
	cases := []struct {
		name   string
		modify func(*Config)
		msg    string
	}{
		{"zero step", func(c *Config) { c.RotationStep = 0 }, "steps"},
		{"no multiples", func(c *Config) { c.Multiples = nil }, "no neighbour multiples"},
		{"bad axis", func(c *Config) { c.Axes = []int{6} }, "axis 6"},
		{"one replicate", func(c *Config) { c.Replicates = 1 }, "1 bootstrap replicates"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := DefaultConfig()
			c.modify(&cfg)
			_, err := NewAssessor(ev, cfg)
			assert.ErrorContains(t, err, c.msg)
		})
	}
	_, err = NewAssessor(nil, DefaultConfig())
	assert.ErrorContains(t, err, "missing evaluator")

	search := DefaultSearchConfig()
	search.Axes = nil
	_, err = Estimate(ev, f.Extrinsic, search)
	assert.ErrorContains(t, err, "no search axes")
	search = DefaultSearchConfig()
	search.RotationGrid = -1
	_, err = Estimate(ev, f.Extrinsic, search)
	assert.ErrorContains(t, err, "must be positive")
}

func TestAssessLostOverlap(t *testing.T) {
	f := kittiscene.Load(t, "000001")
	ev, err := fusion.NewEvaluator(f.Scene, monitorTerms()...)
	require.NoError(t, err)
	a, err := NewAssessor(ev, DefaultConfig())
	require.NoError(t, err)
	_, err = a.Assess(f.Extrinsic.Perturb(fusion.Delta{fusion.Yaw: math.Pi, fusion.Z: 100}))
	assert.ErrorIs(t, err, fusion.ErrNoOverlap)
}

func TestAssessCalibratedFrame(t *testing.T) {
	for _, id := range []string{"000000", "000001"} {
		f := kittiscene.Load(t, id)
		ev, err := fusion.NewEvaluator(f.Scene, monitorTerms()...)
		require.NoError(t, err)
		a, err := NewAssessor(ev, DefaultConfig())
		require.NoError(t, err)
		res, err := a.Assess(f.Extrinsic)
		require.NoError(t, err)
		assert.False(t, res.Drifted, "frame %s: score %.2f at the default threshold", id, res.Score)
		assert.Len(t, res.ReplicateScores, 200)
		if id == "000000" {
			assert.Negative(t, res.Gap, "the published extrinsic is a local minimum on frame 000000")
		}
		again, err := a.Assess(f.Extrinsic)
		require.NoError(t, err)
		assert.Equal(t, res.ReplicateScores, again.ReplicateScores, "the bootstrap is seeded")

		drifted, err := a.Assess(f.Extrinsic.Perturb(fusion.Delta{fusion.Pitch: 1 * math.Pi / 180}))
		require.NoError(t, err)
		assert.True(t, drifted.Drifted, "frame %s: score %.2f", id, drifted.Score)
		assert.Negative(t, drifted.Best[fusion.Pitch], "frame %s: the best neighbour points back to the calibration", id)
	}
}

func TestDrillRowAxisNotSearched(t *testing.T) {
	frames := loadFrames(t)
	drill := FullDrill()
	drill.Axes = []int{fusion.X}
	drill.Translations = []float64{10}
	search := DefaultSearchConfig()
	search.MaxEvaluations = 20
	table, err := Evaluate(frames, DefaultConfig(), search, drill)
	require.NoError(t, err)
	require.Len(t, table.Rows, 1)

	r := table.Rows[0]
	assert.False(t, r.Searched)
	assert.Zero(t, r.Improved.N, "no trial counts as improved along an axis the search leaves out")
	var sb strings.Builder
	require.NoError(t, table.Write(&sb))
	assert.Contains(t, sb.String(), "axis not searched")
}
