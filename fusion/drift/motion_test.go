package drift

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/fusion/internal/kittiscene"
)

// movingFrame builds a scene of KITTI frame id of its own, so setting its
// ego motion leaves the scenes other tests share alone.
func movingFrame(t *testing.T, id string, sweep fusion.Sweep) (*kittiscene.Frame, *fusion.Scene, *fusion.Evaluator) {
	t.Helper()
	f := kittiscene.Load(t, id)
	cfg := fusion.DefaultSceneConfig()
	cfg.Sweep = sweep
	scene, err := fusion.NewScene(fusion.Image(*f.Frame.Image), f.Frame.Scan.Points, f.Camera, cfg)
	require.NoError(t, err)
	ev, err := fusion.NewEvaluator(scene, monitorTerms()...)
	require.NoError(t, err)
	return f, scene, ev
}

func forward(speed float64) fusion.EgoMotion {
	return fusion.EgoMotion{Velocity: [2]float64{speed, 0}}
}

// speedProfile returns the energy at ext for forward speeds 0, 1, …,
// maxSpeed m/s and the speed of lowest energy.
func speedProfile(t *testing.T, scene *fusion.Scene, ev *fusion.Evaluator, ext fusion.Rigid, maxSpeed int) ([]float64, int) {
	t.Helper()
	defer func() { require.NoError(t, scene.SetEgoMotion(fusion.EgoMotion{})) }()
	energies := make([]float64, maxSpeed+1)
	best := 0
	for v := range energies {
		require.NoError(t, scene.SetEgoMotion(forward(float64(v))))
		e, err := ev.Energy(ext)
		require.NoError(t, err)
		energies[v] = e
		if e < energies[best] {
			best = v
		}
	}
	return energies, best
}

// framesWithEgoSpeed returns both KITTI frames on scenes of their own,
// frame 000000 at rest and frame 000001 de-skewed at speed (m/s).
func framesWithEgoSpeed(t *testing.T, speed float64) []Frame {
	t.Helper()
	var frames []Frame
	for _, id := range []string{"000000", "000001"} {
		f, scene, ev := movingFrame(t, id, fusion.DefaultSweep())
		if id == "000001" {
			require.NoError(t, scene.SetEgoMotion(forward(speed)))
		}
		frames = append(frames, Frame{Name: id, Evaluator: ev, Extrinsic: f.Extrinsic})
	}
	return frames
}

// fittedSpeed returns the forward speed, on a 1 m/s grid up to 20 m/s,
// whose de-skewed scan best fits the published calibration. It replaces
// the odometry that the object-benchmark frames lack. Because it uses the
// published calibration, drills run with it show what odometry would
// allow, not what the monitor achieves on these frames without it.
func fittedSpeed(t *testing.T, id string) float64 {
	f, scene, ev := movingFrame(t, id, fusion.DefaultSweep())
	_, best := speedProfile(t, scene, ev, f.Extrinsic, 20)
	return float64(best)
}

// TestEgoSpeedFromSweep scores the published calibration with each
// frame's scan de-skewed for forward speeds of 0 to 20 m/s. Frame 000001,
// taken on a road, fits best at about 10 m/s. Frame 000000, in a
// courtyard with a pedestrian, fits best near rest, at 1 m/s. De-skewing frame 000001 for the
// other sense of rotation raises its energy, which confirms the clockwise
// sweep of the Velodyne.
func TestEgoSpeedFromSweep(t *testing.T) {
	want := map[string][2]int{"000000": {0, 2}, "000001": {8, 13}}
	for _, id := range []string{"000000", "000001"} {
		f, scene, ev := movingFrame(t, id, fusion.DefaultSweep())
		energies, best := speedProfile(t, scene, ev, f.Extrinsic, 20)
		var sb strings.Builder
		for v, e := range energies {
			fmt.Fprintf(&sb, "%2d m/s %.4f\n", v, e)
		}
		t.Logf("frame %s, energy at the published calibration by forward speed:\n%s", id, sb.String())
		assert.GreaterOrEqual(t, best, want[id][0], "frame %s fits best at %d m/s", id, best)
		assert.LessOrEqual(t, best, want[id][1], "frame %s fits best at %d m/s", id, best)
	}

	ccw := fusion.DefaultSweep()
	ccw.Clockwise = false
	f, scene, ev := movingFrame(t, "000001", ccw)
	energies, _ := speedProfile(t, scene, ev, f.Extrinsic, 10)
	t.Logf("frame 000001, counter-clockwise sweep: %.4f at rest, %.4f at 10 m/s", energies[0], energies[10])
	assert.Greater(t, energies[10], energies[0], "counter-clockwise de-skew at 10 m/s should fit worse than none")
}

