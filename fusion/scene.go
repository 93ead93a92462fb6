package fusion

import (
	"errors"
	"fmt"
	"math"
)

// SceneConfig sets the per-frame preprocessing. DefaultSceneConfig returns
// the values the tests and benchmarks use.
type SceneConfig struct {
	// EdgeAlpha and EdgeDecay shape the inverse distance transform
	// D = α·E + (1−α)·max_q E(q)·γ^d(q) of the image edge map E, with γ =
	// EdgeDecay per pixel of chessboard distance d.
	EdgeAlpha, EdgeDecay float64
	// LocalMeanRadius (pixels), when positive, subtracts from D its mean
	// over a (2r+1)-pixel square window. Points then score for landing on
	// an edge rather than in a region dense with edges, such as foliage.
	LocalMeanRadius int
	// EdgeFraction is the share of pixels, the strongest edges, that the
	// LiDAR-evidence term checks for a nearby depth discontinuity.
	EdgeFraction float64
	// MinJump and MaxJump (metres) select and cap range jumps between ring
	// neighbours. MinRange (metres) drops returns from the vehicle itself.
	MinJump, MaxJump, MinRange float64
	// MaxAzimuthGap (radians) is the largest azimuth step between two
	// consecutive returns that still counts them as ring neighbours.
	MaxAzimuthGap float64
	// EdgeOffset places each depth discontinuity between the near return
	// and its far neighbour on the ring, as a fraction of the azimuth step
	// between them. 0 keeps the near return and 0.5 puts it midway. The
	// occluding edge lies somewhere within that step, so the near return
	// alone puts every edge inside its object's outline.
	EdgeOffset float64
	// SectorAzimuth (radians) and SectorRings size the LiDAR resampling
	// sectors; TileCols×TileRows splits the image into resampling tiles.
	SectorAzimuth      float64
	SectorRings        int
	TileCols, TileRows int
	// GeometryStride keeps every GeometryStride-th point for the geometry
	// term, which needs only point counts.
	GeometryStride int
	// Sweep gives each point's capture time, which Scene.SetEgoMotion
	// needs to undo the vehicle's motion during the sweep.
	Sweep Sweep
}

// DefaultSceneConfig returns settings for a 64-beam LiDAR at 10 Hz and a
// camera of about 1 megapixel.
func DefaultSceneConfig() SceneConfig {
	return SceneConfig{
		EdgeAlpha:       1.0 / 3,
		EdgeDecay:       0.9,
		EdgeFraction:    0.02,
		LocalMeanRadius: 8,
		MinJump:         0.5,
		MaxJump:         5,
		MinRange:        2,
		MaxAzimuthGap:   0.01,
		EdgeOffset:      0.5,
		SectorAzimuth:   4 * math.Pi / 180,
		SectorRings:     16,
		TileCols:        16,
		TileRows:        4,
		GeometryStride:  2,
		Sweep:           DefaultSweep(),
	}
}

func (c *SceneConfig) validate() error {
	switch {
	case !(c.EdgeAlpha >= 0 && c.EdgeAlpha <= 1):
		return fmt.Errorf("fusion: EdgeAlpha %v outside [0, 1]", c.EdgeAlpha)
	case !(c.EdgeDecay > 0 && c.EdgeDecay < 1):
		return fmt.Errorf("fusion: EdgeDecay %v outside (0, 1)", c.EdgeDecay)
	case c.LocalMeanRadius < 0:
		return fmt.Errorf("fusion: LocalMeanRadius %d px, expected ≥ 0", c.LocalMeanRadius)
	case !(c.EdgeFraction > 0 && c.EdgeFraction <= 1):
		return fmt.Errorf("fusion: EdgeFraction %v outside (0, 1]", c.EdgeFraction)
	case !(c.MinJump > 0 && c.MaxJump >= c.MinJump):
		return fmt.Errorf("fusion: jump limits [%v, %v] m, expected 0 < MinJump ≤ MaxJump", c.MinJump, c.MaxJump)
	case !(c.MinRange >= 0):
		return fmt.Errorf("fusion: MinRange %v m, expected ≥ 0", c.MinRange)
	case !(c.MaxAzimuthGap > 0):
		return fmt.Errorf("fusion: MaxAzimuthGap %v rad, expected > 0", c.MaxAzimuthGap)
	case !(c.EdgeOffset >= 0 && c.EdgeOffset <= 1):
		return fmt.Errorf("fusion: EdgeOffset %v outside [0, 1]. Use 0 for the near return or 0.5 for midway", c.EdgeOffset)
	case !(c.SectorAzimuth > 0) || c.SectorRings < 1:
		return fmt.Errorf("fusion: sector %v rad × %d rings, expected positive sizes", c.SectorAzimuth, c.SectorRings)
	case c.TileCols < 1 || c.TileRows < 1:
		return fmt.Errorf("fusion: %d×%d image tiles, expected at least 1×1", c.TileCols, c.TileRows)
	case c.GeometryStride < 1:
		return fmt.Errorf("fusion: GeometryStride %d, expected ≥ 1", c.GeometryStride)
	}
	return c.Sweep.validate()
}

