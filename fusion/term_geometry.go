package fusion

import (
	"fmt"
	"math"
)

// GeometryCols and GeometryRows size the grid over the image, in normalised
// image coordinates, on which GeometryStats measures point density.
const (
	GeometryCols = 8
	GeometryRows = 4
)

// GeometryStats describes where a scan's points land under an extrinsic.
type GeometryStats struct {
	// Points is the number of points counted.
	Points int
	// Front is the share of points in front of the camera, and InImage the
	// share that also projects inside the image.
	Front, InImage float64
	// Density is the share of the in-image points in each cell of a
	// GeometryCols×GeometryRows grid, row by row.
	Density [GeometryCols * GeometryRows]float64
}

// Geometry returns the point statistics of the projection.
func (p *Projected) Geometry() GeometryStats {
	if p.geometryDone {
		return p.geometry
	}
	sc := p.Scene
	g := GeometryStats{Points: len(sc.geometry) / 3}
	w, h := float64(sc.cam.Width), float64(sc.cam.Height)
	var front, in int
	for i := 0; i+2 < len(sc.geometry); i += 3 {
		u, v, z := p.proj.apply(float64(sc.geometry[i]), float64(sc.geometry[i+1]), float64(sc.geometry[i+2]))
		if z <= 0 {
			continue
		}
		front++
		if u < 0 || u >= w || v < 0 || v >= h {
			continue
		}
		in++
		c := int(u / w * GeometryCols)
		r := int(v / h * GeometryRows)
		g.Density[r*GeometryCols+c]++
	}
	if g.Points > 0 {
		g.Front = float64(front) / float64(g.Points)
		g.InImage = float64(in) / float64(g.Points)
	}
	if in > 0 {
		for i := range g.Density {
			g.Density[i] /= float64(in)
		}
	}
	p.geometry, p.geometryDone = g, true
	return g
}

// MeasureGeometry returns the point statistics of scene under ext, for
// example to build a GeometryTerm reference from a frame with a trusted
// calibration.
func MeasureGeometry(scene *Scene, ext Rigid) (GeometryStats, error) {
	if err := ext.Validate(); err != nil {
		return GeometryStats{}, err
	}
	p := Projected{Scene: scene, Extrinsic: ext, proj: newProjection(&scene.cam, ext)}
	return p.Geometry(), nil
}

// GeometryTerm compares where the points land with a reference measured on
// a well-calibrated frame of the same rig: the energy is
// |InImage − ref|/ref + |Front − ref| + ½·Σ|Density − ref| (total
// variation distance). It is 0 at the reference and grows when too few or
// too many points project into the image or land in the wrong regions.
// It is a coarse check: scene content changes the statistics from frame to
// frame by several percent, more than a small drift does.
type GeometryTerm struct {
	W         float64
	Reference *GeometryStats
}

// Name returns "geometry".
func (t *GeometryTerm) Name() string { return "geometry" }

// Weight returns W.
func (t *GeometryTerm) Weight() float64 { return t.W }

// Evaluate fills s with the single sum of the term.
func (t *GeometryTerm) Evaluate(p *Projected, s *Sums) error {
	ref := t.Reference
	if ref == nil || ref.InImage <= 0 {
		return fmt.Errorf("geometry term needs a reference with points in the image: measure one with MeasureGeometry")
	}
	g := p.Geometry()
	e := math.Abs(g.InImage-ref.InImage)/ref.InImage + math.Abs(g.Front-ref.Front)
	var tv float64
	for i := range g.Density {
		tv += math.Abs(g.Density[i] - ref.Density[i])
	}
	e += tv / 2
	s.reset(NoUnits, 1, 1)
	s.Num[0], s.Den[0] = e, 1
	return nil
}

func errInvalidLidarTerm(t *LidarEvidenceTerm) error {
	return fmt.Errorf("invalid parameters: Cell %d px and CoverageWidth %d px must be ≥ 1, Decay %v in (0, 1)",
		t.Cell, t.CoverageWidth, t.Decay)
}
