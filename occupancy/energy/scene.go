package energy

import (
	"fmt"
	"math"
	"sort"

	"github.com/ebm-av/ebm_av/occupancy"
)

// Config sets how frames are cut into blobs and how far occupancy mass may
// travel between frames. It is shared by every term of a scorer.
type Config struct {
	// BlobThreshold is the probability at or above which a cell belongs to
	// a blob and counts as occupied for distances.
	BlobThreshold float32
	// MaxSpeed caps the reach speed and sets the tracking gate: a blob
	// links only to a blob within MaxSpeed·dt of its predicted position, m/s.
	MaxSpeed float64
	// SpeedFactor and SpeedSlack (m/s) set the reach speed from the fastest
	// blob seen in the history: SpeedFactor·v_past + SpeedSlack.
	SpeedFactor, SpeedSlack float64
}

// DefaultConfig returns the configuration used in the measurements: blobs
// above 5 % probability, and a reach speed of 1.5 times the fastest past
// blob plus 5 m/s, at most 50 m/s.
func DefaultConfig() Config {
	return Config{BlobThreshold: 0.05, MaxSpeed: 50, SpeedFactor: 1.5, SpeedSlack: 5}
}

// Validate checks that every field is in range.
func (c Config) Validate() error {
	switch {
	case !(c.BlobThreshold > 0 && c.BlobThreshold <= 1):
		return fmt.Errorf("energy: invalid blob threshold %g: must lie in (0, 1]", c.BlobThreshold)
	case !(c.MaxSpeed > 0) || math.IsInf(c.MaxSpeed, 0):
		return fmt.Errorf("energy: invalid max speed %g m/s: must be positive", c.MaxSpeed)
	case !(c.SpeedFactor >= 0) || !(c.SpeedSlack >= 0):
		return fmt.Errorf("energy: invalid speed factor %g and slack %g m/s: must be non-negative", c.SpeedFactor, c.SpeedSlack)
	}
	return nil
}

// maxMassChange is the relative mass change of a linked blob beyond which
// the link is taken for a merge or split, not for one moving object.
const maxMassChange = 0.3

// vec is a 2-D vector in grid cells (col, row) or cells/s.
type vec struct{ Col, Row float64 }

// frameFeatures are the derived quantities of one occupancy frame.
type frameFeatures struct {
	plane    []float32
	blobs    []Blob
	labels   []int32   // blob index per cell, or −1
	dist     []float64 // distance to the nearest occupied cell, cells
	mass     float64   // cells
	bandMass float64   // mass in the border band (Reach of the border or the unobserved region), cells
	vel      []vec     // blob velocity from the linked blob of the previous frame, cells/s
	velOK    []bool    // whether vel holds a velocity
	link     []int     // linked blob of the previous frame, or −1
}

// Masks are optional Height×Width layers on the history's grid, values in
// [0, 1]. A nil layer is absent.
type Masks struct {
	// Drivable is the drivable-area probability, read by the map prior.
	Drivable []float32
	// Visible marks the observed region (≥ 0.5 is observed). Objects may
	// enter and leave near its boundary as near the grid border. Nil means
	// the whole grid is observed.
	Visible []float32
}

// Scene is the part of a scoring problem shared by all candidates: the
// history, the optional masks and the quantities derived from them.
type Scene struct {
	History  *occupancy.Sequence
	Drivable []float32 // Height×Width drivable probability in [0, 1], or nil
	Config   Config
	// MaxPastSpeed is the fastest blob displacement seen in the history, m/s.
	MaxPastSpeed float64
	// Reach is the distance occupancy mass may travel in one time step, cells.
	Reach float64

	last      frameFeatures
	labelPool [][]int32   // buffers returned by Release
	distPool  [][]float64 // buffers returned by Release
	band      []bool      // cells within Reach of the grid border or of an unobserved cell
	visible   []float32
	scratch   []float64
	stack     []int32
}

