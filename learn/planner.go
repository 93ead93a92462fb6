package learn

import (
	"math"
	"sync"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/planner"
	"github.com/ebm-av/ebm_av/traj"
)

// addHead adds the head's energy of cands in cycle c to out.
func (m *Model) addHead(c *importer.Cycle, cands []traj.Trajectory, out []float64) error {
	e, err := m.headEnergy(&c.Ego, c.Grid, cands)
	if err != nil {
		return err
	}
	for i, v := range e {
		out[i] += v
	}
	return nil
}

func (m *Model) headEnergy(ego *traj.EgoState, grid *bev.Grid, cands []traj.Trajectory) ([]float64, error) {
	x, err := featuresOf(ego, grid, cands, m.Featurizer)
	if err != nil {
		return nil, err
	}
	e := make([]float64, len(cands))
	m.Energy(m.batchFeatures(x, len(cands)), e)
	return e, nil
}

// EnergyFunc returns the model's head as the planner's learned term. It
// reads the ego state and the BEV grid of the context; a grid without the
// bev.SceneChannels yields NaN energies, which the scorer rejects. Calls
// are serialised because the model keeps scratch memory.
func (m *Model) EnergyFunc() planner.EnergyFunc {
	var mu sync.Mutex
	return func(ctx *planner.Context, cands []traj.Trajectory, out []float64) {
		mu.Lock()
		defer mu.Unlock()
		e, err := m.headEnergy(&ctx.Ego, ctx.Grid, cands)
		if err != nil {
			for i := range out {
				out[i] = math.NaN()
			}
			return
		}
		copy(out, e)
	}
}

// PlannerParams returns p with the analytic term weights of m, the learned
// weight 1 and the model's temperature, so that a Scorer built with
// WithLearned(m.EnergyFunc()) computes the model's energy.
func (m *Model) PlannerParams(p planner.Params) planner.Params {
	p = withWeights(p, m.PlannerWeights())
	p.Learned.Weight = 1
	p.Temperature = m.Temperature
	p.TemperatureCalibrated = m.Temperature != 1
	return p
}
