package evaluation

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/occupancy"
)

func TestRankCountsTiesAgainstReal(t *testing.T) {
	cases := []struct {
		name     string
		energies []float64
		real     int
		want     int
	}{
		{"first", []float64{3, 1, 2}, 1, 1},
		{"last", []float64{3, 1, 2}, 0, 3},
		{"tie", []float64{1, 1, 2}, 1, 2},
		{"nan real", []float64{1, math.NaN(), 2}, 1, 3},
		{"single", []float64{5}, 0, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, Rank(c.energies, c.real))
		})
	}
}

func TestGapAndSelect(t *testing.T) {
	e := []float64{4, 1, 7}
	assert.InDelta(t, 4.5, Gap(e, 1), 1e-12)
	assert.InDelta(t, 0, Gap(e, 0), 1e-12)
	assert.InDelta(t, -4.5, Gap(e, 2), 1e-12)
	assert.Equal(t, 0.0, Gap([]float64{2}, 0))
	assert.Equal(t, 0, Select(e, 1), "lowest energy other than the real future")
	assert.Equal(t, 1, Select(e, -1))
	assert.Equal(t, -1, Select([]float64{math.NaN()}, -1))
}

func TestInsertRealKeepsOrder(t *testing.T) {
	seq := func() *occupancy.Sequence { return occupancy.NewSequence(1, 1, 1, 1, 1) }
	set := occupancy.ForecastSet{{Source: "a", Occupancy: seq()}, {Source: "b", Occupancy: seq()}, {Source: "c", Occupancy: seq()}}
	real := seq()
	positions := map[int]bool{}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		out, pos := InsertReal(set, real, rng)
		require.Len(t, out, 4)
		assert.Same(t, real, out[pos].Occupancy)
		assert.Equal(t, NeutralSource, out[pos].Source)
		var names []string
		for k, f := range out {
			if k != pos {
				names = append(names, f.Source)
			}
		}
		assert.Equal(t, []string{"a", "b", "c"}, names)
		positions[pos] = true
	}
	assert.Len(t, positions, 4, "every position is drawn")
	assert.Len(t, set, 3, "the input set is unchanged")
}

func TestIoUCountsCells(t *testing.T) {
	pred := occupancy.NewSequence(2, 2, 3, 0.5, 0.25)
	truth := pred.EmptyLike()
	copy(pred.Frame(1), []float32{0.5, 0.9, 0.2, 0, 1, 0.49})
	copy(truth.Frame(1), []float32{1, 0, 0.6, 0, 0.7, 0.8})
	var u IoU
	u.Add(pred, truth, 1)
	assert.Equal(t, IoU{Intersection: 2, Union: 5}, u)
	assert.InDelta(t, 0.4, u.Value(), 1e-12)
	var empty IoU
	empty.Add(pred, truth, 0)
	assert.True(t, math.IsNaN(empty.Value()), "empty union")
	u.Merge(IoU{Intersection: 1, Union: 1})
	assert.InDelta(t, 0.5, u.Value(), 1e-12)
}

func TestHorizonFrames(t *testing.T) {
	seq := occupancy.NewSequence(12, 1, 1, 1, 0.25)
	seq.Start = 0.25
	frames, err := HorizonFrames(seq, []float64{1, 2, 3})
	require.NoError(t, err)
	assert.Equal(t, []int{3, 7, 11}, frames)
	_, err = HorizonFrames(seq, []float64{4})
	assert.ErrorContains(t, err, "horizon 4 s is not a frame")
	_, err = HorizonFrames(seq, []float64{1.1})
	assert.ErrorContains(t, err, "horizon 1.1 s")
}

func TestFormatTableGolden(t *testing.T) {
	got := FormatTable([]float64{1, 2, 3}, []Row{
		{Method: "selected", IoU: []float64{0.8, 0.65, 0.5}},
		{Method: "copy_last", IoU: []float64{0.35, math.NaN(), 0.3}},
	})
	want := "| method | IoU@1s | IoU@2s | IoU@3s | mean |\n" +
		"|---|---:|---:|---:|---:|\n" +
		"| selected | 80.0 | 65.0 | 50.0 | 65.0 |\n" +
		"| copy_last | 35.0 | n/a | 30.0 | n/a |\n"
	assert.Equal(t, want, got)
}