// NewScene validates history and masks and derives the blobs, velocities
// and reach of the history.
func NewScene(history *occupancy.Sequence, masks Masks, cfg Config) (*Scene, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if history == nil {
		return nil, fmt.Errorf("energy: missing history: need at least one past frame")
	}
	if err := history.Validate(); err != nil {
		return nil, fmt.Errorf("energy: history: %w", err)
	}
	for _, m := range []struct {
		name string
		mask []float32
	}{{"drivable", masks.Drivable}, {"visible", masks.Visible}} {
		if err := checkMask(m.name, m.mask, history); err != nil {
			return nil, err
		}
	}
	s := &Scene{History: history, Drivable: masks.Drivable, Config: cfg}
	s.scratch = make([]float64, 3*max(history.Height, history.Width)+1)

	gate := cfg.MaxSpeed * history.TimeStep / history.Resolution
	var prev *frameFeatures
	for t := 0; t < history.Frames; t++ {
		f := s.segment(history.Frame(t))
		if prev != nil {
			s.track(prev, &f, history.TimeStep, gate)
			for b, ok := range f.velOK {
				if ok && !f.blobs[b].nearBorder(history.Height, history.Width, 1) && !prev.blobs[f.link[b]].nearBorder(history.Height, history.Width, 1) {
					v := f.vel[b]
					s.MaxPastSpeed = max(s.MaxPastSpeed, math.Hypot(v.Col, v.Row)*history.Resolution)
				}
			}
		}
		prev = &f
	}
	s.last = *prev
	speed := min(cfg.MaxSpeed, cfg.SpeedFactor*s.MaxPastSpeed+cfg.SpeedSlack)
	s.Reach = speed * history.TimeStep / history.Resolution
	s.band = s.borderBand(masks.Visible)
	s.visible = masks.Visible
	s.finish(&s.last)
	return s, nil
}

func checkMask(name string, mask []float32, history *occupancy.Sequence) error {
	if mask == nil {
		return nil
	}
	if len(mask) != history.Cells() {
		return fmt.Errorf("energy: %s mask has %d cells, the history's grid has %d×%d", name, len(mask), history.Height, history.Width)
	}
	for i, p := range mask {
		if !(p >= 0 && p <= 1) {
			return fmt.Errorf("energy: %s mask value %g at row %d, col %d: must lie in [0, 1]", name, p, i/history.Width, i%history.Width)
		}
	}
	return nil
}

// borderBand marks the cells within Reach of the grid border or of a cell
// that visible marks unobserved.
func (s *Scene) borderBand(visible []float32) []bool {
	h := s.History
	band := make([]bool, h.Cells())
	var dist []float64
	if visible != nil {
		unobserved := make([]float32, len(visible))
		for k, v := range visible {
			if v < 0.5 {
				unobserved[k] = 1
			}
		}
		dist = make([]float64, len(visible))
		distanceTransform(unobserved, h.Height, h.Width, 0.5, dist, s.scratch)
	}
	for k := range band {
		r, c := k/h.Width, k%h.Width
		edge := float64(min(min(r, h.Height-1-r), min(c, h.Width-1-c)))
		if dist != nil {
			edge = math.Min(edge, dist[k])
		}
		band[k] = edge < s.Reach
	}
	return band
}

// segment labels the blobs of plane.
func (s *Scene) segment(plane []float32) frameFeatures {
	h := s.History
	f := frameFeatures{plane: plane}
	if n := len(s.labelPool); n > 0 {
		f.labels, s.labelPool = s.labelPool[n-1], s.labelPool[:n-1]
	} else {
		f.labels = make([]int32, len(plane))
	}
	f.blobs, s.stack = labelBlobs(plane, h.Height, h.Width, s.Config.BlobThreshold, f.labels, s.stack)
	for _, b := range f.blobs {
		f.mass += b.Mass
	}
	return f
}

// finish computes the distance map and border-band mass of f, which need the
// scene's reach.
func (s *Scene) finish(f *frameFeatures) {
	h := s.History
	if n := len(s.distPool); n > 0 {
		f.dist, s.distPool = s.distPool[n-1], s.distPool[:n-1]
	} else {
		f.dist = make([]float64, len(f.plane))
	}
	distanceTransform(f.plane, h.Height, h.Width, s.Config.BlobThreshold, f.dist, s.scratch)
	for k, p := range f.plane {
		if p > 0 && s.inBorderBand(k) {
			f.bandMass += float64(p)
		}
	}
}

// observed reports whether grid point (col, row) lies inside the grid and
// the observed region.
func (s *Scene) observed(col, row float64) bool {
	h := s.History
	if !(col >= 0 && row >= 0 && col < float64(h.Width) && row < float64(h.Height)) {
		return false
	}
	return s.visible == nil || s.visible[int(row)*h.Width+int(col)] >= 0.5
}

// inBorderBand reports whether cell k lies within Reach of the grid border
// or of the unobserved region.
func (s *Scene) inBorderBand(k int) bool { return s.band[k] }

