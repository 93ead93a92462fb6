package commonroad

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ebm-av/ebm_av/geom"
	"github.com/ebm-av/ebm_av/traj"
)

func points(xs []xmlPoint) []geom.Vec2 {
	out := make([]geom.Vec2, len(xs))
	for i, x := range xs {
		out[i] = geom.Vec2{X: float64(x.X), Y: float64(x.Y)}
	}
	return out
}

func refs(xs []xmlRef) []int {
	if len(xs) == 0 {
		return nil
	}
	out := make([]int, len(xs))
	for i, x := range xs {
		out[i] = int(x.Ref)
	}
	return out
}

func convertLanelet(x xmlLanelet) (Lanelet, error) {
	l := Lanelet{
		ID:                int(x.ID),
		Left:              points(x.Left.Points),
		Right:             points(x.Right.Points),
		LeftMarking:       x.Left.LineMarking,
		RightMarking:      x.Right.LineMarking,
		Predecessors:      refs(x.Predecessors),
		Successors:        refs(x.Successors),
		Types:             x.Types,
		UserOneWay:        x.UserOneWay,
		UserBidirectional: x.UserBidirectional,
		TrafficSigns:      refs(x.TrafficSignRefs),
		TrafficLights:     refs(x.TrafficLightRefs),
	}
	if len(l.Left) < 2 || len(l.Left) != len(l.Right) {
		return Lanelet{}, fmt.Errorf("<leftBound> has %d points and <rightBound> %d: both bounds need the same number of points, at least 2", len(l.Left), len(l.Right))
	}
	l.Center = make([]geom.Vec2, len(l.Left))
	for i := range l.Left {
		l.Center[i] = l.Left[i].Add(l.Right[i]).Scale(0.5)
	}
	if a := x.AdjacentLeft; a != nil {
		l.AdjacentLeft, l.AdjacentLeftSame = int(a.Ref), a.DrivingDir == "same"
	}
	if a := x.AdjacentRight; a != nil {
		l.AdjacentRight, l.AdjacentRightSame = int(a.Ref), a.DrivingDir == "same"
	}
	if sl := x.StopLine; sl != nil {
		l.StopLine = points(sl.Points)
		l.TrafficSigns = appendNew(l.TrafficSigns, refs(sl.TrafficSignRefs))
		l.TrafficLights = appendNew(l.TrafficLights, refs(sl.TrafficLightRefs))
	}
	if x.SpeedLimit != nil {
		l.SpeedLimit = float64(*x.SpeedLimit)
	}
	return l, nil
}

// appendNew appends the values of add missing from dst.
func appendNew(dst, add []int) []int {
next:
	for _, v := range add {
		for _, w := range dst {
			if v == w {
				continue next
			}
		}
		dst = append(dst, v)
	}
	return dst
}

func convertSign(x xmlTrafficSign) TrafficSign {
	t := TrafficSign{ID: int(x.ID), Virtual: strings.TrimSpace(x.Virtual) == "true"}
	for _, e := range x.Elements {
		t.Elements = append(t.Elements, TrafficSignElement{ID: strings.TrimSpace(e.ID), Values: e.Values})
	}
	if x.Position != nil && x.Position.Point != nil {
		t.Position = geom.Vec2{X: float64(x.Position.Point.X), Y: float64(x.Position.Point.Y)}
		t.HasPosition = true
	}
	return t
}

func convertLight(x xmlTrafficLight) (TrafficLight, error) {
	l := TrafficLight{
		ID:        int(x.ID),
		Direction: strings.TrimSpace(x.Direction),
		Active:    strings.TrimSpace(x.Active) != "false",
	}
	for i, e := range x.Cycle.Elements {
		c := strings.TrimSpace(e.Color)
		if !validLightColor(c) {
			return TrafficLight{}, fmt.Errorf("<cycleElement> %d: invalid <color> %q: expected red, redYellow, green, yellow or inactive", i+1, c)
		}
		if e.Duration <= 0 {
			return TrafficLight{}, fmt.Errorf("<cycleElement> %d: invalid <duration> %d: must be a positive number of time steps", i+1, e.Duration)
		}
		l.Cycle = append(l.Cycle, CyclePhase{Color: LightColor(c), Duration: int(e.Duration)})
	}
	if x.Cycle.TimeOffset != nil {
		l.TimeOffset = int(*x.Cycle.TimeOffset)
	}
	if x.Position != nil && x.Position.Point != nil {
		l.Position = geom.Vec2{X: float64(x.Position.Point.X), Y: float64(x.Position.Point.Y)}
		l.HasPosition = true
	}
	return l, nil
}

