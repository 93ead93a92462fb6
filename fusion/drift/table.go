package drift

import (
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/ebm-av/ebm_av/fusion"
)

// Frame is one frame with a trusted extrinsic for Evaluate.
type Frame struct {
	Name      string
	Evaluator *fusion.Evaluator
	Extrinsic fusion.Rigid
}

// Drill lists the injected drifts of Evaluate: each rotation (degrees) about
// each rotation axis and each translation (centimetres) along each
// translation axis in Axes, with both signs.
type Drill struct {
	Rotations    []float64
	Translations []float64
	Axes         []int
	// Alpha is the target false-alarm rate for FitThreshold and Floor its
	// lowest threshold. Confidence sets the Clopper–Pearson intervals.
	Alpha, Floor, Confidence float64
}

// FullDrill returns rotations of 0.1°, 0.25°, 0.5°, 1° and 2° and
// translations of 2, 5, 10 and 20 cm on all six axes, α = 0.05, a floor of
// 1 and 95% intervals.
func FullDrill() Drill {
	return Drill{
		Rotations:    []float64{0.1, 0.25, 0.5, 1, 2},
		Translations: []float64{2, 5, 10, 20},
		Axes:         []int{fusion.Roll, fusion.Pitch, fusion.Yaw, fusion.X, fusion.Y, fusion.Z},
		Alpha:        0.05,
		Floor:        1,
		Confidence:   0.95,
	}
}

// Row is the outcome for one axis and drift magnitude over all frames and
// both signs.
type Row struct {
	Axis      int
	Magnitude float64 // degrees for rotation axes, centimetres otherwise
	// Detection counts trials flagged as drifted.
	Detection Rate
	// ReplicateDetection is the share of bootstrap replicate scores above
	// the threshold, a smoother estimate of the detection probability.
	ReplicateDetection float64
	// RotationBefore and RotationAfter (degrees), TranslationBefore and
	// TranslationAfter (centimetres) are the median extrinsic errors of the
	// drifted and of the corrected extrinsic over the trials.
	RotationBefore, RotationAfter       float64
	TranslationBefore, TranslationAfter float64
	// Improved counts trials whose correction reduced the error on the
	// drifted component: the rotation angle for rotation drifts, the
	// translation along the drifted axis for translation drifts. The
	// translation norm alone would blame the search for wandering along
	// the camera's optical axis, which single frames barely constrain.
	// It is empty (N = 0) when the search leaves the drifted axis out.
	Improved Rate
	// Searched reports that the search varies the drifted axis.
	Searched bool
}

// Table is the outcome of Evaluate.
type Table struct {
	// Thresholds holds each frame's threshold, fitted on the null scores
	// of the other frames (leave one frame out).
	Thresholds []float64
	// FalseAlarm counts null replicate scores of each frame above that
	// frame's threshold, pooled over frames.
	FalseAlarm Rate
	// CalibratedFlagged counts the unperturbed frames flagged as drifted.
	CalibratedFlagged Rate
	Rows              []Row
}

// Evaluate runs the drill on frames with trusted extrinsics: it fits
// thresholds on the unperturbed frames, then injects each drift, assesses
// it and estimates a correction. It needs at least two frames for the
// leave-one-frame-out thresholds.
func Evaluate(frames []Frame, cfg Config, search SearchConfig, drill Drill) (*Table, error) {
	if len(frames) < 2 {
		return nil, fmt.Errorf("drift: %d frames, need at least 2 for leave-one-frame-out thresholds", len(frames))
	}
	assessors := make([]*Assessor, len(frames))
	null := make([][]float64, len(frames))
	calib := make([]Assessment, len(frames))
	for i, f := range frames {
		a, err := NewAssessor(f.Evaluator, cfg)
		if err != nil {
			return nil, err
		}
		res, err := a.Assess(f.Extrinsic)
		if err != nil {
			return nil, fmt.Errorf("drift: frame %s: %w", f.Name, err)
		}
		assessors[i], null[i], calib[i] = a, res.ReplicateScores, res
	}

	t := &Table{Thresholds: make([]float64, len(frames))}
	var faK, faN, flagged int
	for i := range frames {
		var others []float64
		for j := range frames {
			if j != i {
				others = append(others, null[j]...)
			}
		}
		th, err := FitThreshold(others, drill.Alpha, drill.Floor)
		if err != nil {
			return nil, err
		}
		t.Thresholds[i] = th
		assessors[i].SetThreshold(th)
		fa := FalseAlarms(null[i], th, drill.Confidence)
		faK += fa.K
		faN += fa.N
		if calib[i].Score > th {
			flagged++
		}
	}
	t.FalseAlarm = NewRate(faK, faN, drill.Confidence)
	t.CalibratedFlagged = NewRate(flagged, len(frames), drill.Confidence)

	for _, axis := range drill.Axes {
		mags, unit := drill.Rotations, math.Pi/180
		if axis >= fusion.X {
			mags, unit = drill.Translations, 0.01
		}
		for _, mag := range mags {
			row, err := evaluateRow(frames, assessors, search, drill, axis, mag, unit)
			if err != nil {
				return nil, err
			}
			t.Rows = append(t.Rows, row)
		}
	}
	return t, nil
}