// track links the blobs of cur to those of prev by greedy nearest-centroid
// assignment within gate cells of each prev blob's predicted position. The
// prediction is the centroid plus velocity × dt when prev has a velocity.
// It sets cur's velocities from the linked centroids.
func (s *Scene) track(prev, cur *frameFeatures, dt, gate float64) {
	type pair struct {
		d    float64
		p, c int
	}
	var pairs []pair
	for p, pb := range prev.blobs {
		pc, pr := pb.Col, pb.Row
		if prev.velOK != nil && prev.velOK[p] {
			pc += prev.vel[p].Col * dt
			pr += prev.vel[p].Row * dt
		}
		for c, cb := range cur.blobs {
			if d := math.Hypot(cb.Col-pc, cb.Row-pr); d <= gate {
				pairs = append(pairs, pair{d, p, c})
			}
		}
	}
	sort.Slice(pairs, func(a, b int) bool { return pairs[a].d < pairs[b].d })
	cur.link = make([]int, len(cur.blobs))
	cur.vel = make([]vec, len(cur.blobs))
	cur.velOK = make([]bool, len(cur.blobs))
	for i := range cur.link {
		cur.link[i] = -1
	}
	used := make([]bool, len(prev.blobs))
	for _, q := range pairs {
		if used[q.p] || cur.link[q.c] >= 0 {
			continue
		}
		used[q.p] = true
		cur.link[q.c] = q.p
		pb, cb := prev.blobs[q.p], cur.blobs[q.c]
		cur.vel[q.c] = vec{(cb.Col - pb.Col) / dt, (cb.Row - pb.Row) / dt}
		// A blob that merged or split jumps its centroid without any object
		// moving that fast, so its velocity is not used.
		cur.velOK[q.c] = math.Abs(cb.Mass-pb.Mass) <= maxMassChange*math.Max(cb.Mass, pb.Mass)
	}
}

// Candidate is a forecast with its derived blobs, links and distance maps,
// computed once and read by every term.
type Candidate struct {
	Occupancy *occupancy.Sequence
	frames    []frameFeatures
	// ref[t][b] is the blob of the last history frame that blob b of frame t
	// descends from through unbroken links, or −1.
	ref   [][]int
	parts map[Decomposer][]float64
}

// Analyze derives the features of forecast, which must lie on the history's
// grid and start one time step after the last history frame.
func (s *Scene) Analyze(forecast *occupancy.Sequence) (*Candidate, error) {
	h := s.History
	if err := forecast.Validate(); err != nil {
		return nil, fmt.Errorf("energy: forecast: %w", err)
	}
	if err := occupancy.CheckCompatible(h, forecast); err != nil {
		return nil, fmt.Errorf("energy: forecast: %w", err)
	}
	if want := h.Time(h.Frames); math.Abs(forecast.Start-want) > 1e-6 {
		return nil, fmt.Errorf("energy: forecast starts at %g s, want %g s: the first forecast frame must follow the last history frame by one time step", forecast.Start, want)
	}
	c := &Candidate{Occupancy: forecast, frames: make([]frameFeatures, forecast.Frames), ref: make([][]int, forecast.Frames)}
	gate := s.Config.MaxSpeed * h.TimeStep / h.Resolution
	prev := &s.last
	for t := range c.frames {
		f := s.segment(forecast.Frame(t))
		s.track(prev, &f, h.TimeStep, gate)
		s.finish(&f)
		c.frames[t] = f
		c.ref[t] = make([]int, len(f.blobs))
		for b, l := range f.link {
			switch {
			case l < 0:
				c.ref[t][b] = -1
			case t == 0:
				c.ref[t][b] = l
			default:
				c.ref[t][b] = c.ref[t-1][l]
			}
		}
		prev = &c.frames[t]
	}
	return c, nil
}

// Release returns the buffers of c, which must come from s.Analyze, for
// reuse by later Analyze calls. c must not be used afterwards.
func (s *Scene) Release(c *Candidate) {
	for t := range c.frames {
		s.labelPool = append(s.labelPool, c.frames[t].labels)
		s.distPool = append(s.distPool, c.frames[t].dist)
	}
	c.frames = nil
}

// previous returns the features of the frame before forecast frame t: the
// last history frame for t = 0.
func (s *Scene) previous(c *Candidate, t int) *frameFeatures {
	if t == 0 {
		return &s.last
	}
	return &c.frames[t-1]
}