// Scene is the extrinsic-independent preprocessing of one camera image and
// one LiDAR scan. Between calls to Reset and SetEgoMotion it is read-only
// and safe to share between goroutines.
type Scene struct {
	cam Camera
	cfg SceneConfig

	// edge is the inverse distance transform of the edge map, less its
	// local mean when LocalMeanRadius is set. edgeMean is the mean of its
	// absolute value over the image.
	edge     []float32
	edgeMean float64

	// Strongest edge pixels: index into the image, strength and tile.
	edgePix      []int32
	edgeStrength []float32
	edgeTile     []int32

	disc    discontinuities
	sectors int
	// geometry holds x, y, z of every GeometryStride-th usable point after
	// SetEgoMotion, and measuredGeometry the same points as measured.
	geometry, measuredGeometry []float32
	motion                     EgoMotion

	stats SceneStats
	ready bool

	// Scratch storage kept for Reset: the raw edge map and the integral
	// image of the local-mean filter.
	rawEdge  []float32
	integral []float64
}

// SceneStats counts what NewScene kept.
type SceneStats struct {
	Points          int // points in the input
	Usable          int // finite points beyond MinRange
	Rings           int // scan rings inferred from azimuth wraps
	Discontinuities int
	EdgePixels      int
}

// Errors returned for unusable input; match them with errors.Is.
var (
	ErrEmptyCloud    = errors.New("fusion: point cloud has no usable points")
	ErrImageMismatch = errors.New("fusion: image size does not match the camera")
	ErrNoOverlap     = errors.New("fusion: no LiDAR depth discontinuity projects into the image")
)

// NewScene preprocesses an image and a LiDAR scan. points holds (x, y, z,
// intensity) quadruples in metres in the LiDAR frame, in firing order. Points
// with a NaN or infinite coordinate are dropped.
func NewScene(img Image, points []float32, cam Camera, cfg SceneConfig) (*Scene, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	s := &Scene{cfg: cfg}
	if err := s.Reset(img, points, cam); err != nil {
		return nil, err
	}
	return s, nil
}

// Reset rebuilds the scene in place from the next frame, reusing its
// buffers, so a node at 10 Hz does not allocate the image-sized maps again.
// It must not run while an evaluation of the scene is in progress. After an
// error the scene cannot be evaluated until a Reset succeeds.
func (s *Scene) Reset(img Image, points []float32, cam Camera) error {
	s.ready = false
	s.motion = EgoMotion{}
	if err := cam.Validate(); err != nil {
		return err
	}
	if img.Width != cam.Width || img.Height != cam.Height {
		return fmt.Errorf("%w: image %d×%d, camera %d×%d: use the CameraInfo of this image stream",
			ErrImageMismatch, img.Width, img.Height, cam.Width, cam.Height)
	}
	if len(img.Pix) != img.Width*img.Height {
		return fmt.Errorf("%w: %d pixels for %d×%d", ErrImageMismatch, len(img.Pix), img.Width, img.Height)
	}
	if len(points)%4 != 0 {
		return fmt.Errorf("fusion: point buffer length %d is not a multiple of 4 (x, y, z, intensity)", len(points))
	}
	cfg := &s.cfg
	s.cam = cam
	s.stats = SceneStats{Points: len(points) / 4}

	usable, rings := findDiscontinuities(points, cfg, &s.disc)
	s.stats.Usable, s.stats.Rings = usable, rings
	s.stats.Discontinuities = len(s.disc.weight)
	if usable == 0 {
		return fmt.Errorf("%w: %d points, none finite and beyond %.1f m", ErrEmptyCloud, s.stats.Points, cfg.MinRange)
	}
	if len(s.disc.weight) == 0 {
		return fmt.Errorf("%w: %d usable points but no range jump of %.2f m or more", ErrEmptyCloud, usable, cfg.MinJump)
	}
	s.sectors = int(math.Ceil(2*math.Pi/cfg.SectorAzimuth)) * maxRingBands

	s.measuredGeometry = s.measuredGeometry[:0]
	k := 0
	for i := 0; i+3 < len(points); i += 4 {
		x, y, z := points[i], points[i+1], points[i+2]
		r := math.Sqrt(float64(x*x + y*y + z*z))
		if math.IsNaN(r) || math.IsInf(r, 0) || r < cfg.MinRange {
			continue
		}
		if k%cfg.GeometryStride == 0 {
			s.measuredGeometry = append(s.measuredGeometry, x, y, z)
		}
		k++
	}

	s.disc.xyz = append(s.disc.xyz[:0], s.disc.measured...)
	s.geometry = append(s.geometry[:0], s.measuredGeometry...)

	s.buildEdges(img)
	s.ready = true
	return nil
}

