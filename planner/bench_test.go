package planner

import (
	"math"
	"testing"
	"time"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/lanemap"
	"github.com/ebm-av/ebm_av/traj"
)

// benchRoad is the centre line of the rightmost lane: y = benchBend·x²,
// a bend of curvature about 0.001 1/m.
const benchBend = 0.0005

func benchRoadY(x float64) float64 { return benchBend * x * x }

// benchMap returns four 3.5 m lanes from x = −100 to 400 m, sampled every
// 2 m, with a 30 m/s limit on the three main lanes and a red light at x = 120 m
// on the rightmost lane.
func benchMap() lanemap.Map {
	var m lanemap.Map
	for l := 0; l < 4; l++ {
		lane := lanemap.Lane{ID: l + 1, SpeedLimit: 30}
		if l == 3 {
			lane.SpeedLimit = 0 // a ramp without a sign
		}
		offset := 3.5 * float64(l)
		for x := -100.0; x <= 400; x += 2 {
			// Offset along the normal of the bend.
			slope := 2 * benchBend * x
			nx, ny := -slope/math.Hypot(1, slope), 1/math.Hypot(1, slope)
			y := benchRoadY(x)
			lane.Center = append(lane.Center, lanemap.Vec2{X: x + offset*nx, Y: y + offset*ny})
			lane.Left = append(lane.Left, lanemap.Vec2{X: x + (offset+1.75)*nx, Y: y + (offset+1.75)*ny})
			lane.Right = append(lane.Right, lanemap.Vec2{X: x + (offset-1.75)*nx, Y: y + (offset-1.75)*ny})
		}
		if l > 0 {
			lane.AdjRight = l
		}
		m.Lanes = append(m.Lanes, lane)
	}
	m.TrafficLights = []lanemap.TrafficLight{{ID: 1, State: lanemap.LightRed, Stop: lanemap.Vec2{X: 120, Y: benchRoadY(120)}, LaneIDs: []int{1}}}
	return m
}

// benchObstacles returns 20 predicted obstacles on the lanes of benchMap:
// 16 cars, 2 trucks and 2 motorcycles as discs, with constant-velocity
// predictions every 0.1 s for 6 s whose standard deviation grows from 0.2 m
// by 0.1 m/s.
func benchObstacles() []traj.Obstacle {
	var obs []traj.Obstacle
	for i := 0; i < 20; i++ {
		lane := i % 4
		x0 := -60 + 13*float64(i)
		if lane == 0 && math.Abs(x0) < 25 {
			x0 += 50 // keep the ego's surroundings clear
		}
		v := 20 + float64(i%5)*2.5
		o := traj.Obstacle{ID: 100 + i, Type: "car", Shape: traj.Rectangle, Length: 4.5, Width: 1.8}
		switch {
		case i%9 == 4:
			o.Type, o.Length, o.Width = "truck", 12, 2.5
		case i%9 == 7:
			o.Type, o.Shape, o.Radius = "motorcycle", traj.Circle, 1.1
		}
		for k := 0; k <= 60; k++ {
			t := 0.1 * float64(k)
			x := x0 + v*t
			slope := 2 * benchBend * x
			yaw := math.Atan(slope)
			y := benchRoadY(x) + 3.5*float64(lane)*math.Cos(yaw)
			o.States = append(o.States, traj.ObstacleState{T: t, X: x - 3.5*float64(lane)*math.Sin(yaw), Y: y, Yaw: yaw, V: v, StdDev: 0.2 + 0.1*t})
		}
		obs = append(obs, o)
	}
	return obs
}

// benchGrid returns a 200×200 BEV grid at 0.5 m around the ego with the
// drivable area and lane centre lines of benchMap rasterised.
func benchGrid(m lanemap.Map) *bev.Grid {
	g := bev.NewGrid([]string{bev.ChannelDrivable, bev.ChannelLaneCenter, bev.ChannelLaneHeadingX, bev.ChannelLaneHeadingY, bev.ChannelOccupancy}, 200, 200, 0.5)
	g.OriginX, g.OriginY = -20, -40
	for i := 0; i < g.Height; i++ {
		for j := 0; j < g.Width; j++ {
			x, y := g.ToWorld(float64(j)+0.5, float64(i)+0.5)
			d := y - benchRoadY(x) // lateral offset, close enough on this bend
			cell := i*g.Width + j
			if d > -1.75 && d < 3.5*4-1.75 {
				g.Plane(0)[cell] = 1
			}
			lane := math.Round(d / 3.5)
			if lane >= 0 && lane < 4 && math.Abs(d-3.5*lane) < g.Resolution/2 {
				yaw := math.Atan(2 * benchBend * x)
				g.Plane(1)[cell] = 1
				g.Plane(2)[cell] = float32(math.Cos(yaw))
				g.Plane(3)[cell] = float32(math.Sin(yaw))
			}
		}
	}
	return g
}

