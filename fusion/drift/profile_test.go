package drift

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/fusion/internal/kittiscene"
)

// TestEnergyProfileAlongX prints the monitor's energy along x at 3 cm
// steps on both KITTI frames, with depth discontinuities at the near return
// (fusion.SceneConfig.EdgeOffset 0) and midway to the far neighbour (0.5,
// the default), and checks where each minimum lies. Placing the edges
// midway moves frame 000001's minimum from 12–18 cm forward to 3–9 cm
// and keeps frame 000000's within 3 cm of the published calibration.
func TestEnergyProfileAlongX(t *testing.T) {
	wantMin := map[float64]map[string][2]int{
		0:   {"000000": {-3, 3}, "000001": {12, 18}},
		0.5: {"000000": {-3, 3}, "000001": {3, 9}},
	}
	for _, offset := range []float64{0, 0.5} {
		for _, id := range []string{"000000", "000001"} {
			f := kittiscene.Load(t, id)
			cfg := fusion.DefaultSceneConfig()
			cfg.EdgeOffset = offset
			scene, err := fusion.NewScene(fusion.Image(*f.Frame.Image), f.Frame.Scan.Points, f.Camera, cfg)
			require.NoError(t, err)
			ev, err := fusion.NewEvaluator(scene, monitorTerms()...)
			require.NoError(t, err)

			var sb strings.Builder
			best, bestE := 0, math.Inf(1)
			lo, hi := math.Inf(1), math.Inf(-1)
			for cm := -30; cm <= 30; cm += 3 {
				var d fusion.Delta
				d[fusion.X] = float64(cm) / 100
				e, err := ev.Energy(f.Extrinsic.Perturb(d))
				require.NoError(t, err)
				fmt.Fprintf(&sb, "%+4d cm %.3f\n", cm, e)
				if e < bestE {
					best, bestE = cm, e
				}
				lo, hi = math.Min(lo, e), math.Max(hi, e)
			}
			t.Logf("frame %s, edge offset %.1f, energy along x (range %.3f):\n%s", id, offset, hi-lo, sb.String())

			want := wantMin[offset][id]
			assert.GreaterOrEqual(t, best, want[0], "frame %s, offset %.1f: minimum at %+d cm", id, offset, best)
			assert.LessOrEqual(t, best, want[1], "frame %s, offset %.1f: minimum at %+d cm", id, offset, best)
		}
	}
}
