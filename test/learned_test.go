package test

import (
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/learn"
)

// TestLearnedEnergyReduced runs the learned-energy pipeline on a reduced
// configuration of the recorded data: a dataset of two experts and two
// cycles per scenario of every site, training with highD held out, and the
// held-out evaluation against both analytic presets, with and without
// refinement of the selection.
func TestLearnedEnergyReduced(t *testing.T) {
	root := shareddata.Path(t, "commonroad/recorded")
	start := time.Now()
	opts := learn.DatasetOptions{Seed: 1}
	opts.Experts.MaxExperts, opts.Experts.MaxCycles, opts.Experts.Seed = 2, 2, 1
	ds, err := learn.BuildDataset(root, learn.Sites, opts)
	require.NoError(t, err)
	kinds := map[string]int{}
	for _, s := range ds.Sets {
		for _, k := range s.Kinds {
			kinds[k]++
		}
		require.Equal(t, 0, s.Positive)
	}
	for _, k := range []string{learn.KindHuman, learn.KindCandidate, "lateral_shift", "speed_scale", "brake_comfort"} {
		assert.Positive(t, kinds[k], "candidates of kind %s", k)
	}

	experts := learn.ExpertOptions{ExpertSelection: ds.Experts}
	m, rep, err := learn.HoldOutRun(ds, root, "highD", 0.25, experts, learn.TrainOptions{Epochs: 8, BatchSize: 8, LearningRate: 3e-3, Hidden: []int{16}, Seed: 1}, &learn.ClosedLoopOptions{Experts: 1, Duration: 3})
	require.NoError(t, err)
	t.Logf("reduced run took %v", time.Since(start))

	// A uniform ranker has loss log(candidates) ≈ 3.87 on sets of 48.
	assert.Less(t, rep.Train.ValLoss, math.Log(48), "validation loss not below a uniform ranker")
	var names []string
	for _, r := range rep.Results {
		names = append(names, r.Method)
	}
	assert.Equal(t, []string{"apollo_lattice", "autoware_ranker", "learned", "learned+pgd"}, names)
	for _, r := range rep.Results {
		assert.Positive(t, r.Metrics.CyclesWithHuman, r.Method)
		assert.False(t, math.IsNaN(r.Metrics.ADE), r.Method)
		assert.Positive(t, r.Temperature, r.Method)
	}

	require.Len(t, rep.ClosedLoop, 4)
	for _, s := range rep.ClosedLoop {
		assert.Positive(t, s.Runs, s.Method)
		assert.Positive(t, s.ProgressRatio, "%s: the ego did not move", s.Method)
	}

	path := filepath.Join(t.TempDir(), "model.safetensors")
	require.NoError(t, m.Save(path, "reduced test", rep.Split.String()))
	loaded, info, err := learn.LoadModel(path)
	require.NoError(t, err)
	assert.Contains(t, info.Split, "test site highD (held out)")
	assert.Contains(t, info.Split, "train sites exiD+SinD")
	assert.InDeltaSlice(t, m.PlannerWeights(), loaded.PlannerWeights(), 1e-12)
}
