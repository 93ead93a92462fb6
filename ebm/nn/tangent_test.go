package nn

import (
	"math/rand/v2"
	"testing"

	"github.com/ebm-av/ebm_av/ebm/internal/gradcheck"
	"github.com/stretchr/testify/assert"
)

func TestDirectionalParamGrad(t *testing.T) {
	const rows = 4
	for _, act := range []Activation{Identity, Tanh, Softplus, SiLU, ReLU} {
		t.Run(act.String(), func(t *testing.T) {
			m := randomMLP(9, []int{3, 6, 5, 1}, []Activation{act, act, Identity})
			rng := rand.New(rand.NewPCG(10, 11))
			draw := func(n int) []float64 {
				v := make([]float64, n)
				for i := range v {
					v[i] = rng.NormFloat64()
				}
				return v
			}
			x, xDot, w := draw(rows*3), draw(rows*3), draw(rows)
			ws := m.NewTangentWorkspace(rows)
			hDot := make([]float64, rows)
			dParams := make([]float64, len(m.Params))
			m.DirectionalParamGrad(ws, x, xDot, rows, w, hDot, dParams)

			// ḣ against the central difference of h along ẋ.
			fws := m.NewWorkspace(rows)
			out := make([]float64, rows)
			along := func(eps float64) []float64 {
				shifted := make([]float64, len(x))
				for i := range x {
					shifted[i] = x[i] + eps*xDot[i]
				}
				m.Forward(fws, shifted, rows, out)
				return append([]float64(nil), out...)
			}
			plus, minus := along(gradcheck.Step), along(-gradcheck.Step)
			numDot := make([]float64, rows)
			for r := range rows {
				numDot[r] = (plus[r] - minus[r]) / (2 * gradcheck.Step)
			}
			assert.Less(t, gradcheck.RelativeError(hDot, numDot), 1e-5, "directional derivative")

			// ∂/∂θ Σ w_r ḣ_r against central differences over θ.
			weighted := func([]float64) float64 {
				h := make([]float64, rows)
				m.DirectionalParamGrad(m.NewTangentWorkspace(rows), x, xDot, rows, w, h, make([]float64, len(m.Params)))
				var s float64
				for r, v := range h {
					s += w[r] * v
				}
				return s
			}
			rel := gradcheck.RelativeError(dParams, gradcheck.Numeric(weighted, m.Params))
			t.Logf("relative error %.2e", rel)
			assert.Less(t, rel, 1e-5)
		})
	}
}
