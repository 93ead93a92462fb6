package drift

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/fusion"
)

func TestWindowRejectsBadInput(t *testing.T) {
	frames := loadFrames(t)
	_, err := NewWindowAssessor(nil, DefaultConfig())
	assert.ErrorContains(t, err, "empty window")
	_, err = NewWindowAssessor([]*fusion.Evaluator{frames[0].Evaluator, nil}, DefaultConfig())
	assert.ErrorContains(t, err, "frame 1")

	a, err := NewWindowAssessor([]*fusion.Evaluator{frames[0].Evaluator, frames[1].Evaluator}, DefaultConfig())
	require.NoError(t, err)
	assert.Equal(t, 2, a.Frames())
	_, err = a.AssessFrames([]fusion.Rigid{frames[0].Extrinsic})
	assert.ErrorContains(t, err, "1 extrinsics for 2 frames")
	_, err = EstimateWindow([]*fusion.Evaluator{frames[0].Evaluator}, nil, DefaultSearchConfig())
	assert.ErrorContains(t, err, "one extrinsic per frame")
}

// TestWindowSumsEnergies checks that a window sums its frames' energies
// and that a window of one frame is the single-frame assessor.
func TestWindowSumsEnergies(t *testing.T) {
	frames := loadFrames(t)
	single, err := NewAssessor(frames[0].Evaluator, DefaultConfig())
	require.NoError(t, err)
	oneFrame, err := NewWindowAssessor([]*fusion.Evaluator{frames[0].Evaluator}, DefaultConfig())
	require.NoError(t, err)
	want, err := single.Assess(frames[0].Extrinsic)
	require.NoError(t, err)
	got, err := oneFrame.AssessFrames([]fusion.Rigid{frames[0].Extrinsic})
	require.NoError(t, err)
	assert.Equal(t, want, got)

	pair, err := NewWindowAssessor([]*fusion.Evaluator{frames[0].Evaluator, frames[1].Evaluator}, DefaultConfig())
	require.NoError(t, err)
	exts := []fusion.Rigid{frames[0].Extrinsic, frames[1].Extrinsic}
	res, err := pair.AssessFrames(exts)
	require.NoError(t, err)
	e0, err := frames[0].Evaluator.Energy(exts[0])
	require.NoError(t, err)
	e1, err := frames[1].Evaluator.Energy(exts[1])
	require.NoError(t, err)
	assert.InDelta(t, e0+e1, res.Energy, 1e-12, "the window's energy is the sum of its frames'")

	c, err := EstimateWindow([]*fusion.Evaluator{frames[0].Evaluator, frames[1].Evaluator}, exts, SearchConfig{
		RotationRange: 1, RotationGrid: 1, TranslationRange: 1, TranslationGrid: 1,
		MinRotation: 1, MinTranslation: 1, Axes: []int{fusion.X}, MaxEvaluations: 1})
	require.NoError(t, err)
	assert.InDelta(t, e0+e1, c.Start, 1e-12)
}

// TestWindowDrillBothFrames assesses drifts common to a window of both KITTI frames,
// with X in the neighbourhood. The threshold is fitted on the single-frame
// null replicates of both frames, so nothing about the window's own
// calibrated energy sets it.
func TestWindowDrillBothFrames(t *testing.T) {
	calibrated, trials, th, table := runWindowDrill(t, loadFrames(t))
	assert.False(t, calibrated.Drifted, "the calibrated window scored %.2f, threshold %.2f", calibrated.Score, th)
	for _, tr := range trials {
		// Along x, +10 cm is not flagged: it moves towards the energy
		// minimum of frame 000001, 3 to 7 cm forward.
		want := !(tr.axis == fusion.X && tr.drift == 10)
		assert.Equal(t, want, tr.res.Drifted, "%s %+g %s: score %.2f, threshold %.2f", AxisNames[tr.axis], tr.drift, tr.unit, tr.res.Score, th)
	}
	t.Logf("window of frames 000000 and 000001, threshold %.2f:\n%s", th, table)
}

// windowTrial is one drift of runWindowDrill: drift is signed, in degrees
// for rotation axes and centimetres otherwise.
type windowTrial struct {
	axis  int
	drift float64
	unit  string
	res   Assessment
}

// runWindowDrill pools frames in a window with all six axes in the
// neighbourhood and a threshold fitted on the frames' single-frame null
// replicates. It assesses the calibrated window and ±1° about each rotation
// axis, ±10 and ±20 cm along x and ±10 cm along y and z, and returns those
// assessments, the threshold and a printed table.
func runWindowDrill(t *testing.T, frames []Frame) (Assessment, []windowTrial, float64, string) {
	t.Helper()
	cfg := DefaultConfig()
	cfg.Axes = []int{fusion.Roll, fusion.Pitch, fusion.Yaw, fusion.X, fusion.Y, fusion.Z}
	var null []float64
	evs := make([]*fusion.Evaluator, len(frames))
	exts := make([]fusion.Rigid, len(frames))
	for i, f := range frames {
		a, err := NewAssessor(f.Evaluator, cfg)
		require.NoError(t, err)
		res, err := a.Assess(f.Extrinsic)
		require.NoError(t, err)
		null = append(null, res.ReplicateScores...)
		evs[i], exts[i] = f.Evaluator, f.Extrinsic
	}
	drill := FullDrill()
	th, err := FitThreshold(null, drill.Alpha, drill.Floor)
	require.NoError(t, err)
	cfg.Threshold = th
	window, err := NewWindowAssessor(evs, cfg)
	require.NoError(t, err)

	assess := func(d fusion.Delta) Assessment {
		drifted := make([]fusion.Rigid, len(exts))
		for i := range exts {
			drifted[i] = exts[i].Perturb(d)
		}
		res, err := window.AssessFrames(drifted)
		require.NoError(t, err)
		return res
	}
	calibrated := assess(fusion.Delta{})
	var sb strings.Builder
	sb.WriteString("axis   drift     score  flagged\n")
	sb.WriteString(fmtWindowRow("none", 0, "", calibrated))
	var trials []windowTrial
	for _, c := range []struct {
		axis int
		mag  float64
	}{{fusion.Roll, 1}, {fusion.Pitch, 1}, {fusion.Yaw, 1}, {fusion.X, 10}, {fusion.X, 20}, {fusion.Y, 10}, {fusion.Z, 10}} {
		unit, name := math.Pi/180, "deg"
		if c.axis >= fusion.X {
			unit, name = 0.01, "cm"
		}
		for _, sign := range []float64{-1, 1} {
			var d fusion.Delta
			d[c.axis] = sign * c.mag * unit
			res := assess(d)
			sb.WriteString(fmtWindowRow(AxisNames[c.axis], sign*c.mag, name, res))
			trials = append(trials, windowTrial{axis: c.axis, drift: sign * c.mag, unit: name, res: res})
		}
	}
	return calibrated, trials, th, sb.String()
}

func fmtWindowRow(axis string, mag float64, unit string, res Assessment) string {
	return fmt.Sprintf("%-6s %+4.0f %-3s %6.2f  %v\n", axis, mag, unit, res.Score, res.Drifted)
}
