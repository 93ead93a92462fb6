package ebm_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/ebm-av/ebm_av/ebm"
	"github.com/ebm-av/ebm_av/ebm/infer"
	"github.com/ebm-av/ebm_av/ebm/metrics"
	"github.com/ebm-av/ebm_av/ebm/nn"
	"github.com/ebm-av/ebm_av/ebm/train"
)

// Example trains an energy over 2-D points to rank the point nearest a goal
// first, using the softmax ranking loss, then uses it for inference: once
// over a finite candidate set and once with the cross-entropy method.
func Example() {
	rng := rand.New(rand.NewPCG(1, 2))
	goal := []float64{1, -1}
	distance := func(p []float64) float64 { return math.Hypot(p[0]-goal[0], p[1]-goal[1]) }

	// Sets of 8 random candidates; the positive is the one nearest the goal.
	const sets, candidates = 256, 8
	x := make([]float64, sets*candidates*2)
	for i := range x {
		x[i] = 2 * rng.NormFloat64()
	}
	batch := ebm.NewBatch(sets, candidates, 2, x)
	positives := make([]int, sets)
	for i := range positives {
		d := make([]float64, candidates)
		for k := range d {
			d[k] = distance(batch.Candidate(i, k))
		}
		positives[i] = ebm.Argmin(d)
	}

	// A 2→32→1 MLP energy trained with Adam for 200 full-batch steps.
	head := nn.NewMLP([]int{2, 32, 1}, []nn.Activation{nn.SiLU, nn.Identity})
	head.Init(rng)
	energy, err := nn.NewVectorEnergy(head)
	if err != nil {
		panic(err)
	}
	adam := &train.Adam{LearningRate: 0.02}
	grad := make([]float64, len(energy.Params()))
	for range 200 {
		clear(grad)
		train.RankingStep(energy, train.Softmax{Temperature: 1}, batch, positives, grad)
		adam.Step(energy.Params(), grad)
	}
	e := make([]float64, batch.Len())
	energy.Energy(batch, e)
	fmt.Printf("training top-1 accuracy ≥ 0.95: %v\n", metrics.TopKAccuracy(e, candidates, positives, 1) >= 0.95)

	// Inference over a finite set, selected by name as a node would.
	enumerate, err := infer.New(infer.Config{Method: "enumerate"})
	if err != nil {
		panic(err)
	}
	res, err := enumerate.Infer(infer.Problem{Energy: energy, Candidates: []float64{-2, 2, 0.8, -0.7, 3, 0}}, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println("enumerate picks candidate", res.Index)

	// Continuous inference with the cross-entropy method.
	cem, err := infer.New(infer.Config{Method: "cem", Steps: 30, Samples: 200, InitStd: 2})
	if err != nil {
		panic(err)
	}
	res, err = cem.Infer(infer.Problem{Energy: energy, Init: []float64{0, 0}}, rand.New(rand.NewPCG(3, 4)))
	if err != nil {
		panic(err)
	}
	fmt.Printf("cem lands within 0.5 m of the goal: %v\n", distance(res.X) < 0.5)
	// Output:
	// training top-1 accuracy ≥ 0.95: true
	// enumerate picks candidate 1
	// cem lands within 0.5 m of the goal: true
}
