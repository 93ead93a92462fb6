package ood

import (
	"fmt"
	"math"
	"slices"

	"github.com/ebm-av/ebm_av/ebm/metrics"
	ebmood "github.com/ebm-av/ebm_av/ebm/ood"
)

// Sample is one feature vector with its class name.
type Sample struct {
	Class    string
	Features []float64
}

// Split holds independently augmented samples for training, fitting the
// abstention threshold and testing.
type Split struct {
	Train, Validation, Test []Sample
}

// HoldOutConfig sets a held-out-class experiment.
type HoldOutConfig struct {
	// Temperature is T of the energy score.
	Temperature float64
	// Keep is the share of known validation samples whose energy stays at
	// or below the abstention threshold, for example 0.95.
	Keep  float64
	Train TrainConfig
}

// DefaultHoldOutConfig returns T = 1, a 95% keep rate and DefaultTrainConfig.
func DefaultHoldOutConfig() HoldOutConfig {
	return HoldOutConfig{Temperature: 1, Keep: 0.95, Train: DefaultTrainConfig()}
}

// Report is the outcome of HoldOut. Detection metrics treat the unknown
// class as positive: the energy score and the negated maximum softmax
// probability (MSP) rank it, and FPR95 is the share of known test samples
// flagged at the threshold that flags 95% of the unknown ones.
type Report struct {
	Unknown string
	Known   []string
	// Sizes of the training set and of the known and unknown test sets.
	Train, TestKnown, TestUnknown int
	// Accuracy is the classification accuracy on the known test samples.
	Accuracy float64

	EnergyAUROC, MSPAUROC float64
	EnergyFPR95, MSPFPR95 float64

	// Threshold is the abstention energy fitted on validation; the abstain
	// rates are the shares of test samples above it.
	Threshold                    float64
	AbstainKnown, AbstainUnknown float64
}

// HoldOut trains a Softmax on every class of split.Train except unknown,
// fits the abstention threshold on the known validation samples and scores
// the test samples.
func HoldOut(split Split, unknown string, cfg HoldOutConfig) (*Report, error) {
	if !(cfg.Temperature > 0) || !(cfg.Keep > 0 && cfg.Keep < 1) {
		return nil, fmt.Errorf("ood: temperature %v and keep %v, expected T > 0 and keep in (0, 1)", cfg.Temperature, cfg.Keep)
	}
	var known []string
	for _, s := range split.Train {
		if s.Class != unknown && !slices.Contains(known, s.Class) {
			known = append(known, s.Class)
		}
	}
	slices.Sort(known)
	if len(known) < 2 {
		return nil, fmt.Errorf("ood: %d known classes besides %q, expected at least 2", len(known), unknown)
	}
	var x [][]float64
	var y []int
	for _, s := range split.Train {
		if s.Class == unknown {
			continue
		}
		x = append(x, s.Features)
		y = append(y, slices.Index(known, s.Class))
	}
	model, err := TrainSoftmax(x, y, known, cfg.Train)
	if err != nil {
		return nil, err
	}
	r := &Report{Unknown: unknown, Known: known, Train: len(x)}

	var logits []float64
	var val []float64
	for _, s := range split.Validation {
		if s.Class == unknown {
			continue
		}
		logits = model.Logits(s.Features, logits)
		val = append(val, ebmood.EnergyScore(logits, cfg.Temperature))
	}
	if len(val) == 0 {
		return nil, fmt.Errorf("ood: no known validation samples to fit the abstention threshold")
	}
	slices.Sort(val)
	r.Threshold = val[min(len(val)-1, int(math.Ceil(cfg.Keep*float64(len(val))))-1)]

	var energy, negMSP []float64
	var positive []bool
	var correct, abstainKnown, abstainUnknown int
	for _, s := range split.Test {
		logits = model.Logits(s.Features, logits)
		e := ebmood.EnergyScore(logits, cfg.Temperature)
		energy = append(energy, e)
		negMSP = append(negMSP, -ebmood.MaxSoftmax(logits))
		isUnknown := s.Class == unknown
		positive = append(positive, isUnknown)
		if isUnknown {
			r.TestUnknown++
			if e > r.Threshold {
				abstainUnknown++
			}
			continue
		}
		r.TestKnown++
		if e > r.Threshold {
			abstainKnown++
		}
		if known[argmax(logits)] == s.Class {
			correct++
		}
	}
	if r.TestKnown == 0 || r.TestUnknown == 0 {
		return nil, fmt.Errorf("ood: test set has %d known and %d unknown samples, expected both", r.TestKnown, r.TestUnknown)
	}
	r.Accuracy = float64(correct) / float64(r.TestKnown)
	r.AbstainKnown = float64(abstainKnown) / float64(r.TestKnown)
	r.AbstainUnknown = float64(abstainUnknown) / float64(r.TestUnknown)
	r.EnergyAUROC = metrics.AUROC(energy, positive)
	r.MSPAUROC = metrics.AUROC(negMSP, positive)
	r.EnergyFPR95 = metrics.FPRAtTPR(energy, positive, 0.95)
	r.MSPFPR95 = metrics.FPRAtTPR(negMSP, positive, 0.95)
	return r, nil
}

func argmax(v []float64) int {
	best := 0
	for i := range v {
		if v[i] > v[best] {
			best = i
		}
	}
	return best
}
