package commonroad

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func stringReader(s string) *strings.Reader { return strings.NewReader(s) }

const validLanelet = `<lanelet id="1">
    <leftBound><point><x>0</x><y>2</y></point><point><x>10</x><y>2</y></point></leftBound>
    <rightBound><point><x>0</x><y>-2</y></point><point><x>10</x><y>-2</y></point></rightBound>
  </lanelet>`

func dynamicObstacle(id, typ, body string) string {
	return `<dynamicObstacle id="` + id + `"><type>` + typ + `</type>
    <shape><rectangle><length>4</length><width>2</width></rectangle></shape>
    <initialState><time><exact>0</exact></time><position><point><x>1</x><y>0</y></point></position>
      <orientation><exact>0</exact></orientation><velocity><exact>5</exact></velocity></initialState>` + body + `
  </dynamicObstacle>`
}

func scenarioDoc(body string) string {
	return `<?xml version="1.0"?>
<commonRoad timeStepSize="0.1" commonRoadVersion="2020a" benchmarkID="ZAM_Test-1_1_T-1">
  ` + body + `
</commonRoad>`
}

func TestMinimalScenario(t *testing.T) {
	doc := scenarioDoc(validLanelet + dynamicObstacle("7", "car", `<trajectory><state><time><exact>2</exact></time>
      <position><point><x>2</x><y>0</y></point></position><orientation><exact>0</exact></orientation>
      <velocity><exact>5</exact></velocity></state></trajectory>`))
	s, err := ParseScenario(stringReader(doc), "mini.xml")
	require.NoError(t, err)
	assert.Equal(t, "ZAM_Test-1_1_T-1", s.ID)
	require.Len(t, s.Obstacles, 1)
	o := s.Obstacles[0]
	assert.Equal(t, []int{0, 2}, []int{o.States[0].TimeStep, o.States[1].TimeStep})
	// 1 m in 2 steps at 5 m/s: 0.1 s per step.
	assert.InDelta(t, 0.1, s.MeasuredTimeStep, 1e-12)
	assert.Equal(t, 1, s.MeasuredPairs)

	to := s.TrajObstacles()[0]
	assert.InDelta(t, 0.2, to.States[1].T, 1e-12)
	_, ok := o.StateAt(1)
	assert.False(t, ok, "no state at step 1")

	_, err = s.PlanningProblem(0)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "mini.xml")
	assert.Contains(t, err.Error(), "<planningProblem>")
}