// benchCandidates returns a lattice of 20 lateral × 100 longitudinal
// profiles on a 56-point grid at 0.1 s from the ego at 25 m/s on the
// rightmost lane. Lateral: quintic shifts to end offsets from −3.5 m to
// 10.5 m over 3 s or 5 s. Longitudinal: accelerations from −6 to 3 m/s²
// reached with a jerk of 4 m/s³, speed clipped at 0.
func benchCandidates() []traj.Trajectory {
	const n, dt = 56, 0.1
	cands := make([]traj.Trajectory, 0, 2000)
	for lat := 0; lat < 20; lat++ {
		end := -3.5 + 14*float64(lat%10)/9
		dur := 3.0
		if lat >= 10 {
			dur = 5
		}
		for lon := 0; lon < 100; lon++ {
			target := -6 + 9*float64(lon)/99
			pts := make([]traj.Point, n)
			s, v, a := 0.0, 25.0, 0.0
			for k := range pts {
				t := float64(k) * dt
				u := math.Min(t/dur, 1)
				d := end * u * u * u * (10 - 15*u + 6*u*u)
				pts[k] = traj.Point{T: t, X: s, Y: benchRoadY(s) + d, V: v, A: a}
				// Advance the longitudinal state.
				a += math.Max(math.Min(target-a, 4*dt), -4*dt)
				if v <= 0 && a < 0 {
					a = 0
				}
				s += math.Max(v*dt+a*dt*dt/2, 0)
				v = math.Max(v+a*dt, 0)
			}
			fillHeading(pts)
			cands = append(cands, traj.Trajectory{Points: pts})
		}
	}
	return cands
}

// fillHeading sets yaw and curvature from finite differences of positions.
func fillHeading(pts []traj.Point) {
	for k := range pts {
		a, b := max(k-1, 0), min(k+1, len(pts)-1)
		dx, dy := pts[b].X-pts[a].X, pts[b].Y-pts[a].Y
		if math.Hypot(dx, dy) < 1e-6 && k > 0 {
			pts[k].Yaw = pts[k-1].Yaw
			continue
		}
		pts[k].Yaw = math.Atan2(dy, dx)
	}
	for k := range pts {
		a, b := max(k-1, 0), min(k+1, len(pts)-1)
		ds := math.Hypot(pts[b].X-pts[a].X, pts[b].Y-pts[a].Y)
		if ds > 1e-6 {
			pts[k].Kappa = traj.WrapAngle(pts[b].Yaw-pts[a].Yaw) / ds
		}
	}
}

func benchContext(withLanes bool) *Context {
	m := benchMap()
	ctx := &Context{
		Ego:        traj.EgoState{V: 25, Length: 4.298, Width: 1.674},
		Obstacles:  benchObstacles(),
		Grid:       benchGrid(m),
		SpeedLimit: 27.8,
		CycleTime:  0.1,
	}
	if withLanes {
		ctx.Map = m
	}
	return ctx
}

func benchmarkScore(b *testing.B, ctx *Context) {
	cands := benchCandidates()
	s, err := NewScorer(DefaultParams())
	if err != nil {
		b.Fatal(err)
	}

	var res Result
	if err := s.Score(ctx, cands, &res); err != nil {
		b.Fatal(err)
	}
	feasible := 0
	for _, f := range res.Feasible {
		if f {
			feasible++
		}
	}

	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPUTime()
	fastest := time.Duration(math.MaxInt64)
	for b.Loop() {
		start := time.Now()
		if err := s.Score(ctx, cands, &res); err != nil {
			b.Fatal(err)
		}
		fastest = min(fastest, time.Since(start))
	}
	// On a shared machine the mean wall time per op overstates the cost, so
	// the process CPU time per op and the fastest op are reported beside it.
	if cpu >= 0 {
		b.ReportMetric(float64(processCPUTime()-cpu)/float64(b.N), "cpu-ns/op")
	}
	b.ReportMetric(float64(fastest), "min-ns/op")
	b.ReportMetric(float64(feasible), "feasible")
}

// BenchmarkScore2000x56 scores 2000 candidates of 56 points with every
// analytic term and the gate against 20 obstacles, a four-lane map and a
// 200×200 BEV grid.
func BenchmarkScore2000x56(b *testing.B) { benchmarkScore(b, benchContext(true)) }

// BenchmarkScore2000x56BEV is BenchmarkScore2000x56 without the lane map, so
// the lane, rules and gate checks read the BEV grid.
func BenchmarkScore2000x56BEV(b *testing.B) { benchmarkScore(b, benchContext(false)) }
