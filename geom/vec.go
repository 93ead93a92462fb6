// Package geom provides the 2-D geometry of the planner: oriented boxes,
// circles, polygons and polylines with Frenet projection. Lengths are in
// metres and angles in radians, counter-clockwise from +x. The overlap,
// distance and projection routines allocate nothing, so the collision gate
// can call them per candidate state.
package geom

import "math"

// Vec2 is a point or vector in the plane, m.
type Vec2 struct{ X, Y float64 }

// Add returns v + w.
func (v Vec2) Add(w Vec2) Vec2 { return Vec2{v.X + w.X, v.Y + w.Y} }

// Sub returns v − w.
func (v Vec2) Sub(w Vec2) Vec2 { return Vec2{v.X - w.X, v.Y - w.Y} }

// Scale returns k·v.
func (v Vec2) Scale(k float64) Vec2 { return Vec2{k * v.X, k * v.Y} }

// Dot returns the scalar product v·w.
func (v Vec2) Dot(w Vec2) float64 { return v.X*w.X + v.Y*w.Y }

// Cross returns the z component of v × w, positive when w lies
// counter-clockwise of v.
func (v Vec2) Cross(w Vec2) float64 { return v.X*w.Y - v.Y*w.X }

// Norm returns the Euclidean length of v.
func (v Vec2) Norm() float64 { return math.Hypot(v.X, v.Y) }

// Rotate returns v rotated counter-clockwise by the angle whose sine and
// cosine are s and c.
func (v Vec2) Rotate(s, c float64) Vec2 { return Vec2{c*v.X - s*v.Y, s*v.X + c*v.Y} }

// Points converts a slice of any point type with fields X, Y (for example
// lanemap.Vec2) to a new []Vec2.
func Points[P ~struct{ X, Y float64 }](pts []P) []Vec2 {
	out := make([]Vec2, len(pts))
	for i, p := range pts {
		out[i] = Vec2(p)
	}
	return out
}
