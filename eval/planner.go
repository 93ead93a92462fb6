// Package eval computes the evaluation metrics of replayed runs: ranking of
// the candidate nearest to the human future, displacement errors of the
// selection, collision rates against recorded obstacles, energy gaps and
// latency, per scenario and in total.
package eval

import (
	"math"
	"sort"

	"github.com/ebm-av/ebm_av/traj"
)

// Cycle is one planning cycle as recorded by a replay.
type Cycle struct {
	Stamp      int64 // ns
	Candidates []traj.Trajectory
	Energy     []float64 // total energy per candidate
	Feasible   []bool    // hard gate result per candidate
	Selected   int       // index of the selected candidate, -1 for the fallback
	Human      traj.Trajectory
	Obstacles  []traj.Obstacle // recorded futures, times relative to the cycle start
	Ego        traj.EgoState
	Latency    float64 // s spent scoring the candidate batch; NaN when unknown
}

// CollisionFunc reports whether the ego footprint following t overlaps any
// obstacle.
type CollisionFunc func(ego traj.EgoState, t traj.Trajectory, obstacles []traj.Obstacle) bool

// PlannerMetrics are the open-loop metrics of one scenario or of a total.
// Rates are fractions in [0, 1]; distances in m; latencies in ms.
type PlannerMetrics struct {
	Scenario          string  `json:"scenario"`
	Cycles            int     `json:"cycles"`
	CyclesWithHuman   int     `json:"cycles_with_human"`
	Top1              float64 `json:"top1_rate"`
	Top5              float64 `json:"top5_rate"`
	ADE               float64 `json:"ade_m"`
	FDE               float64 `json:"fde_m"`
	Horizon           float64 `json:"mean_human_horizon_s"`
	CollisionGateOn   float64 `json:"collision_rate_gate_on"`
	CollisionGateOff  float64 `json:"collision_rate_gate_off"`
	EnergyGap         float64 `json:"energy_gap"`
	FallbackRate      float64 `json:"fallback_rate"`
	LatencyP50        float64 `json:"latency_p50_ms"`
	LatencyP99        float64 `json:"latency_p99_ms"`
	LatencyPerCandNs  float64 `json:"latency_per_candidate_ns"`
	LatencySamples    int     `json:"latency_samples"` // cycles with a measured latency; latencies are 0 without any
	MeanCandidates    float64 `json:"mean_candidates"`
	latencies         []float64
	candidateLatency  []float64
	collisionSamples  int
	collisionOnCount  int
	collisionOffCount int
}

// EvaluatePlanner computes the metrics of one scenario's cycles.
func EvaluatePlanner(scenario string, cycles []Cycle, collides CollisionFunc) PlannerMetrics {
	m := PlannerMetrics{Scenario: scenario, Cycles: len(cycles)}
	var top1, top5, ade, fde, horizon, gap, fallback, cands float64
	for i := range cycles {
		c := &cycles[i]
		cands += float64(len(c.Candidates))
		if c.Selected < 0 {
			fallback++
		}
		if !math.IsNaN(c.Latency) && c.Latency > 0 {
			m.latencies = append(m.latencies, c.Latency*1e3)
			if len(c.Candidates) > 0 {
				m.candidateLatency = append(m.candidateLatency, c.Latency*1e9/float64(len(c.Candidates)))
			}
		}
		selected := SelectedTrajectory(c)
		if len(c.Obstacles) > 0 && collides != nil {
			m.collisionSamples++
			if collides(c.Ego, selected, c.Obstacles) {
				m.collisionOnCount++
			}
			if best := argmin(c.Energy, nil); best >= 0 && collides(c.Ego, c.Candidates[best], c.Obstacles) {
				m.collisionOffCount++
			}
		}
		if len(c.Human.Points) < 2 || len(c.Candidates) == 0 {
			continue
		}
		m.CyclesWithHuman++
		nearest := NearestCandidate(c.Candidates, c.Human)
		rank := Rank(c.Energy, nearest)
		if rank == 0 {
			top1++
		}
		if rank < 5 {
			top5++
		}
		a, f, h := Displacement(selected, c.Human)
		ade += a
		fde += f
		horizon += h
		gap += EnergyGap(c.Energy, nearest)
	}
	if m.Cycles > 0 {
		m.FallbackRate = fallback / float64(m.Cycles)
		m.MeanCandidates = cands / float64(m.Cycles)
	}
	if n := float64(m.CyclesWithHuman); n > 0 {
		m.Top1, m.Top5 = top1/n, top5/n
		m.ADE, m.FDE, m.Horizon = ade/n, fde/n, horizon/n
		m.EnergyGap = gap / n
	}
	m.finish()
	return m
}

func (m *PlannerMetrics) finish() {
	if m.collisionSamples > 0 {
		m.CollisionGateOn = float64(m.collisionOnCount) / float64(m.collisionSamples)
		m.CollisionGateOff = float64(m.collisionOffCount) / float64(m.collisionSamples)
	}
	m.LatencySamples = len(m.latencies)
	if len(m.latencies) > 0 {
		m.LatencyP50 = Percentile(m.latencies, 50)
		m.LatencyP99 = Percentile(m.latencies, 99)
		m.LatencyPerCandNs = Percentile(m.candidateLatency, 50)
	}
}

