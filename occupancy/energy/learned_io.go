package energy

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
)

// coefficientsFile is the JSON layout of a learned term's coefficients.
type coefficientsFile struct {
	Features     []string  `json:"features"`
	Coefficients []float64 `json:"coefficients"`
}

// WriteCoefficients writes the feature names and coefficients of l as JSON.
func (l *Learned) WriteCoefficients(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(coefficientsFile{Features: l.FeatureNames(), Coefficients: l.Coef})
}

// ReadCoefficients reads coefficients written by WriteCoefficients into l.
// It rejects a file whose feature names differ from l's, because the
// coefficients would then weigh the wrong parts.
func (l *Learned) ReadCoefficients(r io.Reader) error {
	var f coefficientsFile
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return fmt.Errorf("energy: learned coefficients: %w", err)
	}
	if want := l.FeatureNames(); !slices.Equal(f.Features, want) {
		return fmt.Errorf("energy: learned coefficients for features %v, the term has %v: retrain or build the term over the same terms", f.Features, want)
	}
	if len(f.Coefficients) != len(f.Features) {
		return fmt.Errorf("energy: learned coefficients: %d values for %d features", len(f.Coefficients), len(f.Features))
	}
	for i, c := range f.Coefficients {
		if math.IsNaN(c) || math.IsInf(c, 0) {
			return fmt.Errorf("energy: learned coefficient %d (%s) is %g: must be finite", i, f.Features[i], c)
		}
	}
	l.Coef = f.Coefficients
	return nil
}
