package commonroad

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
)

// ParseScenarioFile reads and parses the scenario at path.
func ParseScenarioFile(path string) (*Scenario, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("commonroad: %w", err)
	}
	defer f.Close()
	return ParseScenario(f, path)
}

// ParseScenario parses a CommonRoad scenario from r. The name (usually the
// file path) prefixes every error. Errors name the element, its id and line,
// and the invalid value.
func ParseScenario(r io.Reader, name string) (*Scenario, error) {
	p := scenarioParser{s: &Scenario{Path: name}}
	if err := p.decode(r); err != nil {
		return nil, fmt.Errorf("commonroad: %s: %w", name, err)
	}
	if err := p.link(); err != nil {
		return nil, fmt.Errorf("commonroad: %s: %w", name, err)
	}
	p.s.MeasuredTimeStep, p.s.MeasuredPairs = measureTimeStep(p.s.Obstacles)
	return p.s, nil
}

type scenarioParser struct {
	s    *Scenario
	root bool
}

// decode walks the top-level elements and converts each one.
func (p *scenarioParser) decode(r io.Reader) error {
	dec := xml.NewDecoder(r)
	depth := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("malformed XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				if t.Name.Local != "commonRoad" {
					return fmt.Errorf("root element <%s>: expected <commonRoad>", t.Name.Local)
				}
				p.root = true
				if err := p.header(t); err != nil {
					return err
				}
				continue
			}
			if depth != 2 {
				continue
			}
			line, _ := dec.InputPos()
			if err := p.element(dec, t); err != nil {
				where := "<" + t.Name.Local
				if id := idAttr(t); id != "" {
					where += fmt.Sprintf(" id=%q", id)
				}
				return fmt.Errorf("%s> at line %d: %w", where, line, err)
			}
			depth-- // DecodeElement consumed the end element
		case xml.EndElement:
			depth--
		}
	}
	if !p.root {
		return errors.New("no <commonRoad> root element")
	}
	return nil
}

func (p *scenarioParser) header(start xml.StartElement) error {
	var h xmlHeader
	h.read(start)
	s := p.s
	s.ID, s.Version, s.Source, s.Author, s.Date = h.BenchmarkID, h.Version, h.Source, h.Author, h.Date
	dt, err := strconv.ParseFloat(h.TimeStepSize, 64)
	if err != nil || !(dt > 0) {
		return fmt.Errorf("<commonRoad timeStepSize=%q>: invalid time step: must be a positive number of seconds", h.TimeStepSize)
	}
	s.DeclaredTimeStep = dt
	return nil
}

// element decodes and converts one top-level element.
func (p *scenarioParser) element(dec *xml.Decoder, start xml.StartElement) error {
	s := p.s
	switch start.Name.Local {
	case "lanelet":
		var x xmlLanelet
		if err := dec.DecodeElement(&x, &start); err != nil {
			return err
		}
		l, err := convertLanelet(x)
		if err != nil {
			return err
		}
		s.Lanelets = append(s.Lanelets, l)
	case "trafficSign":
		var x xmlTrafficSign
		if err := dec.DecodeElement(&x, &start); err != nil {
			return err
		}
		s.TrafficSigns = append(s.TrafficSigns, convertSign(x))
	case "trafficLight":
		var x xmlTrafficLight
		if err := dec.DecodeElement(&x, &start); err != nil {
			return err
		}
		l, err := convertLight(x)
		if err != nil {
			return err
		}
		s.TrafficLights = append(s.TrafficLights, l)
	case "intersection":
		var x xmlIntersection
		if err := dec.DecodeElement(&x, &start); err != nil {
			return err
		}
		s.Intersections = append(s.Intersections, convertIntersection(x))
	case "dynamicObstacle", "staticObstacle", "obstacle":
		var x xmlObstacle
		if err := dec.DecodeElement(&x, &start); err != nil {
			return err
		}
		o, err := convertObstacle(x, start.Name.Local)
		if err != nil {
			return err
		}
		s.Obstacles = append(s.Obstacles, o)
	case "planningProblem":
		var x xmlPlanningProblem
		if err := dec.DecodeElement(&x, &start); err != nil {
			return err
		}
		pp, err := convertPlanningProblem(x)
		if err != nil {
			return err
		}
		s.PlanningProblems = append(s.PlanningProblems, pp)
	default:
		// location, scenarioTags, environmentObstacle and elements of later
		// format versions carry nothing the planner reads.
		return dec.Skip()
	}
	return nil
}