// TestEnergyProfileAlongXDeskewed repeats the x profile of frame 000001
// with its scan de-skewed at the fitted speed: the minimum, 7 cm forward
// without de-skewing at 1 cm steps, moves to within 3 cm of the published
// calibration. The speed is fitted at that calibration, which favours a
// minimum there.
func TestEnergyProfileAlongXDeskewed(t *testing.T) {
	speed := fittedSpeed(t, "000001")
	f, scene, ev := movingFrame(t, "000001", fusion.DefaultSweep())
	require.NoError(t, scene.SetEgoMotion(forward(speed)))
	best, bestE := 0, math.Inf(1)
	for cm := -30; cm <= 30; cm++ {
		var d fusion.Delta
		d[fusion.X] = float64(cm) / 100
		e, err := ev.Energy(f.Extrinsic.Perturb(d))
		require.NoError(t, err)
		if e < bestE {
			best, bestE = cm, e
		}
	}
	t.Logf("frame 000001 de-skewed at %.0f m/s: energy minimum along x at %+d cm", speed, best)
	assert.LessOrEqual(t, math.Abs(float64(best)), 3.0, "minimum at %+d cm", best)
}

// TestSpeedFitAbsorbsXDrift shows why the monitor takes the speed from
// odometry instead of fitting it to the frame: fitted at a drifted
// extrinsic, the speed moves to make up for the drift along x.
func TestSpeedFitAbsorbsXDrift(t *testing.T) {
	f, scene, ev := movingFrame(t, "000001", fusion.DefaultSweep())
	fitted := map[int]int{}
	var sb strings.Builder
	for _, cm := range []int{-20, -10, 0, 10, 20} {
		var d fusion.Delta
		d[fusion.X] = float64(cm) / 100
		_, best := speedProfile(t, scene, ev, f.Extrinsic.Perturb(d), 30)
		fitted[cm] = best
		fmt.Fprintf(&sb, "x %+3d cm: %2d m/s\n", cm, best)
	}
	t.Logf("frame 000001, speed fitted at drifted extrinsics:\n%s", sb.String())
	assert.GreaterOrEqual(t, fitted[-10]-fitted[0], 5, "a 10 cm drift backwards should raise the fitted speed")
}

// TestDrillWithEgoSpeed runs the drift drill on all six axes with frame
// 000001 de-skewed at its fitted speed and frame 000000 at rest, as a
// vehicle with odometry would. Without EBM_AV_FULL_DRILL it runs x at
// 10 cm only. The fitted speed comes from the published calibration, so
// the table shows what odometry would allow on these frames.
func TestDrillWithEgoSpeed(t *testing.T) {
	speed := fittedSpeed(t, "000001")
	frames := framesWithEgoSpeed(t, speed)
	drill := FullDrill()
	if os.Getenv("EBM_AV_FULL_DRILL") == "" {
		drill.Rotations = nil
		drill.Translations = []float64{10}
		drill.Axes = []int{fusion.X}
	}
	cfg := DefaultConfig()
	cfg.Axes = []int{fusion.Roll, fusion.Pitch, fusion.Yaw, fusion.X, fusion.Y, fusion.Z}
	search := DefaultSearchConfig()
	search.Axes = cfg.Axes
	start := time.Now()
	table, err := Evaluate(frames, cfg, search, drill)
	require.NoError(t, err)
	var sb strings.Builder
	require.NoError(t, table.Write(&sb))
	t.Logf("drill with frame 000001 de-skewed at %.0f m/s (%v):\n%s", speed, time.Since(start).Round(time.Millisecond), sb.String())

	assert.Zero(t, table.CalibratedFlagged.K, "an unperturbed frame was flagged as drifted")
	for _, r := range table.Rows {
		if r.Axis == fusion.X && r.Magnitude >= 10 {
			assert.GreaterOrEqual(t, r.Detection.Estimate, 0.75, "x %.0f cm detection", r.Magnitude)
		}
	}
}

// TestWindowWithEgoSpeed repeats TestWindowDrillBothFrames with frame
// 000001 de-skewed at its fitted speed: every ±10 cm and ±20 cm drift along
// x is flagged, as are the ±1° and ±10 cm drifts on the other axes.
func TestWindowWithEgoSpeed(t *testing.T) {
	speed := fittedSpeed(t, "000001")
	frames := framesWithEgoSpeed(t, speed)
	calibrated, trials, th, table := runWindowDrill(t, frames)
	assert.False(t, calibrated.Drifted, "the calibrated window scored %.2f, threshold %.2f", calibrated.Score, th)
	for _, tr := range trials {
		assert.True(t, tr.res.Drifted, "%s %+g %s: score %.2f, threshold %.2f", AxisNames[tr.axis], tr.drift, tr.unit, tr.res.Score, th)
	}
	t.Logf("window of frames 000000 and 000001 (000001 de-skewed at %.0f m/s), threshold %.2f:\n%s", speed, th, table)
}
