package geom

// PointInPolygon reports whether p lies inside the simple polygon poly
// (vertices in either order, closing edge implied) by the even-odd crossing
// rule. Points exactly on an edge may fall on either side.
func PointInPolygon(p Vec2, poly []Vec2) bool {
	in := false
	n := len(poly)
	for i, j := 0, n-1; i < n; j, i = i, i+1 {
		a, b := poly[i], poly[j]
		if (a.Y > p.Y) != (b.Y > p.Y) {
			x := a.X + (p.Y-a.Y)*(b.X-a.X)/(b.Y-a.Y)
			if p.X < x {
				in = !in
			}
		}
	}
	return in
}

// SignedArea returns the area of the simple polygon poly, m², positive when
// its vertices run counter-clockwise.
func SignedArea(poly []Vec2) float64 {
	var a float64
	n := len(poly)
	for i, j := 0, n-1; i < n; j, i = i, i+1 {
		a += poly[j].Cross(poly[i])
	}
	return a / 2
}

// BoundingBox returns the axis-aligned bounds of pts. For no points, lo
// exceeds hi.
func BoundingBox(pts []Vec2) (lo, hi Vec2) {
	lo = Vec2{X: inf, Y: inf}
	hi = Vec2{X: -inf, Y: -inf}
	for _, p := range pts {
		lo.X, lo.Y = min(lo.X, p.X), min(lo.Y, p.Y)
		hi.X, hi.Y = max(hi.X, p.X), max(hi.Y, p.Y)
	}
	return lo, hi
}
