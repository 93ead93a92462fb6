package commonroad

import (
	"fmt"
	"strconv"
	"strings"
)

// speedLimitSignIDs are the trafficSignID values of maximum-speed signs:
// German sign 274 (also used by scenarios of other countries that reuse the
// German catalogue) and the US MUTCD sign R2-1. Their additional value is the
// limit in m/s, as the CommonRoad 2020a format defines.
var speedLimitSignIDs = map[string]bool{"274": true, "R2-1": true}

// SpeedLimit returns the smallest maximum speed of the sign post's elements,
// m/s, and false when it has no speed-limit sign. A speed-limit sign without
// a positive value is an error.
func (t *TrafficSign) SpeedLimit() (float64, bool, error) {
	limit, found := 0.0, false
	for _, e := range t.Elements {
		if !speedLimitSignIDs[e.ID] {
			continue
		}
		if len(e.Values) == 0 {
			return 0, false, fmt.Errorf("<trafficSign id=\"%d\"> speed-limit sign %s has no <additionalValue>: add the limit in m/s", t.ID, e.ID)
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(e.Values[0]), 64)
		if err != nil || !(v > 0) {
			return 0, false, fmt.Errorf("<trafficSign id=\"%d\"> speed-limit sign %s: invalid <additionalValue> %q: must be a positive speed in m/s", t.ID, e.ID, e.Values[0])
		}
		if !found || v < limit {
			limit, found = v, true
		}
	}
	return limit, found, nil
}

// link resolves references between elements: it sets each lanelet's speed
// limit from the signs it references.
//
// NOTE: a sign sets the limit of the lanelets that reference it only. The
// CommonRoad convention that a limit continues along successors until the
// next sign is not applied.
func (p *scenarioParser) link() error {
	limits := make(map[int]float64)
	for i := range p.s.TrafficSigns {
		t := &p.s.TrafficSigns[i]
		v, ok, err := t.SpeedLimit()
		if err != nil {
			return err
		}
		if ok {
			limits[t.ID] = v
		}
	}
	for i := range p.s.Lanelets {
		l := &p.s.Lanelets[i]
		for _, id := range l.TrafficSigns {
			v, ok := limits[id]
			if ok && (l.SpeedLimit == 0 || v < l.SpeedLimit) {
				l.SpeedLimit = v
			}
		}
	}
	return nil
}