// TotalPlanner pools per-scenario metrics: rates and means weighted by the
// cycles they were computed over, latency percentiles over all cycles.
func TotalPlanner(parts []PlannerMetrics) PlannerMetrics {
	t := PlannerMetrics{Scenario: "total"}
	var top1, top5, ade, fde, horizon, gap, fallback, cands float64
	for _, p := range parts {
		t.Cycles += p.Cycles
		t.CyclesWithHuman += p.CyclesWithHuman
		w := float64(p.CyclesWithHuman)
		top1 += p.Top1 * w
		top5 += p.Top5 * w
		ade += p.ADE * w
		fde += p.FDE * w
		horizon += p.Horizon * w
		gap += p.EnergyGap * w
		fallback += p.FallbackRate * float64(p.Cycles)
		cands += p.MeanCandidates * float64(p.Cycles)
		t.latencies = append(t.latencies, p.latencies...)
		t.candidateLatency = append(t.candidateLatency, p.candidateLatency...)
		t.collisionSamples += p.collisionSamples
		t.collisionOnCount += p.collisionOnCount
		t.collisionOffCount += p.collisionOffCount
	}
	if n := float64(t.CyclesWithHuman); n > 0 {
		t.Top1, t.Top5 = top1/n, top5/n
		t.ADE, t.FDE, t.Horizon = ade/n, fde/n, horizon/n
		t.EnergyGap = gap / n
	}
	if t.Cycles > 0 {
		t.FallbackRate = fallback / float64(t.Cycles)
		t.MeanCandidates = cands / float64(t.Cycles)
	}
	t.finish()
	return t
}

// SelectedTrajectory returns the candidate the cycle selected, or a standstill
// at the ego position for the fallback.
func SelectedTrajectory(c *Cycle) traj.Trajectory {
	if c.Selected >= 0 && c.Selected < len(c.Candidates) {
		return c.Candidates[c.Selected]
	}
	if len(c.Candidates) == 0 {
		return traj.Trajectory{}
	}
	ref := c.Candidates[0].Points
	pts := make([]traj.Point, len(ref))
	for i := range ref {
		pts[i] = traj.Point{T: ref[i].T, X: c.Ego.X, Y: c.Ego.Y, Yaw: c.Ego.Yaw}
	}
	return traj.Trajectory{Points: pts}
}

// NearestCandidate returns the index of the candidate with the smallest
// average displacement from human over the horizon human covers.
func NearestCandidate(cands []traj.Trajectory, human traj.Trajectory) int {
	best, bestADE := -1, math.Inf(1)
	for i, c := range cands {
		a, _, _ := Displacement(c, human)
		if a < bestADE {
			best, bestADE = i, a
		}
	}
	return best
}

// Displacement returns the average and final displacement errors of t
// against ref, comparing t interpolated at ref's times within both
// horizons, and the horizon compared (s). Times are relative to each
// trajectory's first point.
func Displacement(t, ref traj.Trajectory) (ade, fde, horizon float64) {
	if len(t.Points) < 2 || len(ref.Points) == 0 {
		return math.Inf(1), math.Inf(1), 0
	}
	t0, r0 := t.Points[0].T, ref.Points[0].T
	end := t.Points[len(t.Points)-1].T - t0
	var sum float64
	n := 0
	for _, p := range ref.Points {
		rt := p.T - r0
		if rt > end+1e-9 {
			break
		}
		x, y := interpolateXY(t, t0+rt)
		d := math.Hypot(x-p.X, y-p.Y)
		sum += d
		fde = d
		horizon = rt
		n++
	}
	if n == 0 {
		return math.Inf(1), math.Inf(1), 0
	}
	return sum / float64(n), fde, horizon
}

func interpolateXY(t traj.Trajectory, at float64) (x, y float64) {
	pts := t.Points
	i := sort.Search(len(pts), func(i int) bool { return pts[i].T >= at })
	switch {
	case i == 0:
		return pts[0].X, pts[0].Y
	case i >= len(pts):
		return pts[len(pts)-1].X, pts[len(pts)-1].Y
	}
	a, b := pts[i-1], pts[i]
	u := (at - a.T) / (b.T - a.T)
	return a.X + u*(b.X-a.X), a.Y + u*(b.Y-a.Y)
}

// Rank returns the 0-based position of candidate k when all candidates are
// sorted by ascending energy; ties count against k.
func Rank(energy []float64, k int) int {
	if k < 0 || k >= len(energy) {
		return len(energy)
	}
	r := 0
	for i, e := range energy {
		if i != k && e <= energy[k] {
			r++
		}
	}
	return r
}

// EnergyGap returns the mean energy of the other candidates minus the energy
// of candidate k; positive means k is preferred.
func EnergyGap(energy []float64, k int) float64 {
	if k < 0 || k >= len(energy) || len(energy) < 2 {
		return 0
	}
	var sum float64
	for i, e := range energy {
		if i != k {
			sum += e
		}
	}
	return sum/float64(len(energy)-1) - energy[k]
}

// Percentile returns the p-th percentile (0–100) of xs by linear
// interpolation between order statistics, or NaN for no values.
func Percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	pos := p / 100 * float64(len(s)-1)
	lo := int(math.Floor(pos))
	hi := int(math.Ceil(pos))
	return s[lo] + (pos-float64(lo))*(s[hi]-s[lo])
}

func argmin(xs []float64, mask []bool) int {
	best := -1
	for i, x := range xs {
		if mask != nil && !mask[i] {
			continue
		}
		if best < 0 || x < xs[best] {
			best = i
		}
	}
	return best
}
