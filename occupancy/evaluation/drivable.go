package evaluation

import (
	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/commonroad"
	"github.com/ebm-av/ebm_av/geom"
	"github.com/ebm-av/ebm_av/occupancy"
)

// DrivableMask returns the drivable area of sc on layout: 1 in cells whose
// centre lies inside a lanelet, else 0, Height×Width row-major.
func DrivableMask(sc *commonroad.Scenario, layout occupancy.Layout) []float32 {
	g := maskGrid(layout)
	plane := g.Plane(0)
	for i := range sc.Lanelets {
		g.FillPolygon(plane, sc.Lanelets[i].Polygon(), 1)
	}
	return plane
}

// PolygonMask returns 1 in the cells of layout whose centre lies inside poly
// (world coordinates, m), else 0, Height×Width row-major.
func PolygonMask(poly []geom.Vec2, layout occupancy.Layout) []float32 {
	g := maskGrid(layout)
	plane := g.Plane(0)
	g.FillPolygon(plane, poly, 1)
	return plane
}

func maskGrid(layout occupancy.Layout) *bev.Grid {
	g := bev.NewGrid([]string{"mask"}, layout.Height, layout.Width, layout.Resolution)
	g.OriginX, g.OriginY, g.OriginYaw = layout.OriginX, layout.OriginY, layout.OriginYaw
	return g
}
