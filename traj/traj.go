// Package traj defines the planner's domain types: trajectories sampled on a
// time grid, ego state and predicted obstacles. Units are SI throughout:
// metres, seconds, radians, m/s, m/s² and 1/m. Positions are in the planning
// frame (REP 105 "map" unless a caller states otherwise).
package traj

// Point is one state of a trajectory.
type Point struct {
	T     float64 // time from the trajectory start, s
	X, Y  float64 // position of the reference point (rear-axle-independent box centre), m
	Yaw   float64 // heading, rad, counter-clockwise from +x
	V     float64 // longitudinal velocity, m/s
	A     float64 // longitudinal acceleration, m/s²
	Kappa float64 // curvature, 1/m
}

// Trajectory is a sequence of points on a strictly increasing time grid.
type Trajectory struct {
	Points []Point
}

// Duration returns the time span of t, or 0 for fewer than two points.
func (t Trajectory) Duration() float64 {
	if len(t.Points) < 2 {
		return 0
	}
	return t.Points[len(t.Points)-1].T - t.Points[0].T
}

// EgoState is the ego vehicle's state at the start of a planning cycle.
type EgoState struct {
	X, Y          float64 // box centre, m
	Yaw           float64 // rad
	V             float64 // m/s
	A             float64 // m/s²
	YawRate       float64 // rad/s
	SteeringAngle float64 // rad
	Length, Width float64 // footprint, m
}

// Shape is the footprint kind of an obstacle.
type Shape int

const (
	// Rectangle is an oriented box of Length × Width.
	Rectangle Shape = iota
	// Circle is a disc of Radius.
	Circle
)

// ObstacleState is one predicted or recorded state of an obstacle.
type ObstacleState struct {
	T      float64 // time from the planning cycle start, s
	X, Y   float64 // box or circle centre, m
	Yaw    float64 // rad
	V      float64 // m/s
	StdDev float64 // 1-sigma position uncertainty, m; 0 when unknown
}

// Obstacle is a dynamic or static obstacle with its states over time.
type Obstacle struct {
	ID            int
	Type          string // CommonRoad obstacle type, for example "car", "pedestrian"
	Shape         Shape
	Length, Width float64 // rectangle footprint, m
	Radius        float64 // circle footprint, m
	States        []ObstacleState
}

// StateAt returns the obstacle state at time t by linear interpolation, and
// false when t lies outside the obstacle's states.
func (o *Obstacle) StateAt(t float64) (ObstacleState, bool) {
	n := len(o.States)
	if n == 0 || t < o.States[0].T-1e-9 || t > o.States[n-1].T+1e-9 {
		return ObstacleState{}, false
	}
	if n == 1 {
		return o.States[0], true
	}
	// Binary search for the segment containing t.
	lo, hi := 0, n-1
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if o.States[mid].T <= t {
			lo = mid
		} else {
			hi = mid
		}
	}
	a, b := o.States[lo], o.States[hi]
	dt := b.T - a.T
	if dt <= 0 {
		return a, true
	}
	u := (t - a.T) / dt
	if u < 0 {
		u = 0
	} else if u > 1 {
		u = 1
	}
	return ObstacleState{
		T:      t,
		X:      a.X + u*(b.X-a.X),
		Y:      a.Y + u*(b.Y-a.Y),
		Yaw:    lerpAngle(a.Yaw, b.Yaw, u),
		V:      a.V + u*(b.V-a.V),
		StdDev: a.StdDev + u*(b.StdDev-a.StdDev),
	}, true
}
