package learn

import (
	"math"
	"sort"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/ebm/nn"
	"github.com/ebm-av/ebm_av/traj"
)

// Per-step feature layout. Column 0 marks steps inside the trajectory's
// horizon; the head reads the other columns.
const (
	colValid = iota
	colTime
	colBEV // first of the len(bev.SceneChannels) BEV samples
)

// kinematicNames are the per-step trajectory features after the BEV samples.
var kinematicNames = []string{
	"speed",                // m/s
	"acceleration",         // m/s²
	"lateral_acceleration", // v·ψ̇, m/s²
	"curvature",            // ψ̇/v, 1/m
	"jerk",                 // m/s³
	"progress_vs_constant", // longitudinal ego-frame displacement minus v₀·t, m
	"lateral_offset",       // lateral ego-frame displacement, m
	"heading_change",       // heading minus the ego heading, rad
	"lane_misalignment",    // sine of the angle from the BEV lane heading to the heading
	"initial_speed",        // v₀ of the ego, m/s
	"speed_change",         // v − v₀, m/s
	"initial_acceleration", // a₀ of the ego, m/s²
	"initial_yaw_rate",     // ψ̇₀ of the ego, rad/s
	"ctra_longitudinal",    // ego-frame displacement from the constant turn rate and acceleration prediction, m
	"ctra_lateral",         // the same across the ego heading, m
}

// FeatureNames returns the names of the per-step features, in column order.
func FeatureNames() []string {
	names := []string{"valid", "time_fraction"}
	for _, c := range bev.SceneChannels {
		names = append(names, "bev_"+c)
	}
	return append(names, kinematicNames...)
}

// NumFeatures is the width of one per-step feature row.
var NumFeatures = len(FeatureNames())

// Featurizer turns a trajectory into per-step feature rows: the trajectory
// is read every Interval seconds from Interval to Steps·Interval, and each
// step gets the BEV channels sampled bilinearly at its position and the
// kinematics between it and the previous step. Finite differences on this
// coarse grid treat recorded and sampled trajectories alike, so measurement
// noise on the recordings does not give the human future away.
type Featurizer struct {
	Steps    int
	Interval float64 // s
}

// DefaultFeaturizer reads 16 steps of 0.5 s, the 8 s sampler horizon.
var DefaultFeaturizer = Featurizer{Steps: 16, Interval: 0.5}

// Dim returns the number of values per trajectory, Steps·NumFeatures.
func (f Featurizer) Dim() int { return f.Steps * NumFeatures }

// Features writes the rows of t ([Steps][NumFeatures]) to out for ego state
// ego, reading the BEV raster through s (nil writes zero BEV samples).
// Steps beyond the end of t are zero rows with valid 0.
func (f Featurizer) Features(ego traj.EgoState, s *nn.BEVSampler, t traj.Trajectory, out []float64) {
	clear(out[:f.Dim()])
	if len(t.Points) == 0 {
		return
	}
	nb := len(bev.SceneChannels)
	var samples [16]float64
	t0 := t.Points[0].T
	end := t.Points[len(t.Points)-1].T - t0
	sinE, cosE := math.Sincos(ego.Yaw)
	px, py := ego.X, ego.Y
	pv, pa, ph := ego.V, ego.A, ego.Yaw
	for k := 0; k < f.Steps; k++ {
		at := float64(k+1) * f.Interval
		if at > end+1e-6 {
			break
		}
		x, y := interpolate(t, t0+at)
		dx, dy := x-px, y-py
		d := math.Hypot(dx, dy)
		h := ph
		if d > 0.05 {
			h = math.Atan2(dy, dx)
		}
		v := d / f.Interval
		a := (v - pv) / f.Interval
		yawRate := traj.WrapAngle(h-ph) / f.Interval
		row := out[k*NumFeatures : (k+1)*NumFeatures]
		row[colValid] = 1
		row[colTime] = at / (float64(f.Steps) * f.Interval)
		var laneX, laneY float64
		if s != nil {
			s.Sample(x, y, samples[:nb], nil, nil)
			copy(row[colBEV:], samples[:nb])
			laneX, laneY = samples[2], samples[3]
		}
		kin := row[colBEV+nb:]
		rx, ry := x-ego.X, y-ego.Y
		sinR, cosR := math.Sincos(h - ego.Yaw) // the BEV lane heading is in the ego frame
		kin[0] = v
		kin[1] = a
		kin[2] = v * yawRate
		kin[3] = yawRate / math.Max(v, 1)
		kin[4] = (a - pa) / f.Interval
		kin[5] = cosE*rx + sinE*ry - ego.V*at
		kin[6] = -sinE*rx + cosE*ry
		kin[7] = traj.WrapAngle(h - ego.Yaw)
		kin[8] = laneX*sinR - laneY*cosR
		kin[9] = ego.V
		kin[10] = v - ego.V
		kin[11] = ego.A
		kin[12] = ego.YawRate
		cx, cy := ctra(ego, at)
		kin[13] = cosE*(x-cx) + sinE*(y-cy)
		kin[14] = -sinE*(x-cx) + cosE*(y-cy)
		px, py, pv, pa, ph = x, y, v, a, h
	}
}

// ctra returns the position of the ego after t seconds at constant turn
// rate and acceleration, integrated in steps of 0.1 s and never reversing.
func ctra(ego traj.EgoState, t float64) (x, y float64) {
	const h = 0.1
	x, y = ego.X, ego.Y
	v, yaw := ego.V, ego.Yaw
	for done := 0.0; done < t-1e-9; done += h {
		dt := math.Min(h, t-done)
		// Midpoint heading and speed keep the local error third order in
		// the step.
		next := math.Max(v+ego.A*dt, 0)
		s, c := math.Sincos(yaw + ego.YawRate*dt/2)
		x += (v + next) / 2 * dt * c
		y += (v + next) / 2 * dt * s
		v = next
		yaw += ego.YawRate * dt
	}
	return x, y
}

// interpolate returns the position of t at time at, clamped to its ends.
func interpolate(t traj.Trajectory, at float64) (x, y float64) {
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
