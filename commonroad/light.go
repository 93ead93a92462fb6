package commonroad

import (
	"github.com/ebm-av/ebm_av/geom"
	"github.com/ebm-av/ebm_av/lanemap"
)

// LightColor is the colour of a traffic light cycle phase.
type LightColor string

// Traffic light colours of the CommonRoad format.
const (
	ColorRed       LightColor = "red"
	ColorRedYellow LightColor = "redYellow"
	ColorGreen     LightColor = "green"
	ColorYellow    LightColor = "yellow"
	ColorInactive  LightColor = "inactive"
)

// CyclePhase is one phase of a traffic light cycle.
type CyclePhase struct {
	Color    LightColor
	Duration int // time steps, > 0
}

// TrafficLight is a light with its repeating cycle. The cycle starts at time
// step TimeOffset.
type TrafficLight struct {
	ID          int
	Cycle       []CyclePhase
	TimeOffset  int
	Position    geom.Vec2
	HasPosition bool
	Direction   string // "all", "left", "straight", …, or "" when absent
	Active      bool
}

// ColorAt returns the colour at scene time step k. An inactive light returns
// ColorInactive. Steps before TimeOffset continue the cycle backwards.
func (l *TrafficLight) ColorAt(k int) LightColor {
	if !l.Active || len(l.Cycle) == 0 {
		return ColorInactive
	}
	period := 0
	for _, p := range l.Cycle {
		period += p.Duration
	}
	u := (k - l.TimeOffset) % period
	if u < 0 {
		u += period
	}
	for _, p := range l.Cycle {
		if u < p.Duration {
			return p.Color
		}
		u -= p.Duration
	}
	return l.Cycle[len(l.Cycle)-1].Color // unreachable: u < period
}

// StateAt returns the lanemap light state at scene time step k.
func (l *TrafficLight) StateAt(k int) lanemap.LightState {
	switch l.ColorAt(k) {
	case ColorRed:
		return lanemap.LightRed
	case ColorYellow:
		return lanemap.LightYellow
	case ColorGreen:
		return lanemap.LightGreen
	case ColorRedYellow:
		return lanemap.LightRedYellow
	case ColorInactive:
		return lanemap.LightInactive
	}
	return lanemap.LightUnknown
}

func validLightColor(c string) bool {
	switch LightColor(c) {
	case ColorRed, ColorRedYellow, ColorGreen, ColorYellow, ColorInactive:
		return true
	}
	return false
}
