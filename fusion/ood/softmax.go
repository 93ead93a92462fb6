package ood

import (
	"fmt"
	"math"
)

// Softmax is a multinomial logistic regression on standardised features:
// logits = W·(x − Mean)/Std + B.
type Softmax struct {
	Classes   []string
	W         [][]float64 // one row of NumFeatures weights per class
	B         []float64
	Mean, Std []float64
}

// TrainConfig sets full-batch gradient descent on the mean cross-entropy
// plus L2/2·‖W‖².
type TrainConfig struct {
	Epochs       int
	LearningRate float64
	L2           float64
}

// DefaultTrainConfig returns 500 epochs at learning rate 0.5 with L2 = 1e-2.
func DefaultTrainConfig() TrainConfig {
	return TrainConfig{Epochs: 500, LearningRate: 0.5, L2: 1e-2}
}

// TrainSoftmax fits a Softmax to the feature rows x with labels y in
// [0, len(classes)). It starts from zero weights and uses the whole set at
// each step, so the result is deterministic.
func TrainSoftmax(x [][]float64, y []int, classes []string, cfg TrainConfig) (*Softmax, error) {
	if len(x) == 0 || len(x) != len(y) {
		return nil, fmt.Errorf("ood: %d feature rows and %d labels, expected equal non-zero counts", len(x), len(y))
	}
	if len(classes) < 2 {
		return nil, fmt.Errorf("ood: %d classes, expected at least 2", len(classes))
	}
	if cfg.Epochs < 1 || !(cfg.LearningRate > 0) || !(cfg.L2 >= 0) {
		return nil, fmt.Errorf("ood: invalid training config %+v", cfg)
	}
	d := len(x[0])
	k := len(classes)
	for i, row := range x {
		if len(row) != d {
			return nil, fmt.Errorf("ood: feature row %d has %d values, expected %d", i, len(row), d)
		}
		if y[i] < 0 || y[i] >= k {
			return nil, fmt.Errorf("ood: label %d of row %d outside [0, %d)", y[i], i, k)
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("ood: feature %d of row %d is %v", j, i, v)
			}
		}
	}
	m := &Softmax{Classes: classes, W: make([][]float64, k), B: make([]float64, k),
		Mean: make([]float64, d), Std: make([]float64, d)}
	for c := range m.W {
		m.W[c] = make([]float64, d)
	}
	standardiseStats(x, m.Mean, m.Std)

	z := make([]float64, d)
	p := make([]float64, k)
	gw := make([][]float64, k)
	for c := range gw {
		gw[c] = make([]float64, d)
	}
	gb := make([]float64, k)
	inv := 1 / float64(len(x))
	for epoch := 0; epoch < cfg.Epochs; epoch++ {
		for c := range gw {
			clear(gw[c])
		}
		clear(gb)
		for i, row := range x {
			m.standardise(row, z)
			m.logitsStd(z, p)
			softmaxInPlace(p)
			p[y[i]]--
			for c := range p {
				gb[c] += p[c] * inv
				for j := range z {
					gw[c][j] += p[c] * z[j] * inv
				}
			}
		}
		for c := range m.W {
			m.B[c] -= cfg.LearningRate * gb[c]
			for j := range m.W[c] {
				m.W[c][j] -= cfg.LearningRate * (gw[c][j] + cfg.L2*m.W[c][j])
			}
		}
	}
	return m, nil
}

// Logits returns the class logits of feature row x, appended to dst[:0].
func (m *Softmax) Logits(x []float64, dst []float64) []float64 {
	z := make([]float64, len(x))
	m.standardise(x, z)
	dst = append(dst[:0], make([]float64, len(m.W))...)
	m.logitsStd(z, dst)
	return dst
}

func (m *Softmax) standardise(x, z []float64) {
	for j := range x {
		z[j] = (x[j] - m.Mean[j]) / m.Std[j]
	}
}

func (m *Softmax) logitsStd(z, dst []float64) {
	for c, w := range m.W {
		s := m.B[c]
		for j := range z {
			s += w[j] * z[j]
		}
		dst[c] = s
	}
}

func standardiseStats(x [][]float64, mean, std []float64) {
	for _, row := range x {
		for j, v := range row {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(len(x))
	}
	for _, row := range x {
		for j, v := range row {
			std[j] += (v - mean[j]) * (v - mean[j])
		}
	}
	for j := range std {
		std[j] = math.Sqrt(std[j] / float64(len(x)))
		if std[j] < 1e-9 {
			// A constant feature carries no information; keep it finite.
			std[j] = 1
		}
	}
}

func softmaxInPlace(p []float64) {
	mx := math.Inf(-1)
	for _, v := range p {
		mx = math.Max(mx, v)
	}
	var s float64
	for i, v := range p {
		p[i] = math.Exp(v - mx)
		s += p[i]
	}
	for i := range p {
		p[i] /= s
	}
}
