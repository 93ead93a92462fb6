package train

import (
	"fmt"
	"math"

	"github.com/ebm-av/ebm_av/ebm"
)

// NCE is noise-contrastive estimation: logistic regression of data against
// samples from a known noise density q, with the logit
// s(x) = −E(x) − log q(x) − log ν, where ν is the number of noise samples per
// data sample. Its minimum is at the normalised density, E = −log p, so the
// model needs a free offset (for example a bias feature) to absorb log Z.
type NCE struct{}

// Step evaluates m on the data and noise batches, adds the gradient of the
// loss (summed over noise, averaged over data) to grad and returns the loss.
// logQData and logQNoise hold log q at every data and noise sample.
func (NCE) Step(m Model, data, noise ebm.Batch, logQData, logQNoise, grad []float64) float64 {
	if len(logQData) != data.Len() || len(logQNoise) != noise.Len() {
		panic(fmt.Sprintf("train: NCE needs log q for %d data and %d noise samples, have %d and %d",
			data.Len(), noise.Len(), len(logQData), len(logQNoise)))
	}
	logNu := math.Log(float64(noise.Len()) / float64(data.Len()))
	inv := 1 / float64(data.Len())
	var loss float64

	e := make([]float64, data.Len())
	dE := make([]float64, data.Len())
	m.Energy(data, e)
	for n := range e {
		s := -e[n] - logQData[n] - logNu
		loss += softplus(-s) // −log σ(s)
		dE[n] = sigmoid(-s) * inv
	}
	m.ParamGrad(data, dE, grad)

	e = make([]float64, noise.Len())
	dE = make([]float64, noise.Len())
	m.Energy(noise, e)
	for n := range e {
		s := -e[n] - logQNoise[n] - logNu
		loss += softplus(s) // −log(1 − σ(s))
		dE[n] = -sigmoid(s) * inv
	}
	m.ParamGrad(noise, dE, grad)
	return loss * inv
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func softplus(x float64) float64 { return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x))) }
