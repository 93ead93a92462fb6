package drift

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/fusion"
)

// TestCompoundDriftCorrection injects a 1° rotation about one axis together
// with a 10 cm translation along y or z, with all four sign combinations,
// on both KITTI frames, and prints the error left after the correction
// search. "stuck" marks a search that ended at a higher energy than the
// published calibration's. It takes about a minute, so it runs only with
// EBM_AV_FULL_DRILL set.
func TestCompoundDriftCorrection(t *testing.T) {
	if os.Getenv("EBM_AV_FULL_DRILL") == "" {
		t.Skip("set EBM_AV_FULL_DRILL=1 to run the compound drift drill (about a minute)")
	}
	const deg = math.Pi / 180
	var sb strings.Builder
	var rot, trans []float64
	stuck, small := 0, 0
	for _, f := range loadFrames(t) {
		calibrated, err := f.Evaluator.Energy(f.Extrinsic)
		require.NoError(t, err)
		for _, ra := range []int{fusion.Roll, fusion.Pitch, fusion.Yaw} {
			for _, ta := range []int{fusion.Y, fusion.Z} {
				for _, signs := range [4][2]float64{{-1, -1}, {-1, 1}, {1, -1}, {1, 1}} {
					var d fusion.Delta
					d[ra], d[ta] = signs[0]*deg, signs[1]*0.10
					drifted := f.Extrinsic.Perturb(d)
					c, err := Estimate(f.Evaluator, drifted, DefaultSearchConfig())
					require.NoError(t, err)
					corrected := drifted.Perturb(c.Delta)
					after := f.Extrinsic.Inverse().Compose(corrected)
					r, tr := after.RotationAngle()/deg, 100*after.TranslationNorm()
					rot, trans = append(rot, r), append(trans, tr)
					mark := ""
					if c.Energy > calibrated+1e-3 {
						stuck++
						mark = "stuck"
					}
					if r < 0.25 && tr < 5 {
						small++
					}
					fmt.Fprintf(&sb, "%s %-5s %+2.0f° %s %+3.0f cm: left %.2f°, %4.1f cm, energy %.3f (calibrated %.3f) %s\n",
						f.Name, AxisNames[ra], signs[0], AxisNames[ta], 10*signs[1], r, tr, c.Energy, calibrated, mark)
				}
			}
		}
	}
	t.Logf("compound drifts, error left after correction:\n%s", sb.String())
	t.Logf("%d trials: median error left %.2f° and %.1f cm; below 0.25° and 5 cm in %d; stuck in %d",
		len(rot), median(rot), median(trans), small, stuck)
	assert.Less(t, median(rot), 0.5, "the median correction should at least halve the 1° rotation")
}
