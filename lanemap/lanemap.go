// Package lanemap holds the vector road map the planner reads: lanes with
// centre lines and bounds, speed limits and traffic lights.
package lanemap

// Vec2 is a point in the map frame, m.
type Vec2 struct{ X, Y float64 }

// Lane is one lane in driving direction.
type Lane struct {
	ID         int
	Center     []Vec2
	Left       []Vec2
	Right      []Vec2
	SpeedLimit float64 // m/s; 0 when unknown
	Successors []int
	AdjLeft    int // 0 when none
	AdjRight   int // 0 when none
}

// LightState is the state of a traffic light.
type LightState int

// Traffic light states, with the values of ebm_av/msg/TrafficLight.
const (
	LightUnknown LightState = iota
	LightRed
	LightYellow
	LightGreen
	LightRedYellow
	LightInactive
)

// TrafficLight is a light with the stop position on the lanes it controls.
type TrafficLight struct {
	ID      int
	State   LightState
	Stop    Vec2
	LaneIDs []int
}

// Map is the road context of one planning cycle.
type Map struct {
	Lanes         []Lane
	TrafficLights []TrafficLight
}
