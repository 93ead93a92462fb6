package importer

import (
	"math"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/commonroad"
	"github.com/ebm-av/ebm_av/lanemap"
	"github.com/ebm-av/ebm_av/sampler"
	"github.com/ebm-av/ebm_av/traj"
)

// cycle is everything the importer writes for one planning cycle. Times of
// predictions, recorded futures, the human future and candidates are
// relative to the cycle start.
type cycle struct {
	ego        traj.EgoState
	candidates []traj.Trajectory
	predicted  []traj.Obstacle
	recorded   []traj.Obstacle
	human      traj.Trajectory
	lanes      lanemap.Map
	grid       *bev.Grid
	gridDT     float64
	occupancy  *occupancyCycle // nil when not imported or the scene has none at this cycle
}

func buildCycle(sc *commonroad.Scenario, ego egoTrack, obstacles []traj.Obstacle, tc, dt float64, smp *sampler.Sampler, opts CommonRoadOptions) (*cycle, error) {
	so := smp.Options()
	p := sampleTrack(ego.track, tc)
	c := &cycle{gridDT: so.DT}
	c.ego = traj.EgoState{X: p.X, Y: p.Y, Yaw: p.Yaw, V: p.V, A: p.A, YawRate: p.V * p.Kappa,
		Length: ego.length, Width: ego.width}

	ahead := math.Max(c.ego.V, 0)*so.Horizon + 60
	ref, err := sampler.NewReference(referenceLine(sc, c.ego, ahead))
	if err != nil {
		return nil, err
	}
	cands, err := smp.Sample(c.ego, ref)
	if err != nil {
		return nil, err
	}
	c.candidates = make([]traj.Trajectory, len(cands))
	for i := range cands {
		c.candidates[i] = cands[i].Trajectory
	}

	steps := int(math.Round(so.Horizon/so.DT)) + 1
	for i := range obstacles {
		o := &obstacles[i]
		if pred, ok := predictConstantVelocity(o, tc, so.DT, steps, opts); ok {
			c.predicted = append(c.predicted, pred)
		}
		if rec, ok := resampleRecorded(o, tc, so.DT, steps); ok {
			c.recorded = append(c.recorded, rec)
		}
	}
	if len(ego.track.Points) > 1 {
		c.human = resampleTrack(ego.track, tc, so.DT, steps)
	}

	k := int(math.Round(tc / dt))
	c.lanes = sc.LaneMap(k)
	c.grid, err = bev.NewEgoGrid(c.ego, opts.BEV)
	if err != nil {
		return nil, err
	}
	if err := bev.RasterizeScene(c.grid, c.lanes.Lanes, obstacles, tc); err != nil {
		return nil, err
	}
	return c, nil
}

// predictConstantVelocity extrapolates the obstacle's state at tc along its
// heading at constant speed, with a position uncertainty growing linearly
// in time. It reports false when the obstacle has no state at tc.
func predictConstantVelocity(o *traj.Obstacle, tc, dt float64, steps int, opts CommonRoadOptions) (traj.Obstacle, bool) {
	s0, ok := o.StateAt(tc)
	if !ok {
		return traj.Obstacle{}, false
	}
	out := *o
	out.States = make([]traj.ObstacleState, steps)
	sin, cos := math.Sincos(s0.Yaw)
	for k := range out.States {
		t := float64(k) * dt
		out.States[k] = traj.ObstacleState{
			T: t, X: s0.X + s0.V*t*cos, Y: s0.Y + s0.V*t*sin, Yaw: s0.Yaw, V: s0.V,
			StdDev: opts.PredictionStdDev + opts.PredictionStdDevGrowth*t,
		}
	}
	return out, true
}

// resampleRecorded returns the obstacle's recorded states on the cycle's
// grid, from the first grid time at which it exists to the last of the
// following run of grid times at which it exists.
func resampleRecorded(o *traj.Obstacle, tc, dt float64, steps int) (traj.Obstacle, bool) {
	out := *o
	out.States = nil
	for k := 0; k < steps; k++ {
		t := float64(k) * dt
		s, ok := o.StateAt(tc + t)
		if !ok {
			if len(out.States) > 0 {
				break
			}
			continue
		}
		s.T = t
		out.States = append(out.States, s)
	}
	return out, len(out.States) > 0
}

// resampleTrack samples t from tc on a grid of dt for at most steps points,
// stopping where the track ends.
func resampleTrack(t traj.Trajectory, tc, dt float64, steps int) traj.Trajectory {
	end := t.Points[len(t.Points)-1].T
	var out traj.Trajectory
	for k := 0; k < steps; k++ {
		at := tc + float64(k)*dt
		if at > end+1e-9 {
			break
		}
		p := sampleTrack(t, at)
		p.T = float64(k) * dt
		out.Points = append(out.Points, p)
	}
	return out
}

// sampleTrack interpolates t linearly at time at, clamping to its ends.
func sampleTrack(t traj.Trajectory, at float64) traj.Point {
	pts := t.Points
	if at <= pts[0].T || len(pts) == 1 {
		return pts[0]
	}
	for i := 1; i < len(pts); i++ {
		if pts[i].T < at {
			continue
		}
		a, b := pts[i-1], pts[i]
		u := (at - a.T) / (b.T - a.T)
		return traj.Point{
			T: at, X: a.X + u*(b.X-a.X), Y: a.Y + u*(b.Y-a.Y),
			Yaw: traj.WrapAngle(a.Yaw + u*traj.WrapAngle(b.Yaw-a.Yaw)),
			V:   a.V + u*(b.V-a.V), A: a.A + u*(b.A-a.A), Kappa: a.Kappa + u*(b.Kappa-a.Kappa),
		}
	}
	return pts[len(pts)-1]
}
