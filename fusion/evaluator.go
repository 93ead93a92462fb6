package fusion

import (
	"fmt"
	"math"
)

// Projected is a scene projected under one extrinsic, computed lazily as
// terms request it.
type Projected struct {
	Scene     *Scene
	Extrinsic Rigid

	proj projection

	// U and V are the pixel coordinates of each discontinuity point and In
	// reports whether it lies in front of the camera and inside the image.
	U, V []float64
	In   []bool
	// Inside counts the discontinuity points with In set.
	Inside int

	geometryDone bool
	geometry     GeometryStats
}

// Evaluator evaluates a set of terms on one scene. It reuses its buffers
// between calls, so it is not safe for concurrent use.
type Evaluator struct {
	scene *Scene
	terms []Term
	p     Projected
	sums  []Sums
}

// NewEvaluator returns an evaluator of terms on scene. It rejects an empty
// term list, duplicate names and non-finite or negative weights.
func NewEvaluator(scene *Scene, terms ...Term) (*Evaluator, error) {
	if scene == nil {
		return nil, fmt.Errorf("fusion: nil scene")
	}
	if len(terms) == 0 {
		return nil, fmt.Errorf("fusion: no energy terms: add at least one term")
	}
	seen := map[string]bool{}
	for _, t := range terms {
		if seen[t.Name()] {
			return nil, fmt.Errorf("fusion: duplicate energy term %q", t.Name())
		}
		seen[t.Name()] = true
		if w := t.Weight(); !(w >= 0) || math.IsInf(w, 0) {
			return nil, fmt.Errorf("fusion: energy term %q has weight %v, expected a finite value ≥ 0", t.Name(), w)
		}
	}
	return &Evaluator{scene: scene, terms: terms, sums: make([]Sums, len(terms))}, nil
}

// Reset points the evaluator at the next frame's scene and keeps its terms
// and buffers, so a node can reuse one evaluator for every frame.
func (e *Evaluator) Reset(scene *Scene) error {
	if scene == nil {
		return fmt.Errorf("fusion: nil scene")
	}
	e.scene = scene
	return nil
}

// Scene returns the scene the evaluator scores.
func (e *Evaluator) Scene() *Scene { return e.scene }

// Terms returns the terms in evaluation order.
func (e *Evaluator) Terms() []Term { return e.terms }

// Sums projects the scene under ext and returns each term's sums, in the
// order of Terms. The result is overwritten by the next call; copy it with
// Sums.CopyFrom to keep it.
func (e *Evaluator) Sums(ext Rigid) ([]Sums, error) {
	if !e.scene.ready {
		return nil, fmt.Errorf("fusion: scene is not built: the last Scene.Reset failed")
	}
	if err := ext.Validate(); err != nil {
		return nil, err
	}
	e.project(ext)
	if e.p.Inside == 0 {
		return nil, fmt.Errorf("%w: check the extrinsic (translation %.3f m, rotation %.2f°)",
			ErrNoOverlap, ext.TranslationNorm(), ext.RotationAngle()*180/math.Pi)
	}
	for i, t := range e.terms {
		if err := t.Evaluate(&e.p, &e.sums[i]); err != nil {
			return nil, fmt.Errorf("fusion: term %q: %w", t.Name(), err)
		}
	}
	return e.sums, nil
}

// Energy returns the weighted total energy under ext.
func (e *Evaluator) Energy(ext Rigid) (float64, error) {
	sums, err := e.Sums(ext)
	if err != nil {
		return 0, err
	}
	return Total(e.terms, sums, nil, nil), nil
}

// Breakdown returns the energy of each term under ext, appended to dst.
func (e *Evaluator) Breakdown(ext Rigid, dst []TermEnergy) ([]TermEnergy, error) {
	sums, err := e.Sums(ext)
	if err != nil {
		return dst, err
	}
	for i, t := range e.terms {
		dst = append(dst, TermEnergy{Name: t.Name(), Weight: t.Weight(), Energy: sums[i].Energy(nil)})
	}
	return dst, nil
}

// Total returns Σ weight·energy over terms, weighting LiDAR-sector units by
// sectorW and image-tile units by tileW (nil for all 1).
func Total(terms []Term, sums []Sums, sectorW, tileW []float64) float64 {
	var total float64
	for i, t := range terms {
		var w []float64
		switch sums[i].Units {
		case LidarSectors:
			w = sectorW
		case ImageTiles:
			w = tileW
		}
		total += t.Weight() * sums[i].Energy(w)
	}
	return total
}

func (e *Evaluator) project(ext Rigid) {
	s := e.scene
	p := &e.p
	p.Scene, p.Extrinsic = s, ext
	p.proj = newProjection(&s.cam, ext)
	p.geometryDone = false
	n := len(s.disc.weight)
	if cap(p.U) < n {
		p.U, p.V, p.In = make([]float64, n), make([]float64, n), make([]bool, n)
	}
	p.U, p.V, p.In = p.U[:n], p.V[:n], p.In[:n]
	maxU, maxV := float64(s.cam.Width-1), float64(s.cam.Height-1)
	p.Inside = 0
	xyz := s.disc.xyz
	for i := 0; i < n; i++ {
		u, v, w := p.proj.apply(float64(xyz[3*i]), float64(xyz[3*i+1]), float64(xyz[3*i+2]))
		in := w > 0 && u >= 0 && u <= maxU && v >= 0 && v <= maxV
		p.U[i], p.V[i], p.In[i] = u, v, in
		if in {
			p.Inside++
		}
	}
}
