package learn

import (
	"fmt"
	"math"
	"strings"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/commonroad"
	"github.com/ebm-av/ebm_av/ebm/nn"
	"github.com/ebm-av/ebm_av/eval"
	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/sampler"
	"github.com/ebm-av/ebm_av/traj"
)

// ClosedLoopOptions configures a non-reactive closed-loop run: the ego
// executes its selection for one re-planning interval, then plans again
// from the state it reached, while the other vehicles follow their
// recordings.
type ClosedLoopOptions struct {
	Interval float64 // re-planning interval, s; default 1
	Duration float64 // length of a run, s; default 8
	// Experts caps the runs per scenario, each from the first state of a
	// different recorded vehicle. Default 3.
	Experts int
}

func (o *ClosedLoopOptions) defaults() {
	if o.Interval == 0 {
		o.Interval = 1
	}
	if o.Duration == 0 {
		o.Duration = 8
	}
	if o.Experts == 0 {
		o.Experts = 3
	}
}

// ClosedLoopRun is the outcome of one method on one expert's start.
type ClosedLoopRun struct {
	Method, Scenario string
	Expert           int
	Steps            int
	Collision        bool    // the ego overlapped a recorded obstacle
	OffRoadSteps     int     // intervals in which the ego centre left the drivable area
	Fallbacks        int     // cycles in which the gate passed no candidate
	Progress         float64 // distance driven, m
	HumanProgress    float64 // distance the recorded vehicle drove in the same time, m
	MaxLateralAccel  float64 // max |v²κ| over the executed trajectory, m/s²
	MaxDeceleration  float64 // max −a, m/s²
	RMSJerk          float64 // m/s³
}

// ClosedLoopSite runs every method from the starts of up to opts.Experts
// recorded vehicles in each scenario of site under root.
func ClosedLoopSite(methods []Method, root, site string, experts ExpertOptions, opts ClosedLoopOptions) ([]ClosedLoopRun, error) {
	opts.defaults()
	dir, err := siteDir(root, site)
	if err != nil {
		return nil, err
	}
	files, err := ScenarioFiles(dir)
	if err != nil {
		return nil, err
	}
	experts.MaxExperts, experts.MaxCycles, experts.MinFuture = opts.Experts, 1, opts.Duration
	var runs []ClosedLoopRun
	for _, f := range files {
		starts, err := LoadScenario(site, f, experts)
		if err != nil {
			return nil, err
		}
		sc, err := commonroad.ParseScenarioFile(f)
		if err != nil {
			return nil, err
		}
		smp, err := sampler.New(experts.Importer.Sampler)
		if err != nil {
			return nil, fmt.Errorf("learn: %w", err)
		}
		for i := range starts {
			for _, m := range methods {
				r, err := closedLoopRun(m, sc, &starts[i], smp, experts.Importer, opts)
				if err != nil {
					return nil, err
				}
				runs = append(runs, r)
			}
		}
	}
	return runs, nil
}

func closedLoopRun(m Method, sc *commonroad.Scenario, start *Sample, smp *sampler.Sampler, importOpts importer.CommonRoadOptions, opts ClosedLoopOptions) (ClosedLoopRun, error) {
	r := ClosedLoopRun{Method: m.Name, Scenario: start.Scenario, Expert: start.Expert}
	r.HumanProgress = pathLength(start.Human, opts.Duration)
	terms, err := newTermEvaluator()
	if err != nil {
		return r, err
	}
	state, tc := start.Ego, start.Time
	var jerkSq float64
	var jerkN int
	for step := 0; float64(step)*opts.Interval < opts.Duration-1e-9; step++ {
		c, err := importer.StateCycle(sc, state, start.Expert, tc, smp, importOpts)
		if err != nil {
			return r, err
		}
		if len(c.Candidates) == 0 {
			break
		}
		e, feasible, err := methodEnergy(terms, m, &c)
		if err != nil {
			return r, err
		}
		sel := argminWhere(e, feasible)
		if sel < 0 {
			r.Fallbacks++
			sel = argminWhere(e, nil)
		}
		exec := executed(c.Candidates[sel], opts.Interval)
		r.Steps++
		if eval.Collides(state, exec, c.Recorded) {
			r.Collision = true
		}
		if offRoad(c.Grid, exec) {
			r.OffRoadSteps++
		}
		r.Progress += pathLength(exec, opts.Interval)
		for k, p := range exec.Points {
			r.MaxLateralAccel = math.Max(r.MaxLateralAccel, math.Abs(p.V*p.V*p.Kappa))
			r.MaxDeceleration = math.Max(r.MaxDeceleration, -p.A)
			if k > 0 {
				j := (p.A - exec.Points[k-1].A) / (p.T - exec.Points[k-1].T)
				jerkSq += j * j
				jerkN++
			}
		}
		end := exec.Points[len(exec.Points)-1]
		state = traj.EgoState{X: end.X, Y: end.Y, Yaw: end.Yaw, V: end.V, A: end.A, YawRate: end.V * end.Kappa,
			Length: state.Length, Width: state.Width}
		tc += opts.Interval
	}
	if jerkN > 0 {
		r.RMSJerk = math.Sqrt(jerkSq / float64(jerkN))
	}
	return r, nil
}

