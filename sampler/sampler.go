// Package sampler generates candidate trajectories with a classical Frenet
// lattice: lateral offsets from a reference lane centre line × target speeds
// × manoeuvre durations, each a quintic lateral profile d(t) and a quartic
// longitudinal profile s(t), converted to Cartesian traj.Trajectory values.
//
// Candidates live on the sampler's own time grid (Options.DT, from t = 0 at
// the ego state), independent of any scenario's time step. After its
// manoeuvre duration a candidate continues at its final speed and offset, so
// every candidate reaches Options.Horizon and has the same number of points.
package sampler

import (
	"fmt"
	"math"
	"slices"

	"github.com/ebm-av/ebm_av/geom"
	"github.com/ebm-av/ebm_av/traj"
)

// Options configures the lattice. A zero or empty field takes its default
// from DefaultOptions.
type Options struct {
	DT      float64 // time step of the candidates, s, default 0.1
	Horizon float64 // common length of all candidates, s, default the longest duration

	Durations      []float64 // manoeuvre durations, s, default 5, 6, 7, 8
	LateralOffsets []float64 // target lateral offsets from the reference, m, left positive, default −3.5 … 3.5 in steps of 0.875

	// Target speeds are a stop (0 m/s) plus SpeedTargets values spread evenly
	// over a window SpeedSpan wide around the ego speed, kept within
	// [MinSpeed, MaxSpeed].
	SpeedTargets int     // default 6
	SpeedSpan    float64 // m/s, default 12
	MinSpeed     float64 // lowest moving target, m/s, default 0.5
	MaxSpeed     float64 // m/s, default 36

	// LowSpeed is the ego speed below which lateral profiles are functions
	// of arc length instead of time, m/s, default 2. Negative disables it.
	LowSpeed float64
}

// DefaultOptions returns the default lattice: 9 offsets × 7 speeds × 4
// durations = 252 candidates of 8 s at 0.1 s (81 points each).
func DefaultOptions() Options {
	return Options{
		DT:             0.1,
		Horizon:        8,
		Durations:      []float64{5, 6, 7, 8},
		LateralOffsets: []float64{-3.5, -2.625, -1.75, -0.875, 0, 0.875, 1.75, 2.625, 3.5},
		SpeedTargets:   6,
		SpeedSpan:      12,
		MinSpeed:       0.5,
		MaxSpeed:       36,
		LowSpeed:       2,
	}
}

// withDefaults fills zero fields from DefaultOptions and validates the result.
func (o Options) withDefaults() (Options, error) {
	d := DefaultOptions()
	if o.DT == 0 {
		o.DT = d.DT
	}
	if len(o.Durations) == 0 {
		o.Durations = d.Durations
	}
	if len(o.LateralOffsets) == 0 {
		o.LateralOffsets = d.LateralOffsets
	}
	if o.SpeedTargets == 0 {
		o.SpeedTargets = d.SpeedTargets
	}
	if o.SpeedSpan == 0 {
		o.SpeedSpan = d.SpeedSpan
	}
	if o.MinSpeed == 0 {
		o.MinSpeed = d.MinSpeed
	}
	if o.MaxSpeed == 0 {
		o.MaxSpeed = d.MaxSpeed
	}
	if o.LowSpeed == 0 {
		o.LowSpeed = d.LowSpeed
	}
	if o.Horizon == 0 {
		o.Horizon = slices.Max(o.Durations)
	}
	switch {
	case !(o.DT > 0):
		return o, fmt.Errorf("sampler: invalid DT %g s: must be positive", o.DT)
	case slices.Min(o.Durations) < o.DT:
		return o, fmt.Errorf("sampler: invalid durations %v s: each must be at least DT = %g s", o.Durations, o.DT)
	case o.Horizon < slices.Max(o.Durations):
		return o, fmt.Errorf("sampler: horizon %g s is shorter than the longest duration %g s", o.Horizon, slices.Max(o.Durations))
	case o.SpeedTargets < 1 || !(o.SpeedSpan >= 0):
		return o, fmt.Errorf("sampler: invalid speed targets %d over %g m/s: need at least one target and a non-negative span", o.SpeedTargets, o.SpeedSpan)
	case !(o.MinSpeed > 0) || o.MaxSpeed < o.MinSpeed+o.SpeedSpan:
		return o, fmt.Errorf("sampler: invalid speed range [%g, %g] m/s: need 0 < MinSpeed and MaxSpeed ≥ MinSpeed + SpeedSpan (%g)", o.MinSpeed, o.MaxSpeed, o.SpeedSpan)
	}
	return o, nil
}

// Candidate is one sampled trajectory with the lattice point it came from.
type Candidate struct {
	Trajectory   traj.Trajectory
	Offset       float64 // target lateral offset, m
	TargetSpeed  float64 // m/s, 0 for a stop
	Duration     float64 // manoeuvre duration, s
	Lateral      Quintic // d(t) over [0, Duration], m; d(σ) when LateralLength > 0
	Longitudinal Quartic // s(t) over [0, Duration], m, with s(0) the ego's arc length
	// LateralLength is set at low speed, where the lateral profile is a
	// function of the arc length σ travelled, over [0, LateralLength] m,
	// instead of time. A lateral move then happens only while the vehicle
	// moves, as in the low-speed mode of Werling et al., "Optimal trajectory
	// generation for dynamic street scenarios in a Frenét frame" (ICRA 2010).
	LateralLength float64
}

// Sampler generates candidates with fixed options.
type Sampler struct {
	opt Options
}

