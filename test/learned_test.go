package test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/occupancy/energy"
	"github.com/ebm-av/ebm_av/occupancy/evaluation"
)

// writeLearnedEnv enables TestWriteLearnedCoefficients.
const writeLearnedEnv = "EBM_AV_WRITE_LEARNED"

// learnedFile is the learned term's coefficients that
// config/occupancy_scorer.yaml can load, trained on highD and exiD only.
const learnedFile = "../config/occupancy_learned.json"

// TestWriteLearnedCoefficients trains the learned occupancy term on every
// recorded highD and exiD cycle, ranking each real future against the
// deliberately wrong forecasts, and writes learnedFile. SinD is held out:
// its records enter only as the held-out key of TrainHeldOut, which trains
// each site's coefficients on the other sites.
func TestWriteLearnedCoefficients(t *testing.T) {
	if os.Getenv(writeLearnedEnv) == "" {
		t.Skipf("set %s=1 to train and rewrite %s", writeLearnedEnv, learnedFile)
	}
	root := shareddata.Path(t, "commonroad/recorded")
	cfg := evaluation.DefaultStudyConfig()
	var records []evaluation.Record
	for _, site := range []string{"highD", "exiD"} {
		recs, err := evaluation.SiteRecords(root, site, cfg, 0)
		require.NoError(t, err)
		records = append(records, recs...)
	}
	heldOut, err := evaluation.SiteRecords(root, "SinD", cfg, 1)
	require.NoError(t, err)
	require.NotEmpty(t, heldOut)
	records = append(records, heldOut...)

	coef, err := evaluation.TrainHeldOut(records, evaluation.HandWeights(), evaluation.BrokenSources(), energy.DefaultTrainConfig())
	require.NoError(t, err)
	learned := energy.NewLearned(energy.NewDynamics(), energy.NewGeometry(), energy.NewMapPrior())
	learned.Coef = coef["SinD"]
	f, err := os.Create(learnedFile)
	require.NoError(t, err)
	require.NoError(t, learned.WriteCoefficients(f))
	require.NoError(t, f.Close())
	t.Logf("wrote %s from %d highD and exiD cycles: %.4g over %v", learnedFile, len(records)-len(heldOut), learned.Coef, learned.FeatureNames())
}
