package negatives

import (
	"math"
	"math/rand/v2"

	"github.com/ebm-av/ebm_av/traj"
)

// Range is a closed interval [Min, Max] of perturbation magnitudes.
type Range struct{ Min, Max float64 }

func (r Range) draw(rng *rand.Rand) float64 { return r.Min + rng.Float64()*(r.Max-r.Min) }

// Config sets how many negatives of each kind Generate draws and the range
// of their magnitudes. Shifts and timings get a random sign.
type Config struct {
	Lateral      int
	LateralRange Range // |offset|, m
	Longitudinal int
	LongRange    Range // |ds|, m
	Speed        int
	SpeedRange   Range // factor, for example {0.6, 1.4}
	Timing       int
	TimingRange  Range // |dt|, s
	// Swerve is the number of swerves per obstacle that comes within
	// SwerveDistance metres of the expert; SwerveWidth is the bump's
	// standard deviation in seconds.
	Swerve         int
	SwerveDistance float64
	SwerveWidth    float64
	Weave          int
	WeaveRange     Range   // amplitude, m
	WeavePeriod    float64 // s
	Brake          int
	BrakeRange     Range // deceleration, m/s²
	RampTime       float64
}

// DefaultConfig returns a mix of every kind with magnitudes typical of
// urban driving near misses.
func DefaultConfig() Config {
	return Config{
		Lateral: 4, LateralRange: Range{0.3, 1.5},
		Longitudinal: 2, LongRange: Range{1, 5},
		Speed: 2, SpeedRange: Range{0.6, 1.4},
		Timing: 2, TimingRange: Range{0.3, 1.0},
		Swerve: 1, SwerveDistance: 15, SwerveWidth: 0.8,
		Weave: 1, WeaveRange: Range{0.3, 0.8}, WeavePeriod: 1.5,
		Brake: 1, BrakeRange: Range{4, 8},
		RampTime: 1,
	}
}

// Generate draws the negatives of cfg for the expert, using obstacles for
// swerves. The order is fixed by kind, so a given rng seed reproduces the
// same set.
func Generate(expert traj.Trajectory, obstacles []traj.Obstacle, cfg Config, rng *rand.Rand) []Negative {
	if len(expert.Points) < 3 {
		return nil
	}
	sign := func() float64 {
		if rng.IntN(2) == 0 {
			return -1
		}
		return 1
	}
	var out []Negative
	for range cfg.Lateral {
		out = append(out, Lateral(expert, sign()*cfg.LateralRange.draw(rng), cfg.RampTime))
	}
	for range cfg.Longitudinal {
		out = append(out, Longitudinal(expert, sign()*cfg.LongRange.draw(rng), cfg.RampTime))
	}
	for range cfg.Speed {
		out = append(out, Speed(expert, cfg.SpeedRange.draw(rng)))
	}
	for range cfg.Timing {
		out = append(out, Timing(expert, sign()*cfg.TimingRange.draw(rng)))
	}
	for i := range obstacles {
		tc, dist := closestApproach(expert, &obstacles[i])
		if dist > cfg.SwerveDistance {
			continue
		}
		for range cfg.Swerve {
			n, err := SwerveInto(expert, &obstacles[i], tc, cfg.SwerveWidth*(0.75+0.5*rng.Float64()))
			if err == nil {
				out = append(out, n)
			}
		}
	}
	for range cfg.Weave {
		out = append(out, Weave(expert, cfg.WeaveRange.draw(rng), cfg.WeavePeriod))
	}
	for range cfg.Brake {
		start := rng.Float64() * 0.5 * expert.Duration()
		out = append(out, Brake(expert, cfg.BrakeRange.draw(rng), start, 0.3*expert.Duration()))
	}
	return out
}

// closestApproach returns the trajectory time after the start at which
// obstacle ob is closest to the expert, and that distance, or +Inf when
// their times do not overlap.
func closestApproach(expert traj.Trajectory, ob *traj.Obstacle) (tc, dist float64) {
	dist = math.Inf(1)
	for _, p := range expert.Points[1:] {
		st, ok := ob.StateAt(p.T)
		if !ok {
			continue
		}
		if d := math.Hypot(st.X-p.X, st.Y-p.Y); d < dist {
			tc, dist = p.T, d
		}
	}
	return tc, dist
}