// New returns a sampler with opt, zero fields taking their defaults.
func New(opt Options) (*Sampler, error) {
	o, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	return &Sampler{opt: o}, nil
}

// Options returns the sampler's options with defaults filled in.
func (s *Sampler) Options() Options { return s.opt }

// Points returns the number of points of every candidate.
func (s *Sampler) Points() int { return int(math.Round(s.opt.Horizon/s.opt.DT)) + 1 }

// targetSpeeds returns the stop and the moving targets for ego speed v.
func (s *Sampler) targetSpeeds(v float64) []float64 {
	o := s.opt
	lo := math.Max(o.MinSpeed, v-o.SpeedSpan/2)
	if lo+o.SpeedSpan > o.MaxSpeed {
		lo = o.MaxSpeed - o.SpeedSpan
	}
	out := make([]float64, 0, o.SpeedTargets+1)
	out = append(out, 0)
	for k := range o.SpeedTargets {
		u := 0.5
		if o.SpeedTargets > 1 {
			u = float64(k) / float64(o.SpeedTargets-1)
		}
		out = append(out, lo+u*o.SpeedSpan)
	}
	return out
}

// Sample returns the candidates for ego state ego relative to the reference,
// ordered by offset, then target speed, then duration. The result is the
// same for the same inputs.
func (s *Sampler) Sample(ego traj.EgoState, ref *Reference) ([]Candidate, error) {
	if ref == nil {
		return nil, fmt.Errorf("sampler: nil reference: build one with NewReference")
	}
	init, err := frenetState(ego, ref)
	if err != nil {
		return nil, err
	}
	speeds := s.targetSpeeds(math.Max(init.ds, 0))
	lowSpeed := init.ds < s.opt.LowSpeed
	out := make([]Candidate, 0, len(s.opt.LateralOffsets)*len(speeds)*len(s.opt.Durations))
	for _, offset := range s.opt.LateralOffsets {
		for _, v := range speeds {
			for _, T := range s.opt.Durations {
				c := Candidate{
					Offset: offset, TargetSpeed: v, Duration: T,
					Longitudinal: NewQuartic(init.s, math.Max(init.ds, 0), init.dds, v, 0, T),
				}
				if lowSpeed {
					c.setLateralInArcLength(init, offset)
				} else {
					c.Lateral = NewQuintic(init.d, init.dd, init.ddd, offset, 0, 0, T)
				}
				c.Trajectory = s.cartesian(ref, &c, ego)
				out = append(out, c)
			}
		}
	}
	return out, nil
}

// frenet is a Frenet state: arc length s, offset d and their time derivatives.
type frenet struct {
	s, ds, dds float64
	d, dd, ddd float64
}

// frenetState converts the ego state to Frenet coordinates, inverting the
// kinematics used by cartesian. The ego acceleration comes from A along the
// heading and V·YawRate across it.
func frenetState(ego traj.EgoState, ref *Reference) (frenet, error) {
	p := geom.Vec2{X: ego.X, Y: ego.Y}
	s, d := ref.Project(p)
	f := ref.eval(s)
	scale := 1 - f.kappa*d
	if scale <= 0.05 {
		return frenet{}, fmt.Errorf("sampler: ego at offset %.2f m lies beyond the reference's centre of curvature (radius %.2f m): choose a closer reference lane", d, 1/f.kappa)
	}
	sn, cs := math.Sincos(ego.Yaw)
	heading := geom.Vec2{X: cs, Y: sn}
	vel := heading.Scale(ego.V)
	acc := heading.Scale(ego.A).Add(geom.Vec2{X: -sn, Y: cs}.Scale(ego.V * ego.YawRate))

	var fs frenet
	fs.s, fs.d = s, d
	fs.dd = vel.Dot(f.normal)
	fs.ds = vel.Dot(f.tangent) / (f.speed * scale)
	// From p̈ = r''·ṡ²·scale + r'·(s̈·scale − ṡ·(κ'·ṡ·d + 2κ·ḋ)) + d̈·n.
	curv := f.d2.Scale(fs.ds * fs.ds * scale)
	fs.ddd = acc.Dot(f.normal) - curv.Dot(f.normal)
	fs.dds = ((acc.Dot(f.tangent)-curv.Dot(f.tangent))/f.speed + fs.ds*(f.dkappa*fs.ds*d+2*f.kappa*fs.dd)) / scale
	return fs, nil
}

// maxLowSpeedCurvature bounds the curvature of a low-speed lateral profile,
// 1/m: a passenger car turns no tighter than a radius of about 5 m. A
// quintic that moves Δd sideways over a length L peaks near 5.77·Δd/L², so a
// candidate that travels too little for its move holds its current offset.
const maxLowSpeedCurvature = 0.2

// setLateralInArcLength sets a lateral profile d(σ) from the ego offset to
// offset over the arc length the longitudinal profile covers. The initial
// slope is the ego's heading relative to the reference, and the initial
// second derivative is 0 because it is not observable at standstill.
func (c *Candidate) setLateralInArcLength(init frenet, offset float64) {
	s0, _, _, _ := c.Longitudinal.Eval(0)
	s1, _, _, _ := c.Longitudinal.Eval(c.Duration)
	length := s1 - s0
	slope := 0.0
	if init.ds > minMovingSpeed {
		slope = init.dd / init.ds
	}
	if move := math.Abs(offset - init.d); length <= 0 || 5.77*move/(length*length) > maxLowSpeedCurvature {
		length, offset, slope = math.Max(length, 1), init.d, 0
		c.Offset = init.d
	}
	c.LateralLength = length
	c.Lateral = NewQuintic(init.d, slope, 0, offset, 0, 0, length)
}