func convertIntersection(x xmlIntersection) Intersection {
	in := Intersection{ID: int(x.ID)}
	for _, i := range x.Incoming {
		inc := Incoming{
			ID:                 int(i.ID),
			Lanelets:           refs(i.Lanelets),
			SuccessorsRight:    refs(i.SuccessorsRight),
			SuccessorsStraight: refs(i.SuccessorsStraight),
			SuccessorsLeft:     refs(i.SuccessorsLeft),
		}
		if i.IsLeftOf != nil {
			inc.IsLeftOf = int(i.IsLeftOf.Ref)
		}
		in.Incoming = append(in.Incoming, inc)
	}
	return in
}

func convertObstacle(x xmlObstacle, element string) (Obstacle, error) {
	o := Obstacle{ID: int(x.ID), Type: strings.TrimSpace(x.Type), Static: element == "staticObstacle"}
	if element == "obstacle" {
		switch role := strings.TrimSpace(x.Role); role {
		case "static":
			o.Static = true
		case "dynamic":
		default:
			return Obstacle{}, fmt.Errorf("invalid <role> %q: expected static or dynamic", role)
		}
	}
	if !validObstacleType(o.Type) {
		return Obstacle{}, fmt.Errorf("invalid obstacle <type> %q: accepted values are %s", o.Type, obstacleTypeList())
	}
	if err := obstacleShape(&o, x.Shape); err != nil {
		return Obstacle{}, err
	}
	if x.InitialState == nil {
		return Obstacle{}, errors.New("missing <initialState>")
	}
	init, _, err := convertState(*x.InitialState)
	if err != nil {
		return Obstacle{}, fmt.Errorf("<initialState>: %w", err)
	}
	o.States = make([]State, 0, 1+len(x.Trajectory))
	o.States = append(o.States, init)
	for i, xs := range x.Trajectory {
		st, _, err := convertState(xs)
		if err != nil {
			return Obstacle{}, fmt.Errorf("<trajectory> state %d: %w", i+1, err)
		}
		if prev := o.States[len(o.States)-1].TimeStep; st.TimeStep <= prev {
			return Obstacle{}, fmt.Errorf("<trajectory> state %d: time step %d does not follow %d: time steps must increase", i+1, st.TimeStep, prev)
		}
		o.States = append(o.States, st)
	}
	return o, nil
}

// obstacleShape sets the footprint from a single rectangle or circle centred
// on the state position.
func obstacleShape(o *Obstacle, x xmlShape) error {
	switch {
	case len(x.Rectangles) == 1 && len(x.Circles) == 0 && len(x.Polygons) == 0:
		r := x.Rectangles[0]
		if (r.Center != nil && (r.Center.X != 0 || r.Center.Y != 0)) || (r.Orientation != nil && *r.Orientation != 0) {
			return errors.New("<shape><rectangle> with a <center> or <orientation> offset: only rectangles centred on the obstacle state are supported")
		}
		if !(r.Length > 0 && r.Width > 0) {
			return fmt.Errorf("invalid <rectangle> %g × %g m: length and width must be positive", r.Length, r.Width)
		}
		o.Shape, o.Length, o.Width = traj.Rectangle, float64(r.Length), float64(r.Width)
	case len(x.Circles) == 1 && len(x.Rectangles) == 0 && len(x.Polygons) == 0:
		c := x.Circles[0]
		if c.Center != nil && (c.Center.X != 0 || c.Center.Y != 0) {
			return errors.New("<shape><circle> with a <center> offset: only circles centred on the obstacle state are supported")
		}
		if !(c.Radius > 0) {
			return fmt.Errorf("invalid <circle><radius> %g m: must be positive", c.Radius)
		}
		o.Shape, o.Radius = traj.Circle, float64(c.Radius)
		o.Length, o.Width = 2*o.Radius, 2*o.Radius
	default:
		return fmt.Errorf("<shape> with %d rectangles, %d circles and %d polygons: expected exactly one rectangle or circle",
			len(x.Rectangles), len(x.Circles), len(x.Polygons))
	}
	return nil
}

// convertState converts an exact state. Initial states of planning problems
// may give a shape instead of a point. Then the shape is returned, and the
// position is the centre of its first part.
func convertState(x xmlState) (State, Shape, error) {
	var st State
	if x.Time == nil || x.Time.Exact == nil {
		return State{}, Shape{}, errors.New("missing <time><exact>")
	}
	k := float64(*x.Time.Exact)
	if k != float64(int(k)) {
		return State{}, Shape{}, fmt.Errorf("invalid <time> %g: must be an integer time step", k)
	}
	st.TimeStep = int(k)
	var shape Shape
	switch {
	case x.Position == nil:
		return State{}, Shape{}, errors.New("missing <position>")
	case x.Position.Point != nil:
		st.Position = geom.Vec2{X: float64(x.Position.Point.X), Y: float64(x.Position.Point.Y)}
	default:
		shape = convertShape(x.Position.xmlShape)
		c, ok := shapeCenter(shape)
		if !ok {
			return State{}, Shape{}, errors.New("<position> has neither a <point> nor a shape")
		}
		st.Position = c
	}
	for _, f := range []struct {
		name string
		v    *xmlValue
		dst  *float64
	}{
		{"orientation", x.Orientation, &st.Orientation},
		{"velocity", x.Velocity, &st.Velocity},
		{"acceleration", x.Acceleration, &st.Acceleration},
		{"yawRate", x.YawRate, &st.YawRate},
		{"slipAngle", x.SlipAngle, &st.SlipAngle},
	} {
		if f.v == nil {
			continue
		}
		if f.v.Exact == nil {
			return State{}, Shape{}, fmt.Errorf("<%s> is an interval: an exact state needs <exact>", f.name)
		}
		*f.dst = float64(*f.v.Exact)
	}
	return st, shape, nil
}