func evaluateRow(frames []Frame, assessors []*Assessor, search SearchConfig, drill Drill, axis int, mag, unit float64) (Row, error) {
	row := Row{Axis: axis, Magnitude: mag, Searched: slices.Contains(search.Axes, axis)}
	var detected, trials, repAbove, repTotal, improved int
	var rotBefore, rotAfter, transBefore, transAfter []float64
	for i, f := range frames {
		for _, sign := range [2]float64{-1, 1} {
			var d fusion.Delta
			d[axis] = sign * mag * unit
			drifted := f.Extrinsic.Perturb(d)
			res, err := assessors[i].Assess(drifted)
			if err != nil {
				return row, fmt.Errorf("drift: frame %s, axis %d, drift %+g: %w", f.Name, axis, sign*mag, err)
			}
			trials++
			if res.Drifted {
				detected++
			}
			th := assessors[i].Config().Threshold
			for _, s := range res.ReplicateScores {
				if s > th {
					repAbove++
				}
			}
			repTotal += len(res.ReplicateScores)

			c, err := Estimate(f.Evaluator, drifted, search)
			if err != nil {
				return row, fmt.Errorf("drift: frame %s, axis %d, drift %+g: %w", f.Name, axis, sign*mag, err)
			}
			before := f.Extrinsic.Inverse().Compose(drifted)
			after := f.Extrinsic.Inverse().Compose(drifted.Perturb(c.Delta))
			rotBefore = append(rotBefore, before.RotationAngle()*180/math.Pi)
			rotAfter = append(rotAfter, after.RotationAngle()*180/math.Pi)
			transBefore = append(transBefore, before.TranslationNorm()*100)
			transAfter = append(transAfter, after.TranslationNorm()*100)
			if axis < fusion.X && after.RotationAngle() < before.RotationAngle() ||
				axis >= fusion.X && math.Abs(after.T[axis-fusion.X]) < math.Abs(before.T[axis-fusion.X]) {
				improved++
			}
		}
	}
	row.RotationBefore, row.RotationAfter = median(rotBefore), median(rotAfter)
	row.TranslationBefore, row.TranslationAfter = median(transBefore), median(transAfter)
	if row.Searched {
		row.Improved = NewRate(improved, trials, drill.Confidence)
	}
	row.Detection = NewRate(detected, trials, drill.Confidence)
	row.ReplicateDetection = float64(repAbove) / float64(repTotal)
	return row, nil
}

// AxisNames names the Delta axes for tables and logs.
var AxisNames = [6]string{"roll", "pitch", "yaw", "x", "y", "z"}

// Write prints the table as aligned text.
func (t *Table) Write(w io.Writer) error {
	var err error
	printf := func(format string, args ...any) {
		if err == nil {
			_, err = fmt.Fprintf(w, format, args...)
		}
	}
	printf("thresholds (leave one frame out): %.3f\n", t.Thresholds)
	printf("false alarms, null bootstrap replicates: %v\n", t.FalseAlarm)
	printf("unperturbed frames flagged: %v\n", t.CalibratedFlagged)
	printf("%-6s %8s  %-28s %9s  %-28s %17s  %17s\n", "axis", "drift", "detected k/n = rate [95% CI]", "replicate",
		"improved k/n = rate [95% CI]", "rot err deg", "trans err cm")
	for _, r := range t.Rows {
		unit := "deg"
		if r.Axis >= fusion.X {
			unit = "cm"
		}
		improved := "axis not searched"
		if r.Searched {
			improved = r.Improved.String()
		}
		printf("%-6s %5.2f %-3s %-28v %9.3f  %-28s %7.3f → %7.3f  %7.2f → %7.2f\n",
			AxisNames[r.Axis], r.Magnitude, unit, r.Detection, r.ReplicateDetection, improved,
			r.RotationBefore, r.RotationAfter, r.TranslationBefore, r.TranslationAfter)
	}
	return err
}

func median(x []float64) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	n := len(s)
	if n == 0 {
		return math.NaN()
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
