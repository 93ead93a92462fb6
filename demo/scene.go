// Package demo generates the built-in default scene: a synthetic three-lane
// motorway written as a CommonRoad 2020a scenario with a recorded-style ego
// solution, so that the whole import, replay and evaluation pipeline runs
// without downloads or external data.
package demo

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
)

// Scene geometry and timing. Lanes run along +x; lane 1 is the rightmost.
const (
	ScenarioID   = "ZAM_EbmDemo-1_1_T-1"
	laneWidth    = 3.5   // m
	roadLength   = 700.0 // m
	boundSpacing = 10.0  // m between bound points
	timeStep     = 0.1   // s
	steps        = 150   // 15 s of motion
	speedLimit   = 33.33 // m/s, German sign 274 value
	egoLength    = 4.298 // CommonRoad vehicle 1 (Ford Escort), m
	egoWidth     = 1.674
)

// vehicle is a scripted traffic participant: a longitudinal speed profile and
// an optional lane change.
type vehicle struct {
	id            int
	kind          string
	length, width float64
	x0, v0        float64
	accel         float64 // m/s², applied until the speed reaches vMin
	vMin          float64
	lane0, lane1  int     // lanes before and after the lane change
	changeStart   float64 // s
	changeTime    float64 // s; 0 for no lane change
}

func laneCenter(lane int) float64 { return (float64(lane) - 0.5) * laneWidth }

// state returns position, heading and speed at time t.
func (v vehicle) state(t float64) (x, y, yaw, speed float64) {
	speed, x = v.v0, v.x0+v.v0*t
	if v.accel != 0 {
		tb := (v.vMin - v.v0) / v.accel // time until the speed bound
		if tb < 0 {
			tb = 0
		}
		if t < tb {
			speed = v.v0 + v.accel*t
			x = v.x0 + v.v0*t + 0.5*v.accel*t*t
		} else {
			speed = v.vMin
			x = v.x0 + v.v0*tb + 0.5*v.accel*tb*tb + v.vMin*(t-tb)
		}
	}
	y0, y1 := laneCenter(v.lane0), laneCenter(v.lane1)
	y, dy := y0, 0.0
	if v.changeTime > 0 {
		u := (t - v.changeStart) / v.changeTime
		switch {
		case u >= 1:
			y = y1
		case u > 0:
			// Quintic smoothstep: zero lateral speed and acceleration at both ends.
			s := u * u * u * (10 - 15*u + 6*u*u)
			ds := 30 * u * u * (1 - u) * (1 - u) / v.changeTime
			y = y0 + (y1-y0)*s
			dy = (y1 - y0) * ds
		}
	}
	return x, y, math.Atan2(dy, speed), speed
}

// The ego keeps 25 m/s behind a slower lead vehicle and changes to the left
// lane between 2 s and 6 s, as a human driver would.
var (
	ego = vehicle{id: 1, kind: "car", length: egoLength, width: egoWidth, x0: 60, v0: 25,
		lane0: 2, lane1: 3, changeStart: 2, changeTime: 4}
	traffic = []vehicle{
		{id: 101, kind: "car", length: 4.6, width: 1.9, x0: 115, v0: 17, lane0: 2, lane1: 2},
		{id: 102, kind: "car", length: 4.8, width: 1.9, x0: 15, v0: 27, lane0: 3, lane1: 3},
		{id: 103, kind: "car", length: 4.4, width: 1.8, x0: 90, v0: 22, lane0: 1, lane1: 1},
		{id: 104, kind: "truck", length: 12, width: 2.5, x0: 170, v0: 21, lane0: 1, lane1: 1},
		{id: 105, kind: "car", length: 4.7, width: 1.9, x0: 230, v0: 30, lane0: 3, lane1: 3},
		{id: 106, kind: "car", length: 4.5, width: 1.8, x0: 30, v0: 24, accel: -0.5, vMin: 20, lane0: 1, lane1: 1},
	}
)