// SetEgoMotion undoes the vehicle's motion during the sweep (de-skews the
// scan). It moves each LiDAR point from where the vehicle was when the
// LiDAR measured it, at the capture time of its azimuth under
// SceneConfig.Sweep, to the LiDAR frame at the camera exposure. Each call
// starts from the points as measured, so the zero EgoMotion restores them;
// Reset also restores them. Like Reset, it must not run while an
// evaluation of the scene is in progress.
//
// On a vehicle at 10 m/s, a 10 Hz scan spans 1 m of travel, and points
// measured a quarter revolution from the trigger azimuth are 25 cm off.
// Along the LiDAR's forward axis that looks like extrinsic drift.
func (s *Scene) SetEgoMotion(m EgoMotion) error {
	if !s.ready {
		return errors.New("fusion: scene not built: call Reset with a valid frame before SetEgoMotion")
	}
	if err := m.validate(); err != nil {
		return err
	}
	s.motion = m
	if m.IsZero() {
		copy(s.disc.xyz, s.disc.measured)
		copy(s.geometry, s.measuredGeometry)
		return nil
	}
	deskew(s.disc.xyz, s.disc.measured, &s.cfg.Sweep, m)
	deskew(s.geometry, s.measuredGeometry, &s.cfg.Sweep, m)
	return nil
}

// EgoMotion returns the motion the scene's points are corrected for: the
// zero value after Reset.
func (s *Scene) EgoMotion() EgoMotion { return s.motion }

func (s *Scene) buildEdges(img Image) {
	w, h := img.Width, img.Height
	s.rawEdge = grow32(s.rawEdge, w*h)
	s.edge = grow32(s.edge, w*h)
	e := s.rawEdge
	edgeMagnitude(img, e)
	inverseDistanceTransform(s.edge, e, w, h, float32(s.cfg.EdgeAlpha), float32(s.cfg.EdgeDecay))
	if s.cfg.LocalMeanRadius > 0 {
		if n := (w + 1) * (h + 1); cap(s.integral) < n {
			s.integral = make([]float64, n)
		}
		subtractLocalMean(s.edge, w, h, s.cfg.LocalMeanRadius, s.integral[:(w+1)*(h+1)])
	}
	var sum float64
	for _, v := range s.edge {
		sum += math.Abs(float64(v))
	}
	s.edgeMean = sum / float64(len(s.edge))

	s.edgePix, s.edgeStrength, s.edgeTile = s.edgePix[:0], s.edgeStrength[:0], s.edgeTile[:0]
	cut := edgeCut(e, s.cfg.EdgeFraction)
	tw := (w + s.cfg.TileCols - 1) / s.cfg.TileCols
	th := (h + s.cfg.TileRows - 1) / s.cfg.TileRows
	for i, v := range e {
		if v < cut {
			continue
		}
		u, r := i%w, i/w
		s.edgePix = append(s.edgePix, int32(i))
		s.edgeStrength = append(s.edgeStrength, v)
		s.edgeTile = append(s.edgeTile, int32((r/th)*s.cfg.TileCols+u/tw))
	}
	s.stats.EdgePixels = len(s.edgePix)
}

// Camera returns the camera the scene was built for.
func (s *Scene) Camera() Camera { return s.cam }

// Stats returns the point and pixel counts of the scene.
func (s *Scene) Stats() SceneStats { return s.stats }

// Units returns the number of resampling units of each kind.
func (s *Scene) Units(kind UnitKind) int {
	switch kind {
	case LidarSectors:
		return s.sectors
	case ImageTiles:
		return s.cfg.TileCols * s.cfg.TileRows
	}
	return 1
}

// edgeCut returns the smallest magnitude among about the strongest fraction
// of edge values, from a histogram of 4096 bins, so the cut is exact to
// 1/4096 of the largest magnitude. It never returns 0, so pixels without an
// edge are never selected.
func edgeCut(e []float32, fraction float64) float32 {
	const bins = 4096
	var top float32
	for _, v := range e {
		top = max(top, v)
	}
	if top <= 0 {
		return math.MaxFloat32
	}
	var hist [bins]int
	scale := float32(bins-1) / top
	for _, v := range e {
		hist[int(v*scale)]++
	}
	want := int(math.Ceil(fraction * float64(len(e))))
	count := 0
	for b := bins - 1; b > 0; b-- {
		count += hist[b]
		if count >= want {
			return float32(b) / scale
		}
	}
	return 1 / scale
}

// grow32 returns b resized to n values, reallocating only when it is too
// small. The contents are not cleared.
func grow32(b []float32, n int) []float32 {
	if cap(b) < n {
		return make([]float32, n)
	}
	return b[:n]
}
