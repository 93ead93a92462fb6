package drift

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/ebm-av/ebm_av/fusion"
)

// Config sets the neighbourhood, the bootstrap and the decision threshold.
type Config struct {
	// RotationStep (radians) and TranslationStep (metres) times each of
	// Multiples give the offsets of the neighbours along each axis, on both
	// sides: 2·len(Axes)·len(Multiples) neighbours.
	RotationStep, TranslationStep float64
	Multiples                     []float64
	// Axes lists the Delta axes that get neighbours. Leaving out an axis
	// that single frames barely constrain, such as translation along the
	// camera's optical axis, keeps its flat energy from causing false alarms
	// but leaves drift along it undetected.
	Axes []int
	// Replicates is the number of bootstrap replicates; Seed makes them
	// reproducible.
	Replicates int
	Seed       uint64
	// Threshold is the score above which the extrinsic counts as drifted.
	Threshold float64
}

// DefaultConfig returns neighbours at 0.5°, 1° and 2° and at 5, 10 and
// 20 cm along each axis except X, 200 replicates and a threshold of 1, so
// a neighbour must be lower by more than one bootstrap standard deviation.
// FitThreshold replaces the threshold with one measured on calibrated
// frames.
//
// X, forward along the LiDAR and close to the camera's optical axis, is
// left out. On KITTI frame 000001 the energy falls by about one bootstrap
// spread 10 cm along X from the published calibration, so including X
// flagged calibrated frames. Drift along X is therefore not
// detected, and DefaultSearchConfig does not correct it either.
func DefaultConfig() Config {
	return Config{
		RotationStep:    0.5 * math.Pi / 180,
		TranslationStep: 0.05,
		Multiples:       []float64{1, 2, 4},
		Axes:            []int{fusion.Roll, fusion.Pitch, fusion.Yaw, fusion.Y, fusion.Z},
		Replicates:      200,
		Seed:            1,
		Threshold:       1,
	}
}

func (c *Config) validate() error {
	if !(c.RotationStep > 0) || !(c.TranslationStep > 0) {
		return fmt.Errorf("drift: steps %v rad and %v m, expected positive values", c.RotationStep, c.TranslationStep)
	}
	if len(c.Multiples) == 0 {
		return fmt.Errorf("drift: no neighbour multiples: set Multiples, for example {1, 2, 4}")
	}
	for _, m := range c.Multiples {
		if !(m > 0) {
			return fmt.Errorf("drift: neighbour multiple %v, expected > 0", m)
		}
	}
	if len(c.Axes) == 0 {
		return fmt.Errorf("drift: no neighbour axes: set Axes, for example all six")
	}
	for _, a := range c.Axes {
		if a < fusion.Roll || a > fusion.Z {
			return fmt.Errorf("drift: neighbour axis %d outside [0, 5]", a)
		}
	}
	if c.Replicates < 2 {
		return fmt.Errorf("drift: %d bootstrap replicates, expected at least 2", c.Replicates)
	}
	if math.IsNaN(c.Threshold) {
		return fmt.Errorf("drift: threshold is NaN")
	}
	return nil
}

// Neighbours returns the perturbations ±multiple·step along each axis of
// Axes, in the order of Axes, then of Multiples, negative side first.
func (c *Config) Neighbours() []fusion.Delta {
	n := make([]fusion.Delta, 0, 2*len(c.Axes)*len(c.Multiples))
	for _, axis := range c.Axes {
		step := c.RotationStep
		if axis >= fusion.X {
			step = c.TranslationStep
		}
		for _, m := range c.Multiples {
			var lo, hi fusion.Delta
			lo[axis], hi[axis] = -m*step, m*step
			n = append(n, lo, hi)
		}
	}
	return n
}

// Assessment is the outcome of Assess.
type Assessment struct {
	// Energy is the total energy at the current extrinsic and MinNeighbour
	// the lowest energy among the neighbours, reached at Best.
	Energy, MinNeighbour float64
	Best                 fusion.Delta
	// Gap is Energy − MinNeighbour: negative at a local minimum.
	Gap float64
	// Spread is the bootstrap standard deviation of the paired difference
	// between the energy at the current extrinsic and at Best.
	Spread float64
	// Score is Gap/Spread; Drifted reports Score > threshold.
	Score   float64
	Drifted bool
	// ReplicateScores holds each bootstrap replicate's paired difference
	// divided by Spread. On a calibrated frame they sample the score under
	// the null hypothesis, which FitThreshold and FalseAlarms use.
	ReplicateScores []float64
}

