package commonroad

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
)

// number is a float64 XML value whose parse error names the text.
type number float64

func (n *number) UnmarshalText(b []byte) error {
	v, err := strconv.ParseFloat(strings.TrimSpace(string(b)), 64)
	if err != nil {
		return fmt.Errorf("invalid number %q", b)
	}
	*n = number(v)
	return nil
}

// integer is an int XML value whose parse error names the text.
type integer int

func (n *integer) UnmarshalText(b []byte) error {
	v, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return fmt.Errorf("invalid integer %q", b)
	}
	*n = integer(v)
	return nil
}

type xmlRef struct {
	Ref        integer `xml:"ref,attr"`
	DrivingDir string  `xml:"drivingDir,attr"`
}

type xmlPoint struct {
	X number `xml:"x"`
	Y number `xml:"y"`
}

type xmlBound struct {
	Points      []xmlPoint `xml:"point"`
	LineMarking string     `xml:"lineMarking"`
}

type xmlStopLine struct {
	Points           []xmlPoint `xml:"point"`
	LineMarking      string     `xml:"lineMarking"`
	TrafficSignRefs  []xmlRef   `xml:"trafficSignRef"`
	TrafficLightRefs []xmlRef   `xml:"trafficLightRef"`
}

type xmlLanelet struct {
	ID                integer      `xml:"id,attr"`
	Left              xmlBound     `xml:"leftBound"`
	Right             xmlBound     `xml:"rightBound"`
	Predecessors      []xmlRef     `xml:"predecessor"`
	Successors        []xmlRef     `xml:"successor"`
	AdjacentLeft      *xmlRef      `xml:"adjacentLeft"`
	AdjacentRight     *xmlRef      `xml:"adjacentRight"`
	StopLine          *xmlStopLine `xml:"stopLine"`
	Types             []string     `xml:"laneletType"`
	UserOneWay        []string     `xml:"userOneWay"`
	UserBidirectional []string     `xml:"userBidirectional"`
	TrafficSignRefs   []xmlRef     `xml:"trafficSignRef"`
	TrafficLightRefs  []xmlRef     `xml:"trafficLightRef"`
	SpeedLimit        *number      `xml:"speedLimit"` // 2018b only
}

type xmlSignElement struct {
	ID     string   `xml:"trafficSignID"`
	Values []string `xml:"additionalValue"`
}

type xmlTrafficSign struct {
	ID       integer          `xml:"id,attr"`
	Elements []xmlSignElement `xml:"trafficSignElement"`
	Position *xmlPosition     `xml:"position"`
	Virtual  string           `xml:"virtual"`
}

type xmlCycleElement struct {
	Duration integer `xml:"duration"`
	Color    string  `xml:"color"`
}

type xmlTrafficLight struct {
	ID    integer `xml:"id,attr"`
	Cycle struct {
		Elements   []xmlCycleElement `xml:"cycleElement"`
		TimeOffset *integer          `xml:"timeOffset"`
	} `xml:"cycle"`
	Position  *xmlPosition `xml:"position"`
	Direction string       `xml:"direction"`
	Active    string       `xml:"active"`
}

type xmlIncoming struct {
	ID                 integer  `xml:"id,attr"`
	Lanelets           []xmlRef `xml:"incomingLanelet"`
	SuccessorsRight    []xmlRef `xml:"successorsRight"`
	SuccessorsStraight []xmlRef `xml:"successorsStraight"`
	SuccessorsLeft     []xmlRef `xml:"successorsLeft"`
	IsLeftOf           *xmlRef  `xml:"isLeftOf"`
}

type xmlIntersection struct {
	ID       integer       `xml:"id,attr"`
	Incoming []xmlIncoming `xml:"incoming"`
}

type xmlRectangle struct {
	Length      number    `xml:"length"`
	Width       number    `xml:"width"`
	Orientation *number   `xml:"orientation"`
	Center      *xmlPoint `xml:"center"`
}

type xmlCircle struct {
	Radius number    `xml:"radius"`
	Center *xmlPoint `xml:"center"`
}

type xmlPolygon struct {
	Points []xmlPoint `xml:"point"`
}

type xmlShape struct {
	Rectangles []xmlRectangle `xml:"rectangle"`
	Circles    []xmlCircle    `xml:"circle"`
	Polygons   []xmlPolygon   `xml:"polygon"`
}

type xmlPosition struct {
	Point *xmlPoint `xml:"point"`
	xmlShape
	Lanelets []xmlRef `xml:"lanelet"`
}

// xmlValue is an exact value or an interval.
type xmlValue struct {
	Exact *number `xml:"exact"`
	Start *number `xml:"intervalStart"`
	End   *number `xml:"intervalEnd"`
}

type xmlState struct {
	Time         *xmlValue    `xml:"time"`
	Position     *xmlPosition `xml:"position"`
	Orientation  *xmlValue    `xml:"orientation"`
	Velocity     *xmlValue    `xml:"velocity"`
	Acceleration *xmlValue    `xml:"acceleration"`
	YawRate      *xmlValue    `xml:"yawRate"`
	SlipAngle    *xmlValue    `xml:"slipAngle"`
}

type xmlObstacle struct {
	ID           integer    `xml:"id,attr"`
	Role         string     `xml:"role"` // 2018b: dynamic or static
	Type         string     `xml:"type"`
	Shape        xmlShape   `xml:"shape"`
	InitialState *xmlState  `xml:"initialState"`
	Trajectory   []xmlState `xml:"trajectory>state"`
}

type xmlPlanningProblem struct {
	ID           integer    `xml:"id,attr"`
	InitialState *xmlState  `xml:"initialState"`
	GoalStates   []xmlState `xml:"goalState"`
}

// xmlHeader holds the attributes of the <commonRoad> root element.
type xmlHeader struct {
	TimeStepSize string
	Version      string
	BenchmarkID  string
	Source       string
	Author       string
	Date         string
}

func (h *xmlHeader) read(start xml.StartElement) {
	for _, a := range start.Attr {
		switch a.Name.Local {
		case "timeStepSize":
			h.TimeStepSize = a.Value
		case "commonRoadVersion":
			h.Version = a.Value
		case "benchmarkID":
			h.BenchmarkID = a.Value
		case "source":
			h.Source = a.Value
		case "author":
			h.Author = a.Value
		case "date":
			h.Date = a.Value
		}
	}
}

// idAttr returns the id attribute of an element, or "" when it has none.
func idAttr(start xml.StartElement) string {
	for _, a := range start.Attr {
		if a.Name.Local == "id" {
			return a.Value
		}
	}
	return ""
}
