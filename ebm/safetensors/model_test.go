package safetensors

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/ebm-av/ebm_av/ebm/nn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// modelHeader returns a hand-written model-file header for a 2→1 linear
// head, with the given format version and weight shape.
func modelHeader(version, weightShape string) string {
	return `{"__metadata__":{"format_version":"` + version + `",` +
		`"architecture":"{\"type\":\"mlp\",\"sizes\":[2,1],\"activations\":[\"identity\"]}",` +
		`"features":"[\"occupancy\",\"drivable_area\"]","provenance":"pytorch export","split":"scenes 0-79 train"},` +
		`"layers.0.weight":{"dtype":"F32","shape":` + weightShape + `,"data_offsets":[0,8]},` +
		`"layers.0.bias":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}`
}

func TestLoadHandBuiltModel(t *testing.T) {
	file := build(modelHeader("1", "[1,2]"), f32(2, -3, 0.5))
	head, info, err := LoadMLP(bytes.NewReader(file))
	require.NoError(t, err)
	assert.Equal(t, []string{"occupancy", "drivable_area"}, info.Features)
	assert.Equal(t, "pytorch export", info.Provenance)
	assert.Equal(t, "scenes 0-79 train", info.Split)
	assert.Equal(t, "F32", info.DType)

	// E = 2·1 − 3·4 + 0.5.
	out := make([]float64, 1)
	head.Forward(head.NewWorkspace(1), []float64{1, 4}, 1, out)
	assert.Equal(t, -9.5, out[0])
}

func TestLoadModelRejects(t *testing.T) {
	cases := []struct {
		name string
		file []byte
		want string
	}{
		{"unknown version", build(modelHeader("2", "[1,2]"), f32(2, -3, 0.5)), `unsupported model format version "2"`},
		{"shape mismatch", build(modelHeader("1", "[2,1]"), f32(2, -3, 0.5)), `tensor "layers.0.weight" has shape [2 1]`},
		{"truncated", build(modelHeader("1", "[1,2]"), f32(2, -3, 0.5))[:40], "truncated file"},
		{"no version", build(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, f32(1)), `no "format_version"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := LoadMLP(bytes.NewReader(c.file))
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	// A missing bias: drop it from the header and the buffer.
	header := strings.Replace(modelHeader("1", "[1,2]"), `,"layers.0.bias":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}`, "", 1)
	_, _, err := LoadMLP(bytes.NewReader(build(header, f32(2, -3))))
	assert.ErrorContains(t, err, `tensor "layers.0.bias" missing`)
}

func TestSaveLoadMLPRoundTrip(t *testing.T) {
	head := nn.NewMLP([]int{3, 5, 1}, []nn.Activation{nn.Tanh, nn.Identity})
	head.Init(rand.New(rand.NewPCG(1, 1)))
	var buf bytes.Buffer
	info := ModelInfo{Features: []string{"a", "b", "c"}, Provenance: "unit test", Split: "all", DType: "F64"}
	require.NoError(t, SaveMLP(&buf, head, info))
	assert.Zero(t, (8+binary.LittleEndian.Uint64(buf.Bytes()))%8)

	loaded, got, err := LoadMLP(&buf)
	require.NoError(t, err)
	assert.Equal(t, info, got)
	assert.Equal(t, head.Sizes, loaded.Sizes)
	assert.Equal(t, head.Activations, loaded.Activations)
	assert.Equal(t, head.Params, loaded.Params)
}