func TestMalformedScenario(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []string // substrings of the error
	}{
		{"truncated XML", scenarioDoc(validLanelet)[:120], []string{"bad.xml", "malformed XML"}},
		{"wrong root", `<scenario timeStepSize="0.1"/>`, []string{"<scenario>", "<commonRoad>"}},
		{"no time step", `<commonRoad commonRoadVersion="2020a"></commonRoad>`, []string{`timeStepSize=""`}},
		{"negative time step", `<commonRoad timeStepSize="-1"></commonRoad>`, []string{`timeStepSize="-1"`}},
		{"unknown obstacle type", scenarioDoc(dynamicObstacle("42", "spaceship", "")),
			[]string{"bad.xml", `<dynamicObstacle id="42">`, `"spaceship"`, "pedestrian", "median_strip"}},
		{"invalid number", scenarioDoc(strings.Replace(validLanelet, "<x>10</x>", "<x>1O</x>", 1)),
			[]string{`<lanelet id="1">`, `invalid number "1O"`}},
		{"bound length mismatch", scenarioDoc(`<lanelet id="3"><leftBound><point><x>0</x><y>2</y></point><point><x>1</x><y>2</y></point></leftBound>
			<rightBound><point><x>0</x><y>0</y></point></rightBound></lanelet>`),
			[]string{`<lanelet id="3">`, "2 points", "<rightBound> 1"}},
		{"missing time", scenarioDoc(strings.Replace(dynamicObstacle("5", "car", ""), "<time><exact>0</exact></time>", "", 1)),
			[]string{`<dynamicObstacle id="5">`, "<initialState>", "missing <time><exact>"}},
		{"decreasing time steps", scenarioDoc(dynamicObstacle("6", "car", `<trajectory><state><time><exact>0</exact></time>
			<position><point><x>2</x><y>0</y></point></position></state></trajectory>`)),
			[]string{`<dynamicObstacle id="6">`, "time step 0 does not follow 0"}},
		{"bad light colour", scenarioDoc(`<trafficLight id="9"><cycle><cycleElement><duration>5</duration><color>blue</color></cycleElement></cycle></trafficLight>`),
			[]string{`<trafficLight id="9">`, `"blue"`}},
		{"zero light duration", scenarioDoc(`<trafficLight id="9"><cycle><cycleElement><duration>0</duration><color>red</color></cycleElement></cycle></trafficLight>`),
			[]string{`<trafficLight id="9">`, "<duration> 0"}},
		{"speed sign without value", scenarioDoc(`<trafficSign id="4"><trafficSignElement><trafficSignID>274</trafficSignID></trafficSignElement></trafficSign>`),
			[]string{`<trafficSign id="4">`, "<additionalValue>"}},
		{"legacy role", scenarioDoc(`<obstacle id="3"><role>flying</role><type>car</type></obstacle>`),
			[]string{`<obstacle id="3">`, `<role> "flying"`}},
		{"polygon obstacle", scenarioDoc(`<staticObstacle id="8"><type>building</type><shape><polygon><point><x>0</x><y>0</y></point></polygon></shape></staticObstacle>`),
			[]string{`<staticObstacle id="8">`, "1 polygons"}},
		{"goal without time", scenarioDoc(`<planningProblem id="2"><initialState><time><exact>0</exact></time>
			<position><point><x>0</x><y>0</y></point></position></initialState><goalState><velocity><exact>1</exact></velocity></goalState></planningProblem>`),
			[]string{`<planningProblem id="2">`, "<goalState> 1", "missing <time>"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseScenario(stringReader(tc.doc), "bad.xml")
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestMalformedSolution(t *testing.T) {
	state := `<ksState><x>1</x><y>2</y><steeringAngle>0</steeringAngle><velocity>3</velocity><orientation>0</orientation><time>%s</time></ksState>`
	solution := func(id, states string) string {
		return `<CommonRoadSolution benchmark_id="` + id + `"><ksTrajectory planningProblem="1">` + states + `</ksTrajectory></CommonRoadSolution>`
	}
	at := func(k string) string { return strings.Replace(state, "%s", k, 1) }
	tests := []struct {
		name string
		doc  string
		want []string
	}{
		{"malformed XML", "<CommonRoadSolution", []string{"sol.xml", "malformed XML"}},
		{"short benchmark id", solution("KS1:TR2", at("1")), []string{`"KS1:TR2"`}},
		{"unknown model", solution("XY1:TR2:A:2020a", at("1")), []string{`"XY1"`}},
		{"unknown vehicle", solution("KS4:TR2:A:2020a", at("1")), []string{"vehicle type 4"}},
		{"fractional time", solution("KS1:TR2:A:2020a", at("1.5")), []string{"<time>", `"1.5"`}},
		{"bad number", solution("KS1:TR2:A:2020a", strings.Replace(at("1"), "<x>1</x>", "<x>one</x>", 1)), []string{"<x>", `"one"`}},
		{"time not increasing", solution("KS1:TR2:A:2020a", at("3")+at("3")), []string{"state 2", "<time> 3 does not follow 3"}},
		{"no states", solution("KS1:TR2:A:2020a", ""), []string{"no states"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseSolution(stringReader(tc.doc), "sol.xml")
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestWarnTimeStep(t *testing.T) {
	var buf strings.Builder
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	s := &Scenario{Path: "x.xml", DeclaredTimeStep: 0.1, MeasuredTimeStep: 0.2, MeasuredPairs: 9}
	assert.True(t, s.WarnTimeStep(logger, 0.1))
	assert.Contains(t, buf.String(), "measured_s=0.2")
	assert.Contains(t, buf.String(), "file=x.xml")
	s.MeasuredTimeStep = 0.105
	assert.False(t, s.WarnTimeStep(logger, 0.1))
}
