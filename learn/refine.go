package learn

import (
	"fmt"
	"math"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/ebm"
	"github.com/ebm-av/ebm_av/ebm/infer"
	"github.com/ebm-av/ebm_av/ebm/negatives"
	"github.com/ebm-av/ebm_av/ebm/nn"
	"github.com/ebm-av/ebm_av/planner"
	"github.com/ebm-av/ebm_av/traj"
)

// RefineOptions configures Refine.
type RefineOptions struct {
	// Steps and StepSize configure projected gradient descent. Defaults 20
	// and 0.05.
	Steps    int
	StepSize float64
	// MaxOffset bounds the displacement of every knot from the candidate
	// in x and y, m. Default 1.
	MaxOffset float64
	// MaxOffsetChange bounds the change of the displacement between
	// consecutive knots, m, which bounds the added speed by
	// MaxOffsetChange/Interval. Default 0.25.
	MaxOffsetChange float64
	// Gate checks the refined trajectory; a rejected refinement returns
	// the candidate unchanged. The zero value means planner.DefaultParams().Gate.
	Gate planner.GateParams
}

func (o *RefineOptions) defaults() {
	if o.Steps == 0 {
		o.Steps = 20
	}
	if o.StepSize == 0 {
		o.StepSize = 0.05
	}
	if o.MaxOffset == 0 {
		o.MaxOffset = 1
	}
	if o.MaxOffsetChange == 0 {
		o.MaxOffsetChange = 0.25
	}
	if o.Gate == (planner.GateParams{}) {
		o.Gate = planner.DefaultParams().Gate
	}
}

// Refine moves candidate cand of context ctx down the model's head energy
// by projected gradient descent over displacements of its points at the
// featurizer's knots (every Interval seconds, interpolated linearly in
// between and zero at the start). The projection bounds each displacement
// and its change between knots; the planner's gate then checks the
// vehicle limits (curvature, acceleration, jerk, collision) of the result.
// It returns the refined trajectory and whether the gate accepted it;
// when it did not, the trajectory is cand. Gradients are central finite
// differences of the head energy, 4·Steps evaluations of one candidate
// each.
func (m *Model) Refine(ctx *planner.Context, cand traj.Trajectory, opts RefineOptions) (traj.Trajectory, bool, error) {
	opts.defaults()
	if len(cand.Points) < 2 {
		return cand, false, fmt.Errorf("learn: refine: candidate has %d points: need 2", len(cand.Points))
	}
	var smp *nn.BEVSampler
	if ctx.Grid != nil {
		var err error
		if smp, err = nn.NewBEVSampler(ctx.Grid, bev.SceneChannels...); err != nil {
			return cand, false, fmt.Errorf("learn: refine: %w", err)
		}
	}
	e := &offsetEnergy{m: m, ego: ctx.Ego, smp: smp, base: cand}
	project := func(x []float64) {
		k := len(x) / 2
		for c := range 2 {
			prev := 0.0
			for i := range k {
				v := &x[2*i+c]
				*v = math.Max(-opts.MaxOffset, math.Min(opts.MaxOffset, *v))
				*v = math.Max(prev-opts.MaxOffsetChange, math.Min(prev+opts.MaxOffsetChange, *v))
				prev = *v
			}
		}
	}
	solver, err := infer.New(infer.Config{Method: "pgd", Steps: opts.Steps, StepSize: opts.StepSize, Tolerance: 1e-4})
	if err != nil {
		return cand, false, fmt.Errorf("learn: refine: %w", err)
	}
	res, err := solver.Infer(infer.Problem{Energy: e, Init: make([]float64, e.Dim()), Project: project}, nil)
	if err != nil {
		return cand, false, fmt.Errorf("learn: refine: %w", err)
	}
	refined := e.apply(res.X)
	gate := planner.NewGate(opts.Gate)
	feasible := []bool{false}
	rejections := []planner.Rejection{{}}
	ctx.Reset()
	gate.Check(ctx, []traj.Trajectory{refined}, feasible, rejections)
	ctx.Reset()
	if !feasible[0] {
		return cand, false, nil
	}
	return refined, true, nil
}

// offsetEnergy is the head energy of a base trajectory displaced at the
// featurizer's knots, as a function of the displacements [knots][2].
type offsetEnergy struct {
	m    *Model
	ego  traj.EgoState
	smp  *nn.BEVSampler
	base traj.Trajectory
	feat []float64
}

func (e *offsetEnergy) Dim() int { return 2 * e.m.Featurizer.Steps }

// apply returns the base trajectory displaced by x, with yaw, speed,
// acceleration and curvature recomputed by finite differences.
func (e *offsetEnergy) apply(x []float64) traj.Trajectory {
	f := e.m.Featurizer
	t0 := e.base.Points[0].T
	out := traj.Trajectory{Points: append([]traj.Point(nil), e.base.Points...)}
	for i := range out.Points {
		p := &out.Points[i]
		u := (p.T - t0) / f.Interval // knot coordinate, knot k at u = k+1
		k := int(math.Floor(u))
		var dx, dy float64
		switch {
		case k >= f.Steps:
			dx, dy = x[2*(f.Steps-1)], x[2*(f.Steps-1)+1]
		default:
			var ax, ay float64
			if k > 0 {
				ax, ay = x[2*(k-1)], x[2*(k-1)+1]
			}
			bx, by := x[2*min(k, f.Steps-1)], x[2*min(k, f.Steps-1)+1]
			w := u - float64(k)
			dx, dy = ax+w*(bx-ax), ay+w*(by-ay)
		}
		p.X += dx
		p.Y += dy
	}
	negatives.Recompute(out)
	return out
}

func (e *offsetEnergy) energy(x []float64) float64 {
	d := e.m.Featurizer.Dim()
	e.feat = grow(e.feat, d)
	e.m.Featurizer.Features(e.ego, e.smp, e.apply(x), e.feat)
	out := []float64{0}
	e.m.Energy(e.m.batchFeatures(e.feat, 1), out)
	return out[0]
}

// Energy implements ebm.Energy.
func (e *offsetEnergy) Energy(b ebm.Batch, out []float64) {
	for n := range b.Len() {
		out[n] = e.energy(b.X[n*b.Dim : (n+1)*b.Dim])
	}
}

// EnergyGrad implements ebm.Differentiable by central differences with a
// 1 cm step.
func (e *offsetEnergy) EnergyGrad(b ebm.Batch, out, grad []float64) {
	const h = 0.01
	for n := range b.Len() {
		x := b.X[n*b.Dim : (n+1)*b.Dim]
		out[n] = e.energy(x)
		g := grad[n*b.Dim : (n+1)*b.Dim]
		for i := range x {
			v := x[i]
			x[i] = v + h
			up := e.energy(x)
			x[i] = v - h
			down := e.energy(x)
			x[i] = v
			g[i] = (up - down) / (2 * h)
		}
	}
}
