package learn

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"

	"github.com/ebm-av/ebm_av/ebm/nn"
	"github.com/ebm-av/ebm_av/ebm/safetensors"
)

// Metadata keys a model file adds to those of safetensors.SaveMLP.
const (
	KeyAnalyticTerms   = "analytic_terms"   // JSON list, AnalyticTerms
	KeyAnalyticWeights = "analytic_weights" // JSON list of planner weights, same order
	KeyTemperature     = "temperature"      // softmax temperature τ
	KeyStepInterval    = "step_interval"    // Featurizer.Interval, s
	KeySteps           = "steps"            // Featurizer.Steps
)

// Save writes m to path as a safetensors model file. The head's input
// normalisation is folded into its first layer and the analytic weights are
// stored as planner weights, so the file holds a plain MLP that
// safetensors.LoadMLP reads. The head inputs are asinh of the FeatureNames
// after "valid".
func (m *Model) Save(path, provenance, split string) error {
	head := foldNormalisation(m.Head, m.Mean, m.Std)
	var buf bytes.Buffer
	info := safetensors.ModelInfo{Features: HeadInputs(), Provenance: provenance, Split: split}
	if err := safetensors.SaveMLP(&buf, head, info); err != nil {
		return fmt.Errorf("learn: save model: %w", err)
	}
	f, err := safetensors.Read(&buf)
	if err != nil {
		return fmt.Errorf("learn: save model: %w", err)
	}
	terms, _ := json.Marshal(AnalyticTerms)
	weights, _ := json.Marshal(m.PlannerWeights())
	f.Metadata[KeyAnalyticTerms] = string(terms)
	f.Metadata[KeyAnalyticWeights] = string(weights)
	f.Metadata[KeyTemperature] = strconv.FormatFloat(m.Temperature, 'g', -1, 64)
	f.Metadata[KeyStepInterval] = strconv.FormatFloat(m.Featurizer.Interval, 'g', -1, 64)
	f.Metadata[KeySteps] = strconv.Itoa(m.Featurizer.Steps)
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		return fmt.Errorf("learn: save model: %w", err)
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		return fmt.Errorf("learn: save model: %w", err)
	}
	return nil
}

// foldNormalisation returns a copy of head whose first layer reads raw
// features: W' = W/σ column-wise and b' = b − W'μ.
func foldNormalisation(head *nn.MLP, mean, std []float64) *nn.MLP {
	out := nn.NewMLP(head.Sizes, head.Activations)
	copy(out.Params, head.Params)
	w, b := out.Weights(0)
	in := head.Sizes[0]
	for o := range head.Sizes[1] {
		row := w[o*in : (o+1)*in]
		for i := range row {
			row[i] /= std[i]
			b[o] -= row[i] * mean[i]
		}
	}
	return out
}

// LoadModel reads a model file written by Save and returns the model with
// its metadata. It returns an error naming the file and the field when the
// file is not a learned trajectory energy of this feature layout.
func LoadModel(path string) (*Model, safetensors.ModelInfo, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, safetensors.ModelInfo{}, fmt.Errorf("learn: %w", err)
	}
	head, info, err := safetensors.LoadMLP(bytes.NewReader(data))
	if err != nil {
		return nil, info, fmt.Errorf("learn: model %s: %w", path, err)
	}
	f, err := safetensors.Read(bytes.NewReader(data))
	if err != nil {
		return nil, info, fmt.Errorf("learn: model %s: %w", path, err)
	}
	if want := HeadInputs(); !slices.Equal(info.Features, want) {
		return nil, info, fmt.Errorf("learn: model %s: features %v, this build computes %v: retrain with ebm train", path, info.Features, want)
	}
	if head.Out() != 1 {
		return nil, info, fmt.Errorf("learn: model %s: head has %d outputs: an energy head has 1", path, head.Out())
	}
	var terms []string
	var weights []float64
	if err := json.Unmarshal([]byte(f.Metadata[KeyAnalyticTerms]), &terms); err != nil || !slices.Equal(terms, AnalyticTerms) {
		return nil, info, fmt.Errorf("learn: model %s: metadata %s is %q, want %v", path, KeyAnalyticTerms, f.Metadata[KeyAnalyticTerms], AnalyticTerms)
	}
	if err := json.Unmarshal([]byte(f.Metadata[KeyAnalyticWeights]), &weights); err != nil || len(weights) != len(terms) {
		return nil, info, fmt.Errorf("learn: model %s: metadata %s is %q: need %d weights", path, KeyAnalyticWeights, f.Metadata[KeyAnalyticWeights], len(terms))
	}
	tau, err := metaFloat(f.Metadata, KeyTemperature)
	if err != nil || !(tau > 0) {
		return nil, info, fmt.Errorf("learn: model %s: metadata %s is %q: need a positive temperature", path, KeyTemperature, f.Metadata[KeyTemperature])
	}
	interval, err := metaFloat(f.Metadata, KeyStepInterval)
	steps, err2 := strconv.Atoi(f.Metadata[KeySteps])
	if err != nil || err2 != nil || !(interval > 0) || steps <= 0 {
		return nil, info, fmt.Errorf("learn: model %s: metadata %s=%q and %s=%q: need a positive step interval and step count",
			path, KeyStepInterval, f.Metadata[KeyStepInterval], KeySteps, f.Metadata[KeySteps])
	}
	m := &Model{Head: head, Featurizer: Featurizer{Steps: steps, Interval: interval}, Temperature: tau}
	m.Mean = make([]float64, NumFeatures-1)
	m.Std = ones(NumFeatures - 1)
	m.Scale = ones(len(AnalyticTerms))
	m.bind(weights)
	return m, info, nil
}

// HeadInputs returns the names of the head's inputs as a model file lists
// them: asinh of every per-step feature but "valid".
func HeadInputs() []string {
	names := FeatureNames()[1:]
	for i, n := range names {
		names[i] = "asinh(" + n + ")"
	}
	return names
}

func metaFloat(md map[string]string, key string) (float64, error) {
	return strconv.ParseFloat(md[key], 64)
}
