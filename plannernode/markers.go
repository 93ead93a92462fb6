package plannernode

import (
	"math"

	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/geometry_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/std_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/visualization_msgs"
	"github.com/ebm-av/ebm_av/planner"
	"github.com/ebm-av/ebm_av/traj"
)

// Marker colours: feasible candidates run from green (lowest energy) to red
// (highest), infeasible ones are magenta, the selection is cyan and wider.
var (
	colorInfeasible = std_msgs.ColorRGBA{R: 1, G: 0, B: 1, A: 0.35}
	colorSelected   = std_msgs.ColorRGBA{R: 0, G: 0.9, B: 1, A: 1}
)

const (
	candidateWidth = 0.05 // line width, m
	selectedWidth  = 0.3
	markerHeight   = 0.1 // z of the lines, m, so they draw above the ground grid
)

// energyColor maps an energy to green-to-red by its position between the
// lowest and highest feasible energy.
func energyColor(e, lo, hi float64) std_msgs.ColorRGBA {
	u := 0.0
	if hi > lo {
		u = (e - lo) / (hi - lo)
	}
	u = math.Max(0, math.Min(1, u))
	return std_msgs.ColorRGBA{R: float32(u), G: float32(1 - u), A: 0.8}
}

func lineStrip(ns string, id int32, t traj.Trajectory, header std_msgs.Header, width float64, c std_msgs.ColorRGBA) visualization_msgs.Marker {
	m := visualization_msgs.Marker{
		Header: header, Ns: ns, ID: id, Type: visualization_msgs.MarkerLineStrip, Action: visualization_msgs.MarkerAdd,
		Pose: msgconv.Pose(0, 0, 0), Scale: geometry_msgs.Vector3{X: width}, Color: c,
		Points: make([]geometry_msgs.Point, len(t.Points)),
	}
	for i, p := range t.Points {
		m.Points[i] = geometry_msgs.Point{X: p.X, Y: p.Y, Z: markerHeight}
	}
	return m
}

// markersMsg draws every candidate as a LINE_STRIP after a DELETEALL that
// clears the previous cycle's markers.
func markersMsg(cands []traj.Trajectory, res *planner.Result, stamp int64, frame string) visualization_msgs.MarkerArray {
	header := msgconv.Header(stamp, frame)
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, e := range res.Total {
		if res.Feasible[i] {
			lo, hi = math.Min(lo, e), math.Max(hi, e)
		}
	}
	out := visualization_msgs.MarkerArray{Markers: make([]visualization_msgs.Marker, 0, len(cands)+2)}
	out.Markers = append(out.Markers, visualization_msgs.Marker{Header: header, Action: visualization_msgs.MarkerDeleteall})
	for i, c := range cands {
		color := colorInfeasible
		if res.Feasible[i] {
			color = energyColor(res.Total[i], lo, hi)
		}
		out.Markers = append(out.Markers, lineStrip("candidates", int32(i), c, header, candidateWidth, color))
	}
	if res.Selected >= 0 {
		out.Markers = append(out.Markers, lineStrip("selected", 0, cands[res.Selected], header, selectedWidth, colorSelected))
	}
	return out
}
