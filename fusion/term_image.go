package fusion

// ImageEvidenceTerm scores how strongly the image shows an edge where a
// LiDAR depth discontinuity projects. Its energy is minus the weighted mean
// of the edge map D at the projected discontinuities, divided by the mean
// of |D| over the image. D is the inverse distance transform of the image
// edges, less its local mean when SceneConfig.LocalMeanRadius is set, so
// the energy is near 0 for a random placement and negative when
// discontinuities land on image edges. Units are LiDAR sectors.
type ImageEvidenceTerm struct {
	W float64
}

// Name returns "image_evidence".
func (t *ImageEvidenceTerm) Name() string { return "image_evidence" }

// Weight returns W.
func (t *ImageEvidenceTerm) Weight() float64 { return t.W }

// Evaluate fills s with per-sector sums of weight·D and weight over the
// discontinuities inside the image.
func (t *ImageEvidenceTerm) Evaluate(p *Projected, s *Sums) error {
	sc := p.Scene
	scale := -1.0
	if sc.edgeMean > 0 {
		scale = -1 / sc.edgeMean
	}
	s.reset(LidarSectors, sc.sectors, scale)
	w, h := sc.cam.Width, sc.cam.Height
	for i, in := range p.In {
		if !in {
			continue
		}
		wt := float64(sc.disc.weight[i])
		k := sc.disc.sector[i]
		s.Num[k] += wt * bilinear(sc.edge, w, h, p.U[i], p.V[i])
		s.Den[k] += wt
	}
	return nil
}