// Write writes the scenario and its solution into dir and returns their paths.
func Write(dir string) (scenario, solution string, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", fmt.Errorf("demo: %w", err)
	}
	scenario = filepath.Join(dir, ScenarioID+".cr.xml")
	solution = filepath.Join(dir, ScenarioID+".solution.xml")
	if err := os.WriteFile(scenario, []byte(ScenarioXML()), 0o644); err != nil {
		return "", "", fmt.Errorf("demo: %w", err)
	}
	if err := os.WriteFile(solution, []byte(SolutionXML()), 0o644); err != nil {
		return "", "", fmt.Errorf("demo: %w", err)
	}
	return scenario, solution, nil
}

// ScenarioXML returns the scenario in CommonRoad 2020a XML.
func ScenarioXML() string {
	var b strings.Builder
	fmt.Fprintf(&b, "<commonRoad timeStepSize=\"%g\" commonRoadVersion=\"2020a\" author=\"ebm_av\" affiliation=\"ebm_av\" source=\"ebm_av demo generator\" benchmarkID=%q date=\"2026-12-04\">\n", timeStep, ScenarioID)
	b.WriteString("  <location>\n    <geoNameId>-999</geoNameId>\n    <gpsLatitude>999.0</gpsLatitude>\n    <gpsLongitude>999.0</gpsLongitude>\n  </location>\n")
	b.WriteString("  <scenarioTags>\n    <interstate />\n  </scenarioTags>\n")
	for lane := 1; lane <= 3; lane++ {
		writeLanelet(&b, lane)
	}
	fmt.Fprintf(&b, "  <trafficSign id=\"10\">\n    <trafficSignElement>\n      <trafficSignID>274</trafficSignID>\n      <additionalValue>%g</additionalValue>\n    </trafficSignElement>\n", speedLimit)
	b.WriteString("    <position>\n      <point>\n        <x>0.0</x>\n        <y>-1.0</y>\n      </point>\n    </position>\n    <virtual>false</virtual>\n  </trafficSign>\n")
	for _, v := range traffic {
		writeObstacle(&b, v)
	}
	writePlanningProblem(&b)
	b.WriteString("</commonRoad>\n")
	return b.String()
}

func writeLanelet(b *strings.Builder, lane int) {
	fmt.Fprintf(b, "  <lanelet id=\"%d\">\n", lane)
	bound := func(tag string, y float64, marking string) {
		fmt.Fprintf(b, "    <%s>\n", tag)
		for x := 0.0; x <= roadLength+1e-9; x += boundSpacing {
			fmt.Fprintf(b, "      <point>\n        <x>%.1f</x>\n        <y>%.2f</y>\n      </point>\n", x, y)
		}
		fmt.Fprintf(b, "      <lineMarking>%s</lineMarking>\n    </%s>\n", marking, tag)
	}
	left, right := "dashed", "dashed"
	if lane == 3 {
		left = "solid"
	}
	if lane == 1 {
		right = "solid"
	}
	bound("leftBound", float64(lane)*laneWidth, left)
	bound("rightBound", float64(lane-1)*laneWidth, right)
	if lane < 3 {
		fmt.Fprintf(b, "    <adjacentLeft ref=\"%d\" drivingDir=\"same\" />\n", lane+1)
	}
	if lane > 1 {
		fmt.Fprintf(b, "    <adjacentRight ref=\"%d\" drivingDir=\"same\" />\n", lane-1)
	}
	b.WriteString("    <laneletType>interstate</laneletType>\n    <laneletType>mainCarriageWay</laneletType>\n")
	b.WriteString("    <userOneWay>vehicle</userOneWay>\n    <trafficSignRef ref=\"10\" />\n  </lanelet>\n")
}

