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

// TestEnergyProfileAlongX prints the monitor's energy along x at 3 cm
// steps on both KITTI frames and checks where its minimum lies: within
// 3 cm of the published calibration on frame 000000, 12 to 18 cm forward on
// frame 000001.
func TestEnergyProfileAlongX(t *testing.T) {
	frames := loadFrames(t)
	wantMin := map[string][2]float64{"000000": {-3, 3}, "000001": {12, 18}}
	for _, f := range frames {
		var sb strings.Builder
		best, bestE := 0, math.Inf(1)
		lo, hi := math.Inf(1), math.Inf(-1)
		for cm := -30; cm <= 30; cm += 3 {
			var d fusion.Delta
			d[fusion.X] = float64(cm) / 100
			e, err := f.Evaluator.Energy(f.Extrinsic.Perturb(d))
			require.NoError(t, err)
			fmt.Fprintf(&sb, "%+4d cm %.3f\n", cm, e)
			if e < bestE {
				best, bestE = cm, e
			}
			lo, hi = math.Min(lo, e), math.Max(hi, e)
		}
		t.Logf("frame %s, energy along x (range %.3f):\n%s", f.Name, hi-lo, sb.String())

		want := wantMin[f.Name]
		assert.GreaterOrEqual(t, float64(best), want[0], "frame %s: minimum at %+d cm", f.Name, best)
		assert.LessOrEqual(t, float64(best), want[1], "frame %s: minimum at %+d cm", f.Name, best)
	}
}
