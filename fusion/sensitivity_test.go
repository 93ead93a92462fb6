package fusion_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/fusion/internal/kittiscene"
)

// TestEdgeNormalMotionKITTI measures how far the projected discontinuities
// of each KITTI frame move across their image edges per degree and per
// centimetre of drift. Translations move frame 000001's edges about half as
// far as frame 000000's, and 10 cm along x moves them by 1.5 px (root mean
// square), about as far as 5 cm along z or 0.3° of roll.
func TestEdgeNormalMotionKITTI(t *testing.T) {
	// Roll, pitch and yaw in px/°, then x, y and z in px/cm.
	want := map[string][6]float64{
		"000000": {4.02, 8.56, 11.29, 0.248, 0.490, 0.433},
		"000001": {5.06, 9.71, 10.65, 0.151, 0.258, 0.323},
	}
	names := [6]string{"roll", "pitch", "yaw", "x", "y", "z"}
	for _, id := range []string{"000000", "000001"} {
		f := kittiscene.Load(t, id)
		r, used := fusion.EdgeNormalMotion(f.Scene, fusion.Image(*f.Frame.Image), f.Extrinsic)
		t.Logf("frame %s, %d discontinuities: roll %.2f, pitch %.2f, yaw %.2f px/°; x %.3f, y %.3f, z %.3f px/cm",
			id, used, r[0], r[1], r[2], r[3], r[4], r[5])
		for a := range r {
			tol := 0.01
			if a >= fusion.X {
				tol = 0.001
			}
			assert.InDelta(t, want[id][a], r[a], tol, "frame %s, %s", id, names[a])
		}
	}
}
