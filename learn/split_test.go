package learn

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/ebm/metrics"
)

func TestRecordingStart(t *testing.T) {
	tests := []struct {
		name string
		want int
	}{
		{"CHN_SIND-831_150_T-225", 150},
		{"CHN_SIND-831_1052_T-1127", 1052},
		{"DEU_LocationALower43-1_431805_T-1880", 431805},
		{"no_window", 0},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, recordingStart(tc.name), tc.name)
	}
}

func TestLastScenariosRecordingOrder(t *testing.T) {
	names := []string{"S_1052_T-1127", "S_75_T-150", "S_150_T-225", "S_902_T-977"}
	assert.Equal(t, []string{"S_1052_T-1127"}, LastScenarios(names, 0.25))
	assert.Equal(t, []string{"S_902_T-977", "S_1052_T-1127"}, LastScenarios(names, 0.5))
	assert.Equal(t, []string{"S_1052_T-1127"}, LastScenarios(names, 0.01), "a positive fraction keeps one")
}

func TestHoldOutSplitBySite(t *testing.T) {
	_, err := HoldOut("inD", 0.25)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"inD"`)

	sp, err := HoldOut("exiD", 0.5)
	require.NoError(t, err)
	sets := []Set{
		{Site: "highD", Scenario: "H_1_T-2"}, {Site: "highD", Scenario: "H_5_T-6"},
		{Site: "exiD", Scenario: "E_1_T-2"},
		{Site: "SinD", Scenario: "S_9_T-10"}, {Site: "SinD", Scenario: "S_3_T-4"},
	}
	train, val, test := sp.Apply(sets)
	assert.Equal(t, []Set{sets[0], sets[4]}, train)
	assert.Equal(t, []Set{sets[1], sets[3]}, val)
	assert.Equal(t, []Set{sets[2]}, test)
	assert.Contains(t, sp.String(), "test site exiD")
}

func TestReliabilityPNG(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.png")
	bins := []metrics.Bin{{Lower: 0, Upper: 0.5, Count: 3, Confidence: 0.2, Accuracy: 0.1}, {Lower: 0.5, Upper: 1, Count: 1, Confidence: 0.9, Accuracy: 1}}
	require.NoError(t, WriteReliabilityPNG(path, []ReliabilityPanel{{}, {Before: bins, After: bins}}))
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	img, err := png.Decode(bytes.NewReader(data))
	require.NoError(t, err)
	assert.Equal(t, 800, img.Bounds().Dx())
	r, g, b, _ := img.At(700, 300).RGBA()
	assert.Equal(t, [3]uint32{60 * 257, 100 * 257, 220 * 257}, [3]uint32{r, g, b}, "the after bar of the upper bin in the second panel")
}