// Assessor runs Assess with reusable buffers. To assess the next frame,
// Reset its evaluator to the new scene. It is not safe for concurrent use.
type Assessor struct {
	ev   *fusion.Evaluator
	cfg  Config
	sums [][]fusion.Sums
}

// NewAssessor returns an assessor for the evaluator's scene.
func NewAssessor(ev *fusion.Evaluator, cfg Config) (*Assessor, error) {
	if ev == nil {
		return nil, fmt.Errorf("drift: nil evaluator")
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return &Assessor{ev: ev, cfg: cfg}, nil
}

// Config returns the assessor's configuration.
func (a *Assessor) Config() Config { return a.cfg }

// SetThreshold replaces the decision threshold, for example with one from
// FitThreshold.
func (a *Assessor) SetThreshold(t float64) { a.cfg.Threshold = t }

// Assess scores the extrinsic ext: one energy evaluation per neighbour and
// at ext, and cfg.Replicates reweightings of their sums.
func (a *Assessor) Assess(ext fusion.Rigid) (Assessment, error) {
	neighbours := a.cfg.Neighbours()
	n := len(neighbours) + 1
	if len(a.sums) != n {
		a.sums = make([][]fusion.Sums, n)
	}
	for j := 0; j < n; j++ {
		e := ext
		if j > 0 {
			e = ext.Perturb(neighbours[j-1])
		}
		sums, err := a.ev.Sums(e)
		if err != nil {
			return Assessment{}, fmt.Errorf("drift: neighbour %d: %w", j, err)
		}
		if len(a.sums[j]) != len(sums) {
			a.sums[j] = make([]fusion.Sums, len(sums))
		}
		for k := range sums {
			a.sums[j][k].CopyFrom(&sums[k])
		}
	}
	terms := a.ev.Terms()
	var res Assessment
	res.Energy = fusion.Total(terms, a.sums[0], nil, nil)
	res.MinNeighbour = math.Inf(1)
	best := 0
	for j := 1; j < n; j++ {
		if e := fusion.Total(terms, a.sums[j], nil, nil); e < res.MinNeighbour {
			res.MinNeighbour, res.Best, best = e, neighbours[j-1], j
		}
	}
	res.Gap = res.Energy - res.MinNeighbour

	scene := a.ev.Scene()
	rng := rand.New(rand.NewPCG(a.cfg.Seed, 0x9e3779b97f4a7c15))
	sectorW := make([]float64, scene.Units(fusion.LidarSectors))
	tileW := make([]float64, scene.Units(fusion.ImageTiles))
	gaps := make([]float64, a.cfg.Replicates)
	for b := range gaps {
		poissonWeights(rng, sectorW)
		poissonWeights(rng, tileW)
		gaps[b] = fusion.Total(terms, a.sums[0], sectorW, tileW) - fusion.Total(terms, a.sums[best], sectorW, tileW)
	}
	res.Spread = stddev(gaps)
	if res.Spread == 0 {
		return res, fmt.Errorf("drift: bootstrap spread is zero: the scene has too few resampling units with data")
	}
	res.Score = res.Gap / res.Spread
	res.Drifted = res.Score > a.cfg.Threshold
	for b := range gaps {
		gaps[b] /= res.Spread
	}
	res.ReplicateScores = gaps
	return res, nil
}

// poissonWeights fills w with independent Poisson(1) draws, the weights of
// the Poisson bootstrap.
func poissonWeights(rng *rand.Rand, w []float64) {
	const expMinus1 = 0.36787944117144233
	for i := range w {
		// Knuth's multiplication method, fast for a mean of 1.
		k, p := 0, rng.Float64()
		for p > expMinus1 {
			k++
			p *= rng.Float64()
		}
		w[i] = float64(k)
	}
}

func stddev(x []float64) float64 {
	var mean float64
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return math.Sqrt(ss / float64(len(x)-1))
}
