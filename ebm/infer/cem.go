package infer

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/ebm-av/ebm_av/ebm"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

type cem struct{ cfg Config }

func (cem) Name() string { return "cem" }

// Infer runs the cross-entropy method: draw Config.Samples candidates from
// a Gaussian (diagonal, or full with Config.FullCovariance) starting at
// N(Init, InitStd²·I), project and score them, refit the Gaussian to the
// best EliteFraction, and repeat Config.Steps times. It returns the best
// candidate scored.
func (m cem) Infer(p Problem, rng *rand.Rand) (Result, error) {
	if p.Energy == nil {
		return Result{}, errors.New("infer: cem: problem has no energy")
	}
	d := p.Energy.Dim()
	if len(p.Init) != d {
		return Result{}, fmt.Errorf("infer: cem: Init has %d values, want %d", len(p.Init), d)
	}
	n := m.cfg.Samples
	nElite := max(2, int(math.Ceil(m.cfg.EliteFraction*float64(n))))
	if nElite > n {
		return Result{}, fmt.Errorf("infer: cem: %d samples leave fewer than 2 elites", n)
	}

	mean := append([]float64(nil), p.Init...)
	cov := mat.NewSymDense(d, nil)
	for i := range d {
		cov.SetSym(i, i, m.cfg.InitStd*m.cfg.InitStd)
	}
	x := make([]float64, n*d)
	energies := make([]float64, n)
	order := make([]int, n)
	elite := mat.NewDense(nElite, d, nil)
	z := make([]float64, d)
	var chol mat.Cholesky
	var lower mat.TriDense
	res := Result{Index: -1, Energy: math.Inf(1), X: make([]float64, d)}

	for range m.cfg.Steps {
		// Draw x = μ + L z with L the Cholesky factor of the covariance.
		if !chol.Factorize(cov) {
			return res, errors.New("infer: cem: covariance lost positive definiteness")
		}
		chol.LTo(&lower)
		for k := range n {
			for i := range z {
				z[i] = rng.NormFloat64()
			}
			row := x[k*d : (k+1)*d]
			for i := range d {
				s := mean[i]
				for j := 0; j <= i; j++ {
					s += lower.At(i, j) * z[j]
				}
				row[i] = s
			}
			if p.Project != nil {
				p.Project(row)
			}
		}
		p.Energy.Energy(ebm.NewBatch(1, n, d, x), energies)
		res.Evaluations += n
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool { return less(energies[order[a]], energies[order[b]]) })
		if best := order[0]; energies[best] < res.Energy {
			res.Energy = energies[best]
			copy(res.X, x[best*d:(best+1)*d])
		}
		for r := range nElite {
			elite.SetRow(r, x[order[r]*d:(order[r]+1)*d])
		}
		m.refit(mean, cov, elite)
	}
	if math.IsInf(res.Energy, 1) {
		return res, errors.New("infer: cem: no sample had a finite energy")
	}
	return res, nil
}

// less orders energies ascending with NaN last.
func less(a, b float64) bool {
	if math.IsNaN(b) {
		return !math.IsNaN(a)
	}
	return a < b
}

// refit blends the elite mean and covariance into mean and cov.
func (m cem) refit(mean []float64, cov *mat.SymDense, elite *mat.Dense) {
	alpha := m.cfg.Smoothing
	d := len(mean)
	var eliteCov mat.SymDense
	stat.CovarianceMatrix(&eliteCov, elite, nil)
	minVar := m.cfg.MinStd * m.cfg.MinStd
	for i := range d {
		mean[i] = alpha*mean[i] + (1-alpha)*stat.Mean(mat.Col(nil, i, elite), nil)
	}
	for i := range d {
		for j := 0; j <= i; j++ {
			v := 0.0
			if i == j || m.cfg.FullCovariance {
				v = eliteCov.At(i, j)
			}
			v = alpha*cov.At(i, j) + (1-alpha)*v
			if i == j {
				v = math.Max(v, minVar)
			}
			cov.SetSym(i, j, v)
		}
	}
}
