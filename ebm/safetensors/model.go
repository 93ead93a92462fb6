package safetensors

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/ebm-av/ebm_av/ebm/nn"
)

// FormatVersion is the version of the model-file metadata this package
// writes and the only one it reads.
const FormatVersion = "1"

// Metadata keys of a model file.
const (
	KeyFormatVersion = "format_version"
	KeyArchitecture  = "architecture" // JSON, see Architecture
	KeyFeatures      = "features"     // JSON list of feature names, in input order
	KeyProvenance    = "provenance"   // free text: data sets, commits, dates
	KeySplit         = "split"        // free text: train/validation/test definition
)

// Architecture describes an MLP head: layer widths from input to output
// and one activation name per linear layer (see nn.ParseActivation).
// Tensors are named "layers.<l>.weight", shape [out, in], and
// "layers.<l>.bias", shape [out], for linear layer l. This is the layout
// of PyTorch's nn.Linear, so a PyTorch exporter only renames the keys.
type Architecture struct {
	Type        string   `json:"type"` // "mlp"
	Sizes       []int    `json:"sizes"`
	Activations []string `json:"activations"`
}

// ModelInfo is the descriptive metadata stored with a head.
type ModelInfo struct {
	Features   []string
	Provenance string
	Split      string
	// DType is the stored precision, "F32" or "F64"; empty means F32.
	DType string
}

// SaveMLP writes head and info to w as a safetensors model file.
func SaveMLP(w io.Writer, head *nn.MLP, info ModelInfo) error {
	if len(info.Features) != 0 && len(info.Features) != head.In() {
		return fmt.Errorf("safetensors: %d feature names for a head with %d inputs", len(info.Features), head.In())
	}

	dtype := info.DType
	if dtype == "" {
		dtype = "F32"
	}

	arch := Architecture{Type: "mlp", Sizes: head.Sizes}
	for _, a := range head.Activations {
		arch.Activations = append(arch.Activations, a.String())
	}
	archJSON, _ := json.Marshal(arch)
	features := info.Features
	if features == nil {
		features = []string{}
	}
	featJSON, _ := json.Marshal(features)

	f := &File{
		Tensors: map[string]Tensor{},
		Metadata: map[string]string{
			KeyFormatVersion: FormatVersion,
			KeyArchitecture:  string(archJSON),
			KeyFeatures:      string(featJSON),
			KeyProvenance:    info.Provenance,
			KeySplit:         info.Split,
		},
	}
	for l := range head.Layers() {
		wts, b := head.Weights(l)
		wt, err := FloatTensor(dtype, []int{head.Sizes[l+1], head.Sizes[l]}, wts)
		if err != nil {
			return err
		}
		bt, err := FloatTensor(dtype, []int{head.Sizes[l+1]}, b)
		if err != nil {
			return err
		}
		f.Tensors[fmt.Sprintf("layers.%d.weight", l)] = wt
		f.Tensors[fmt.Sprintf("layers.%d.bias", l)] = bt
	}
	return f.Write(w)
}

// LoadMLP reads a head written by SaveMLP or by any exporter that follows
// the same names and metadata. It rejects files whose format version is
// not FormatVersion, whose architecture is invalid, whose tensors are
// missing, extra or of the wrong shape, and truncated or malformed files.
func LoadMLP(r io.Reader) (*nn.MLP, ModelInfo, error) {
	f, err := Read(r)
	if err != nil {
		return nil, ModelInfo{}, err
	}
	version, ok := f.Metadata[KeyFormatVersion]
	if !ok {
		return nil, ModelInfo{}, fmt.Errorf("safetensors: model file has no %q in __metadata__", KeyFormatVersion)
	}
	if version != FormatVersion {
		return nil, ModelInfo{}, fmt.Errorf("safetensors: unsupported model format version %q, this build reads %q", version, FormatVersion)
	}
	var arch Architecture
	if err := json.Unmarshal([]byte(f.Metadata[KeyArchitecture]), &arch); err != nil {
		return nil, ModelInfo{}, fmt.Errorf("safetensors: invalid %q metadata: %w", KeyArchitecture, err)
	}
	if arch.Type != "mlp" {
		return nil, ModelInfo{}, fmt.Errorf("safetensors: architecture type %q, want \"mlp\"", arch.Type)
	}
	if len(arch.Sizes) < 2 || len(arch.Activations) != len(arch.Sizes)-1 {
		return nil, ModelInfo{}, fmt.Errorf("safetensors: architecture has %d sizes and %d activations, want at least 2 sizes and one activation per layer",
			len(arch.Sizes), len(arch.Activations))
	}
	acts := make([]nn.Activation, len(arch.Activations))
	for l, name := range arch.Activations {
		if acts[l], err = nn.ParseActivation(name); err != nil {
			return nil, ModelInfo{}, fmt.Errorf("safetensors: layer %d: %w", l, err)
		}
	}
	for _, s := range arch.Sizes {
		if s <= 0 {
			return nil, ModelInfo{}, fmt.Errorf("safetensors: architecture sizes %v must be positive", arch.Sizes)
		}
	}
	info := ModelInfo{Provenance: f.Metadata[KeyProvenance], Split: f.Metadata[KeySplit]}
	if v, ok := f.Metadata[KeyFeatures]; ok {
		if err := json.Unmarshal([]byte(v), &info.Features); err != nil {
			return nil, ModelInfo{}, fmt.Errorf("safetensors: invalid %q metadata: %w", KeyFeatures, err)
		}
		if len(info.Features) != 0 && len(info.Features) != arch.Sizes[0] {
			return nil, ModelInfo{}, fmt.Errorf("safetensors: %d feature names for an input width of %d", len(info.Features), arch.Sizes[0])
		}
	}

	head := nn.NewMLP(arch.Sizes, acts)
	used := 0
	for l := range head.Layers() {
		w, b := head.Weights(l)
		for _, p := range []struct {
			name  string
			shape []int
			dst   []float64
		}{
			{fmt.Sprintf("layers.%d.weight", l), []int{arch.Sizes[l+1], arch.Sizes[l]}, w},
			{fmt.Sprintf("layers.%d.bias", l), []int{arch.Sizes[l+1]}, b},
		} {
			t, ok := f.Tensors[p.name]
			if !ok {
				return nil, ModelInfo{}, fmt.Errorf("safetensors: tensor %q missing for architecture %v", p.name, arch.Sizes)
			}
			if !slices.Equal(t.Shape, p.shape) {
				return nil, ModelInfo{}, fmt.Errorf("safetensors: tensor %q has shape %v, architecture %v needs %v", p.name, t.Shape, arch.Sizes, p.shape)
			}
			values, err := t.Float64s()
			if err != nil {
				return nil, ModelInfo{}, fmt.Errorf("safetensors: tensor %q: %w", p.name, err)
			}
			copy(p.dst, values)
			info.DType = t.DType
			used++
		}
	}
	if used != len(f.Tensors) {
		return nil, ModelInfo{}, fmt.Errorf("safetensors: file has %d tensors, architecture %v uses %d", len(f.Tensors), arch.Sizes, used)
	}
	return head, info, nil
}