func convertShape(x xmlShape) Shape {
	var s Shape
	for _, r := range x.Rectangles {
		b := geom.Box{Length: float64(r.Length), Width: float64(r.Width)}
		if r.Center != nil {
			b.Center = geom.Vec2{X: float64(r.Center.X), Y: float64(r.Center.Y)}
		}
		if r.Orientation != nil {
			b.Yaw = float64(*r.Orientation)
		}
		s.Rectangles = append(s.Rectangles, b)
	}
	for _, c := range x.Circles {
		cc := geom.Circle{Radius: float64(c.Radius)}
		if c.Center != nil {
			cc.Center = geom.Vec2{X: float64(c.Center.X), Y: float64(c.Center.Y)}
		}
		s.Circles = append(s.Circles, cc)
	}
	for _, p := range x.Polygons {
		s.Polygons = append(s.Polygons, points(p.Points))
	}
	return s
}

func shapeCenter(s Shape) (geom.Vec2, bool) {
	switch {
	case len(s.Rectangles) > 0:
		return s.Rectangles[0].Center, true
	case len(s.Circles) > 0:
		return s.Circles[0].Center, true
	case len(s.Polygons) > 0 && len(s.Polygons[0]) > 0:
		var c geom.Vec2
		for _, p := range s.Polygons[0] {
			c = c.Add(p)
		}
		return c.Scale(1 / float64(len(s.Polygons[0]))), true
	}
	return geom.Vec2{}, false
}

func interval(x *xmlValue, name string) (*Interval, error) {
	if x == nil {
		return nil, nil
	}
	switch {
	case x.Exact != nil:
		v := float64(*x.Exact)
		return &Interval{v, v}, nil
	case x.Start != nil && x.End != nil:
		if *x.Start > *x.End {
			return nil, fmt.Errorf("<%s> interval [%g, %g] is empty: intervalStart must not exceed intervalEnd", name, *x.Start, *x.End)
		}
		return &Interval{float64(*x.Start), float64(*x.End)}, nil
	}
	return nil, fmt.Errorf("<%s> needs <exact> or both <intervalStart> and <intervalEnd>", name)
}

func convertPlanningProblem(x xmlPlanningProblem) (PlanningProblem, error) {
	pp := PlanningProblem{ID: int(x.ID)}
	if x.InitialState == nil {
		return PlanningProblem{}, errors.New("missing <initialState>")
	}
	init, shape, err := convertState(*x.InitialState)
	if err != nil {
		return PlanningProblem{}, fmt.Errorf("<initialState>: %w", err)
	}
	pp.Initial, pp.InitShape = init, shape
	if len(x.GoalStates) == 0 {
		return PlanningProblem{}, errors.New("missing <goalState>")
	}
	for i, g := range x.GoalStates {
		gs, err := convertGoal(g)
		if err != nil {
			return PlanningProblem{}, fmt.Errorf("<goalState> %d: %w", i+1, err)
		}
		pp.Goals = append(pp.Goals, gs)
	}
	return pp, nil
}

func convertGoal(x xmlState) (GoalState, error) {
	var g GoalState
	t, err := interval(x.Time, "time")
	if err != nil {
		return GoalState{}, err
	}
	if t == nil {
		return GoalState{}, errors.New("missing <time>")
	}
	g.TimeStep = *t
	if x.Position != nil {
		g.Area = convertShape(x.Position.xmlShape)
		g.Lanelets = refs(x.Position.Lanelets)
		if x.Position.Point != nil {
			p := geom.Vec2{X: float64(x.Position.Point.X), Y: float64(x.Position.Point.Y)}
			g.Area.Circles = append(g.Area.Circles, geom.Circle{Center: p})
		}
	}
	if g.Orientation, err = interval(x.Orientation, "orientation"); err != nil {
		return GoalState{}, err
	}
	if g.Velocity, err = interval(x.Velocity, "velocity"); err != nil {
		return GoalState{}, err
	}
	return g, nil
}
