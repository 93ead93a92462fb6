package fusion

import (
	"math"
)

// discontinuities holds LiDAR points at the near side of a range jump along
// a scan ring, with their weight and resampling sector.
type discontinuities struct {
	// measured holds x, y, z per point in metres as the scan gives them,
	// and xyz the same points after Scene.SetEgoMotion.
	measured, xyz []float32
	weight        []float32
	sector        []int32
}

// findDiscontinuities scans points in firing order. A new ring starts where
// the azimuth falls back by more than π, the wrap of one revolution, which
// infers rings for clouds without a ring field such as KITTI scans. Two
// consecutive points are neighbours when they lie on the same ring less than
// cfg.MaxAzimuthGap apart. A point whose neighbour is at least cfg.MinJump
// farther gets the weight min(jump, cfg.MaxJump)^0.5, following Levinson and
// Thrun. Of its two neighbours, the one across the larger jump is its far
// neighbour. The discontinuity point keeps the near return's range and
// height, and turns about the LiDAR's z axis towards the far neighbour by
// cfg.EdgeOffset of the azimuth step between them. It stores the
// discontinuities in d, reusing its storage, and returns the number of
// usable points and the number of rings seen.
func findDiscontinuities(points []float32, cfg *SceneConfig, d *discontinuities) (usable, rings int) {
	n := len(points) / 4
	d.measured, d.weight, d.sector = d.measured[:0], d.weight[:0], d.sector[:0]
	ring := 0
	prevAz := math.Inf(-1)
	prevRange := math.NaN()
	prevIdx, prevRing := -1, 0
	// pendingJump is the jump of the previous usable point prevIdx, complete
	// only once the next point is read, and farAz the azimuth of the
	// neighbour across that jump.
	pendingJump, farAz := 0.0, 0.0

	emit := func(i int, jump, az float64, ring int) {
		if jump < cfg.MinJump {
			return
		}
		w := math.Sqrt(math.Min(jump, cfg.MaxJump))
		sin, cos := math.Sincos(cfg.EdgeOffset * (farAz - az))
		x, y := float64(points[4*i]), float64(points[4*i+1])
		d.measured = append(d.measured, float32(cos*x-sin*y), float32(sin*x+cos*y), points[4*i+2])
		d.weight = append(d.weight, float32(w))
		d.sector = append(d.sector, int32(sectorIndex(az, ring, cfg)))
	}

	for i := 0; i < n; i++ {
		x, y, z := float64(points[4*i]), float64(points[4*i+1]), float64(points[4*i+2])
		r := math.Sqrt(x*x + y*y + z*z)
		if math.IsNaN(r) || math.IsInf(r, 0) || r < cfg.MinRange {
			// A gap breaks the neighbour chain.
			if prevIdx >= 0 {
				emit(prevIdx, pendingJump, prevAz, prevRing)
			}
			prevIdx = -1
			continue
		}
		usable++
		az := math.Atan2(y, x)
		if az < prevAz-math.Pi {
			ring++
		}
		neighbour := prevIdx >= 0 && math.Abs(az-prevAz) < cfg.MaxAzimuthGap
		jump := 0.0
		if neighbour {
			// The previous point is at a near edge if this one is farther.
			if r-prevRange > pendingJump {
				pendingJump, farAz = r-prevRange, az
			}
			jump = prevRange - r
		}
		if prevIdx >= 0 {
			emit(prevIdx, pendingJump, prevAz, prevRing)
		}
		pendingJump, farAz = math.Max(jump, 0), prevAz
		prevIdx, prevRange, prevAz, prevRing = i, r, az, ring
	}
	if prevIdx >= 0 {
		emit(prevIdx, pendingJump, prevAz, prevRing)
	}
	return usable, ring + 1
}

// sectorIndex returns the resampling sector of a point: an azimuth bin of
// cfg.SectorAzimuth radians within a band of cfg.SectorRings rings.
func sectorIndex(az float64, ring int, cfg *SceneConfig) int {
	bins := int(math.Ceil(2 * math.Pi / cfg.SectorAzimuth))
	b := int((az + math.Pi) / cfg.SectorAzimuth)
	b = min(max(b, 0), bins-1)
	band := min(ring/cfg.SectorRings, maxRingBands-1)
	return band*bins + b
}

// maxRingBands bounds the number of ring bands so a cloud with spurious
// azimuth wraps cannot create unbounded sectors.
const maxRingBands = 16