func writeState(b *strings.Builder, indent string, step int, x, y, yaw, v float64, full bool) {
	fmt.Fprintf(b, "%s<time>\n%s  <exact>%d</exact>\n%s</time>\n", indent, indent, step, indent)
	fmt.Fprintf(b, "%s<position>\n%s  <point>\n%s    <x>%.4f</x>\n%s    <y>%.4f</y>\n%s  </point>\n%s</position>\n", indent, indent, indent, x, indent, y, indent, indent)
	fmt.Fprintf(b, "%s<orientation>\n%s  <exact>%.5f</exact>\n%s</orientation>\n", indent, indent, yaw, indent)
	fmt.Fprintf(b, "%s<velocity>\n%s  <exact>%.4f</exact>\n%s</velocity>\n", indent, indent, v, indent)
	if full {
		for _, tag := range []string{"acceleration", "yawRate", "slipAngle"} {
			fmt.Fprintf(b, "%s<%s>\n%s  <exact>0.0</exact>\n%s</%s>\n", indent, tag, indent, indent, tag)
		}
	}
}

func writeObstacle(b *strings.Builder, v vehicle) {
	fmt.Fprintf(b, "  <dynamicObstacle id=\"%d\">\n    <type>%s</type>\n", v.id, v.kind)
	fmt.Fprintf(b, "    <shape>\n      <rectangle>\n        <length>%g</length>\n        <width>%g</width>\n      </rectangle>\n    </shape>\n", v.length, v.width)
	x, y, yaw, s := v.state(0)
	b.WriteString("    <initialState>\n")
	writeState(b, "      ", 0, x, y, yaw, s, true)
	b.WriteString("    </initialState>\n    <trajectory>\n")
	for k := 1; k <= steps; k++ {
		x, y, yaw, s := v.state(float64(k) * timeStep)
		b.WriteString("      <state>\n")
		writeState(b, "        ", k, x, y, yaw, s, false)
		b.WriteString("      </state>\n")
	}
	b.WriteString("    </trajectory>\n  </dynamicObstacle>\n")
}

func writePlanningProblem(b *strings.Builder) {
	x, y, yaw, s := ego.state(0)
	b.WriteString("  <planningProblem id=\"1\">\n    <initialState>\n")
	writeState(b, "      ", 0, x, y, yaw, s, true)
	b.WriteString("    </initialState>\n    <goalState>\n")
	fmt.Fprintf(b, "      <time>\n        <intervalStart>0</intervalStart>\n        <intervalEnd>%d</intervalEnd>\n      </time>\n", steps)
	b.WriteString("      <position>\n        <polygon>\n")
	for _, p := range [][2]float64{{500, 2 * laneWidth}, {520, 2 * laneWidth}, {520, 3 * laneWidth}, {500, 3 * laneWidth}} {
		fmt.Fprintf(b, "          <point>\n            <x>%.1f</x>\n            <y>%.2f</y>\n          </point>\n", p[0], p[1])
	}
	b.WriteString("        </polygon>\n      </position>\n    </goalState>\n  </planningProblem>\n")
}

// SolutionXML returns the ego's trajectory as a CommonRoad solution with the
// kinematic single-track model of vehicle 1.
func SolutionXML() string {
	var b strings.Builder
	fmt.Fprintf(&b, "<CommonRoadSolution benchmark_id=\"KS1:TR2:%s:2020a\" date=\"2026-12-04T00:00:00\">\n", ScenarioID)
	b.WriteString("  <ksTrajectory planningProblem=\"1\">\n")
	for k := 0; k <= steps; k++ {
		x, y, yaw, s := ego.state(float64(k) * timeStep)
		fmt.Fprintf(&b, "    <ksState>\n      <x>%.4f</x>\n      <y>%.4f</y>\n      <steeringAngle>0.0</steeringAngle>\n      <velocity>%.4f</velocity>\n      <orientation>%.5f</orientation>\n      <time>%d</time>\n    </ksState>\n", x, y, s, yaw, k)
	}
	b.WriteString("  </ksTrajectory>\n</CommonRoadSolution>\n")
	return b.String()
}
