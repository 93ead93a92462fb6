package forecast

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/ebm-av/ebm_av/traj"
)

// Shifted offsets every state of Base's prediction sideways by Lateral
// metres, to the left of each obstacle's heading: an object forecast in the
// wrong lane.
type Shifted struct {
	Base    Forecaster
	Lateral float64 // m, positive to the left
}

// Name returns "shifted".
func (Shifted) Name() string { return "shifted" }

// Predict shifts Base's prediction.
func (f Shifted) Predict(past []traj.Obstacle, cycleTime float64, times []float64) []traj.Obstacle {
	pred := f.Base.Predict(past, cycleTime, times)
	for i := range pred {
		for k := range pred[i].States {
			s := &pred[i].States[k]
			sn, cs := math.Sincos(s.Yaw)
			s.X -= sn * f.Lateral
			s.Y += cs * f.Lateral
		}
	}
	return pred
}

// Dilated scales every footprint of Base's prediction by Scale.
type Dilated struct {
	Base  Forecaster
	Scale float64 // factor on length, width and radius
}

// Name returns "dilated".
func (Dilated) Name() string { return "dilated" }

// Predict scales Base's footprints.
func (f Dilated) Predict(past []traj.Obstacle, cycleTime float64, times []float64) []traj.Obstacle {
	pred := f.Base.Predict(past, cycleTime, times)
	for i := range pred {
		pred[i].Length *= f.Scale
		pred[i].Width *= f.Scale
		pred[i].Radius *= f.Scale
	}
	return pred
}

// Vanishing drops every second obstacle of Base's prediction, in order of
// id, from After seconds past the cycle time on. A single obstacle vanishes.
type Vanishing struct {
	Base  Forecaster
	After float64 // s after the cycle time
}

// Name returns "vanishing".
func (Vanishing) Name() string { return "vanishing" }

// Predict cuts the states of half of Base's obstacles.
func (f Vanishing) Predict(past []traj.Obstacle, cycleTime float64, times []float64) []traj.Obstacle {
	pred := f.Base.Predict(past, cycleTime, times)
	sort.Slice(pred, func(a, b int) bool { return pred[a].ID < pred[b].ID })
	for i := range pred {
		if i%2 != 0 {
			continue
		}
		kept := pred[i].States[:0]
		for _, s := range pred[i].States {
			if s.T-cycleTime <= f.After+timeEpsilon {
				kept = append(kept, s)
			}
		}
		pred[i].States = kept
	}
	return pred
}

// Spurious adds Count static car-sized boxes to Base's prediction at
// pseudo-random positions within spreadRadius (25 m) of the obstacles' mean
// position, from the first forecast frame on. The positions depend only on
// the cycle time and the obstacle ids, so a cycle's forecast is reproducible.
type Spurious struct {
	Base  Forecaster
	Count int
}

// Name returns "spurious".
func (Spurious) Name() string { return "spurious" }

// spreadRadius bounds the distance of spurious boxes from the mean obstacle
// position, m.
const spreadRadius = 25.0

// Predict adds the spurious boxes.
func (f Spurious) Predict(past []traj.Obstacle, cycleTime float64, times []float64) []traj.Obstacle {
	pred := f.Base.Predict(past, cycleTime, times)
	h := fnv.New64a()
	var cx, cy float64
	for i := range past {
		last := past[i].States[len(past[i].States)-1]
		cx += last.X / float64(len(past))
		cy += last.Y / float64(len(past))
		h.Write([]byte{byte(past[i].ID), byte(past[i].ID >> 8)})
	}
	rng := rand.New(rand.NewPCG(h.Sum64(), math.Float64bits(cycleTime)))
	for k := 0; k < f.Count; k++ {
		r := spreadRadius * math.Sqrt(rng.Float64())
		a := 2 * math.Pi * rng.Float64()
		yaw := 2 * math.Pi * rng.Float64()
		o := traj.Obstacle{ID: -1 - k, Type: "car", Shape: traj.Rectangle, Length: 4.5, Width: 1.8}
		for _, t := range times {
			o.States = append(o.States, traj.ObstacleState{T: t, X: cx + r*math.Cos(a), Y: cy + r*math.Sin(a), Yaw: yaw})
		}
		pred = append(pred, o)
	}
	return pred
}

// TimeReversed retraces every obstacle's past: the state at cycleTime+τ is
// the recorded state at cycleTime−τ, held at the oldest past state when the
// past is shorter than τ. Objects so move backwards along their own paths.
type TimeReversed struct{}

// Name returns "time_reversed".
func (TimeReversed) Name() string { return "time_reversed" }

// Predict mirrors every obstacle's past about the cycle time.
func (TimeReversed) Predict(past []traj.Obstacle, cycleTime float64, times []float64) []traj.Obstacle {
	return predictEach(past, times, func(o *traj.Obstacle, _ motion, t float64) traj.ObstacleState {
		back := 2*cycleTime - t
		s, ok := o.StateAt(back)
		if !ok {
			s = o.States[0]
		}
		s.T = t
		return s
	})
}

// Teleporting follows Base's prediction but moves every obstacle Jump
// metres ahead along its heading from At seconds past the cycle time on.
type Teleporting struct {
	Base Forecaster
	Jump float64 // m
	At   float64 // s after the cycle time
}

// Name returns "teleporting".
func (Teleporting) Name() string { return "teleporting" }

// Predict adds the jump to Base's later states.
func (f Teleporting) Predict(past []traj.Obstacle, cycleTime float64, times []float64) []traj.Obstacle {
	pred := f.Base.Predict(past, cycleTime, times)
	for i := range pred {
		for k := range pred[i].States {
			s := &pred[i].States[k]
			if s.T-cycleTime >= f.At-timeEpsilon {
				sn, cs := math.Sincos(s.Yaw)
				s.X += cs * f.Jump
				s.Y += sn * f.Jump
			}
		}
	}
	return pred
}