// methodEnergy returns the energies method m assigns to the candidates of
// c and the gate's verdicts.
func methodEnergy(terms *termEvaluator, m Method, c *importer.Cycle) ([]float64, []bool, error) {
	na := len(AnalyticTerms)
	n := len(c.Candidates)
	raw := make([]float64, n*na)
	if err := terms.Evaluate(c, c.Candidates, raw); err != nil {
		return nil, nil, err
	}
	feasible := append([]bool(nil), terms.res.Feasible...)
	e := make([]float64, n)
	for i := range n {
		for j, w := range m.Weights {
			e[i] += w * raw[i*na+j]
		}
	}
	if m.Model != nil {
		if err := m.Model.addHead(c, c.Candidates, e); err != nil {
			return nil, nil, err
		}
	}
	return e, feasible, nil
}

func argminWhere(e []float64, mask []bool) int {
	best := -1
	for i, v := range e {
		if (mask == nil || mask[i]) && (best < 0 || v < e[best]) {
			best = i
		}
	}
	return best
}

// executed returns the part of t up to time interval after its start.
func executed(t traj.Trajectory, interval float64) traj.Trajectory {
	t0 := t.Points[0].T
	n := 1
	for n < len(t.Points) && t.Points[n].T-t0 <= interval+1e-9 {
		n++
	}
	return traj.Trajectory{Points: t.Points[:n]}
}

// pathLength returns the distance along t within duration of its start.
func pathLength(t traj.Trajectory, duration float64) float64 {
	var d float64
	for k := 1; k < len(t.Points); k++ {
		if t.Points[k].T-t.Points[0].T > duration+1e-9 {
			break
		}
		d += math.Hypot(t.Points[k].X-t.Points[k-1].X, t.Points[k].Y-t.Points[k-1].Y)
	}
	return d
}

// offRoad reports whether a point of t lies where the BEV drivable-area
// channel is below 0.5. Points outside the grid count as on the road.
func offRoad(g *bev.Grid, t traj.Trajectory) bool {
	if g == nil {
		return false
	}
	s, err := nn.NewBEVSampler(g, bev.ChannelDrivable)
	if err != nil {
		return false
	}
	v := []float64{0}
	for _, p := range t.Points {
		col, row := g.ToGrid(p.X, p.Y)
		if col < 0 || row < 0 || col >= float64(g.Width) || row >= float64(g.Height) {
			continue
		}
		s.Sample(p.X, p.Y, v, nil, nil)
		if v[0] < 0.5 {
			return true
		}
	}
	return false
}

// ClosedLoopSummary pools the runs of one method.
type ClosedLoopSummary struct {
	Method                                    string
	Runs                                      int
	CollisionRate, OffRoadRate, FallbackRate  float64 // per run, per interval, per cycle
	ProgressRatio                             float64 // mean of Progress/HumanProgress
	MaxLateralAccel, MaxDeceleration, RMSJerk float64 // means over runs
}

// SummariseClosedLoop pools runs per method, in the order methods first
// appear.
func SummariseClosedLoop(runs []ClosedLoopRun) []ClosedLoopSummary {
	var out []ClosedLoopSummary
	index := map[string]int{}
	steps := map[string]int{}
	for _, r := range runs {
		i, ok := index[r.Method]
		if !ok {
			i = len(out)
			index[r.Method] = i
			out = append(out, ClosedLoopSummary{Method: r.Method})
		}
		s := &out[i]
		s.Runs++
		steps[r.Method] += r.Steps
		if r.Collision {
			s.CollisionRate++
		}
		s.OffRoadRate += float64(r.OffRoadSteps)
		s.FallbackRate += float64(r.Fallbacks)
		if r.HumanProgress > 1 {
			s.ProgressRatio += r.Progress / r.HumanProgress
		}
		s.MaxLateralAccel += r.MaxLateralAccel
		s.MaxDeceleration += r.MaxDeceleration
		s.RMSJerk += r.RMSJerk
	}
	for i := range out {
		s := &out[i]
		n := float64(s.Runs)
		st := math.Max(float64(steps[s.Method]), 1)
		s.CollisionRate /= n
		s.OffRoadRate /= st
		s.FallbackRate /= st
		s.ProgressRatio /= n
		s.MaxLateralAccel /= n
		s.MaxDeceleration /= n
		s.RMSJerk /= n
	}
	return out
}

// WriteClosedLoop writes the closed-loop summaries of a held-out site as a
// Markdown table.
func WriteClosedLoop(b *strings.Builder, site string, sums []ClosedLoopSummary) {
	for _, s := range sums {
		fmt.Fprintf(b, "| %s | %s | %d | %.3f | %.3f | %.3f | %.2f | %.2f | %.2f | %.2f |\n", site, s.Method, s.Runs,
			s.CollisionRate, s.OffRoadRate, s.FallbackRate, s.ProgressRatio, s.MaxLateralAccel, s.MaxDeceleration, s.RMSJerk)
	}
}

// ClosedLoopHeader is the header of the WriteClosedLoop table.
const ClosedLoopHeader = "| held-out site | method | runs | collision rate (runs) | off-road rate (intervals) | fallback rate | progress / human | max lateral accel (m/s²) | max deceleration (m/s²) | RMS jerk (m/s³) |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
