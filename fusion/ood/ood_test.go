package ood

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/ebm-av/ebm_av/fusion/internal/kittiscene"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFeaturesSyntheticBox(t *testing.T) {
	// A 2 m × 1 m × 4 m box standing on y = 1.5 (camera y points down),
	// 10 m ahead, with yaw 0, so its length runs along camera x.
	box := Box{Height: 2, Width: 1, Length: 4, Location: [3]float64{0, 1.5, 10}}
	points := []float32{
		1.5, 1.0, 10, 0.2, // inside, 0.5 m above the bottom
		-1.5, -0.3, 10.4, 0.4, // inside, 1.8 m above the bottom
		0, 1.0, 11, 0.9, // outside: 1 m off along the box width
		0, 2.0, 10, 0.9, // outside: below the bottom face
	}
	f := make([]float64, NumFeatures)
	require.NoError(t, Features(box, points, f))
	assert.Equal(t, []float64{2, 1, 4}, f[:3])
	assert.InDelta(t, math.Log(3), f[3], 1e-12, "two points inside")
	assert.InDelta(t, 0.5, f[4], 1e-6, "z_min")
	assert.InDelta(t, 1.8, f[5], 1e-6, "z_max")
	assert.InDelta(t, 1.15, f[6], 1e-6, "z_mean")
	assert.InDelta(t, 0.65, f[7], 1e-6, "z_std")
	assert.InDelta(t, 0.3, f[8], 1e-6, "reflectance_mean")
	assert.InDelta(t, 10, f[9], 1e-12, "range")
	assert.Len(t, FeatureNames, NumFeatures)

	// A yaw of 90° turns the length onto camera z: the first two points
	// now lie 1.5 m off along the width, while the third point and one
	// 1.5 m ahead of the centre are inside.
	box.Yaw = math.Pi / 2
	require.NoError(t, Features(box, append(points, 0, 1.0, 11.5, 0.5), f))
	assert.InDelta(t, math.Log(3), f[3], 1e-12, "two points inside")
	assert.InDelta(t, 0.7, f[8], 1e-6, "reflectance mean of the points ahead")
}

func TestFeaturesRejectBadBox(t *testing.T) {
	f := make([]float64, NumFeatures)
	assert.ErrorContains(t, Features(Box{Height: 0, Width: 1, Length: 1}, nil, f), "dimensions")
	assert.ErrorContains(t, Features(Box{Height: 1, Width: 1, Length: 1}, nil, f[:3]), "length 3")
}

func TestTrainSoftmaxSeparable(t *testing.T) {
	x := [][]float64{{0, 0}, {0.1, 0}, {5, 5}, {5.1, 5}, {0, 5}, {0.1, 5}}
	y := []int{0, 0, 1, 1, 2, 2}
	m, err := TrainSoftmax(x, y, []string{"a", "b", "c"}, DefaultTrainConfig())
	require.NoError(t, err)
	for i, row := range x {
		assert.Equal(t, y[i], argmax(m.Logits(row, nil)), "row %d", i)
	}
	again, err := TrainSoftmax(x, y, []string{"a", "b", "c"}, DefaultTrainConfig())
	require.NoError(t, err)
	assert.Equal(t, m.W, again.W, "training is deterministic")

	_, err = TrainSoftmax(x, []int{0, 0, 1, 1, 2, 3}, []string{"a", "b", "c"}, DefaultTrainConfig())
	assert.ErrorContains(t, err, "label 3")
	_, err = TrainSoftmax([][]float64{{math.NaN(), 0}}, []int{0}, []string{"a", "b"}, DefaultTrainConfig())
	assert.ErrorContains(t, err, "NaN")
}

// kittiSplit augments every labelled object of frames 000000 and 000001
// (DontCare excluded) into independent train, validation and test sets.
func kittiSplit(t *testing.T, perObject int) (Split, []string) {
	rng := rand.New(rand.NewPCG(7, 11))
	var split Split
	var classes []string
	for _, id := range []string{"000000", "000001"} {
		f := kittiscene.Load(t, id)
		rect := RectifiedPoints(f.Frame.Scan.Points, f.Extrinsic.Mat34(), f.Camera.R)
		for _, o := range f.Frame.Labels {
			if o.DontCare() {
				continue
			}
			classes = append(classes, o.Type)
			box := Box{Height: o.Height, Width: o.Width, Length: o.Length, Location: o.Location, Yaw: o.RotationY}
			for _, dst := range []*[]Sample{&split.Train, &split.Validation, &split.Test} {
				feats, err := Augment(box, rect, perObject, DefaultAugmentConfig(), rng)
				require.NoError(t, err)
				for _, fv := range feats {
					*dst = append(*dst, Sample{Class: o.Type, Features: fv})
				}
			}
		}
	}
	return split, classes
}

func TestHoldOutKITTI(t *testing.T) {
	split, classes := kittiSplit(t, 100)
	// Two frames hold one Pedestrian, one Car, one Truck and one Cyclist.
	require.ElementsMatch(t, []string{"Pedestrian", "Car", "Truck", "Cyclist"}, classes)
	var sb strings.Builder
	fmt.Fprintf(&sb, "%-10s %6s %8s %8s %8s %8s %9s %9s %9s\n", "unknown", "acc", "AUROC E", "AUROC M", "FPR95 E", "FPR95 M", "threshold", "abst kn", "abst unk")
	for _, unknown := range classes {
		r, err := HoldOut(split, unknown, DefaultHoldOutConfig())
		require.NoError(t, err)
		fmt.Fprintf(&sb, "%-10s %6.3f %8.3f %8.3f %8.3f %8.3f %9.3f %9.3f %9.3f\n", unknown, r.Accuracy,
			r.EnergyAUROC, r.MSPAUROC, r.EnergyFPR95, r.MSPFPR95, r.Threshold, r.AbstainKnown, r.AbstainUnknown)
		assert.Equal(t, 300, r.Train)
		assert.GreaterOrEqual(t, r.Accuracy, 0.9, "known-class accuracy with %s held out", unknown)
		assert.InDelta(t, 0.05, r.AbstainKnown, 0.06, "abstention on known test samples follows the 95%% keep rate")
		for _, v := range []float64{r.EnergyAUROC, r.MSPAUROC, r.EnergyFPR95, r.MSPFPR95} {
			assert.True(t, v >= 0 && v <= 1, "metric %v outside [0, 1]", v)
		}
	}
	t.Logf("held-out class, 100 jittered samples per object and split (one object per class):\n%s", sb.String())
}
