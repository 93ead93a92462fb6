package energy

import "math"

// Dynamics penalises occupancy that moves at implausible speeds. Its parts:
//   - appear: mass farther than the reach (v_max·dt) from every occupied
//     cell of the previous frame, m²;
//   - vanish: mass of the previous frame farther than the reach from every
//     occupied cell of the current frame, m²;
//   - accel: for every blob linked to the previous frame, when both it and
//     its previous blob have a velocity, (a − AccelMax)/AccelMax where a
//     exceeds AccelMax. a is the norm of the change of centroid velocity per
//     time step, m/s². The part sums over blobs and frames.
//
// Mass within the reach of the grid border or of the unobserved region is
// exempt from appear and vanish, because objects enter and leave the view
// there. Blobs touching the grid border are exempt from accel, because a cut
// blob's centroid shifts. A link across a merge or split carries no velocity.
type Dynamics struct {
	W        float64 // term weight
	Appear   float64 // weight of the appear part, 1/m²
	Vanish   float64 // weight of the vanish part, 1/m²
	Accel    float64 // weight of the accel part, per blob and frame
	AccelMax float64 // acceleration below which blobs cost nothing, m/s²
	Softness float64 // distance beyond the reach over which a cell's cost rises from 0 to its full mass, m
}

// NewDynamics returns the dynamics term with weight 1, a free acceleration
// of 6 m/s² (hard braking of a car, or a tight turn at urban speed), a
// softness of 1 m and part weights 1, 1 and 4. With these weights a blob
// jump costs about as much as a car-sized patch of mass appearing from
// nowhere.
func NewDynamics() *Dynamics {
	return &Dynamics{W: 1, Appear: 1, Vanish: 1, Accel: 4, AccelMax: 6, Softness: 1}
}

// Name returns "dynamics".
func (*Dynamics) Name() string { return "dynamics" }

// Weight returns the term weight.
func (d *Dynamics) Weight() float64 { return d.W }

// PartNames returns the names of the parts.
func (*Dynamics) PartNames() []string { return []string{"appear", "vanish", "accel"} }

// PartWeights returns the weights of the parts.
func (d *Dynamics) PartWeights() []float64 { return []float64{d.Appear, d.Vanish, d.Accel} }

// Energy returns the weighted sum of the parts.
func (d *Dynamics) Energy(s *Scene, c *Candidate, cells []float64) float64 {
	return decomposedEnergy(d, s, c, cells)
}

// Parts returns appear, vanish and accel.
func (d *Dynamics) Parts(s *Scene, c *Candidate, cells [][]float64) []float64 {
	h := s.History
	area := h.Resolution * h.Resolution
	soft := max(d.Softness/h.Resolution, 1e-9)
	var appear, vanish, accel float64
	appearCells, vanishCells, accelCells := partCells(cells, 0), partCells(cells, 1), partCells(cells, 2)
	for t := range c.frames {
		prev, cur := s.previous(c, t), &c.frames[t]
		appear += d.strayMass(s, cur.plane, prev.dist, soft, area, appearCells)
		vanish += d.strayMass(s, prev.plane, cur.dist, soft, area, vanishCells)
		accel += d.accelCost(s, prev, cur, accelCells)
	}
	return []float64{appear, vanish, accel}
}

// strayMass returns the mass of plane farther than the reach from every
// occupied cell of the other frame (dist), ramped over soft cells, in m².
func (d *Dynamics) strayMass(s *Scene, plane []float32, dist []float64, soft, area float64, cells []float64) float64 {
	var sum float64
	for k, p := range plane {
		if p == 0 {
			continue
		}
		excess := dist[k] - s.Reach
		if excess <= 0 || s.inBorderBand(k) {
			continue
		}
		v := float64(p) * math.Min(1, excess/soft) * area
		sum += v
		if cells != nil {
			cells[k] += v
		}
	}
	return sum
}

// accelCost returns the accel part of frame cur and spreads each blob's cost
// over its cells in proportion to their probability.
func (d *Dynamics) accelCost(s *Scene, prev, cur *frameFeatures, cells []float64) float64 {
	if prev.velOK == nil {
		return 0
	}
	h := s.History
	var sum float64
	var perBlob []float64
	for b, l := range cur.link {
		if l < 0 || !cur.velOK[b] || !prev.velOK[l] {
			continue
		}
		if cur.blobs[b].nearBorder(h.Height, h.Width, 1) || prev.blobs[l].nearBorder(h.Height, h.Width, 1) {
			continue
		}
		dv := math.Hypot(cur.vel[b].Col-prev.vel[l].Col, cur.vel[b].Row-prev.vel[l].Row)
		a := dv * h.Resolution / h.TimeStep
		if a <= d.AccelMax {
			continue
		}
		v := (a - d.AccelMax) / d.AccelMax
		sum += v
		if cells != nil {
			if perBlob == nil {
				perBlob = make([]float64, len(cur.blobs))
			}
			perBlob[b] = v / cur.blobs[b].Mass
		}
	}
	if perBlob != nil {
		spreadOverBlobs(cur, perBlob, cells)
	}
	return sum
}

// spreadOverBlobs adds perMass[b]·p to every cell of blob b with probability p.
func spreadOverBlobs(f *frameFeatures, perMass []float64, cells []float64) {
	for k, b := range f.labels {
		if b >= 0 && perMass[b] != 0 {
			cells[k] += perMass[b] * float64(f.plane[k])
		}
	}
}

// partCells returns cells[i], or nil.
func partCells(cells [][]float64, i int) []float64 {
	if cells == nil {
		return nil
	}
	return cells[i]
}
