package commonroad

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/lanemap"
)

// recorded returns the recorded scenario files of a site, sorted.
func recorded(t *testing.T, site string) []string {
	t.Helper()
	dir := shareddata.Path(t, "commonroad/recorded/"+site)
	files, err := filepath.Glob(filepath.Join(dir, "*.cr.xml"))
	require.NoError(t, err)
	return files
}

var (
	parsedMu sync.Mutex
	parsed   = map[string]*Scenario{}
)

// load parses the scenario at path once per test binary. Callers must not
// modify the result.
func load(t testing.TB, path string) *Scenario {
	t.Helper()
	parsedMu.Lock()
	defer parsedMu.Unlock()
	if s, ok := parsed[path]; ok {
		return s
	}
	s, err := ParseScenarioFile(path)
	require.NoError(t, err)
	parsed[path] = s
	return s
}

func solutionPath(scenario string) string {
	return strings.TrimSuffix(scenario, ".cr.xml") + ".solution.xml"
}

func TestMeasuredTimeStepPerSite(t *testing.T) {
	tests := []struct {
		site               string
		files              int
		declared, measured float64
		mismatch           bool
	}{
		{"highD", 8, 0.1, 0.20, true},
		{"exiD", 8, 0.2, 0.20, false},
		{"SinD", 12, 0.1, 0.50, true},
	}
	for _, tc := range tests {
		t.Run(tc.site, func(t *testing.T) {
			files := recorded(t, tc.site)
			require.Len(t, files, tc.files)
			for _, f := range files {
				s := load(t, f)
				name := filepath.Base(f)
				assert.Equal(t, "2020a", s.Version, name)
				assert.InDelta(t, tc.declared, s.DeclaredTimeStep, 1e-12, name)
				assert.InDelta(t, tc.measured, s.MeasuredTimeStep, 0.01, name)
				assert.Greater(t, s.MeasuredPairs, 100, name)
				assert.Equal(t, tc.mismatch, s.TimeStepMismatch(0.1), name)
				assert.InDelta(t, s.MeasuredTimeStep, s.TimeStep(), 0, name)
				assert.Len(t, s.PlanningProblems, 1, name)
			}
		})
	}
}

func TestUnsolvedScenarios(t *testing.T) {
	tests := []struct {
		file      string
		version   string
		measured  float64
		obstacles int
		lanelets  int
	}{
		{"USA_US101-3_3_T-1.xml", "2018b", 0.1, 12, 12},
		{"USA_US101-4_1_T-1.xml", "2020a", 0.1, 22, 12},
		{"USA_Peach-4_8_T-1.xml", "2020a", 0.1, 9, 79},
		{"DEU_AachenBendplatz-1_90_T-300.xml", "2020a", 0.2, 29, 26},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			s := load(t, shareddata.Path(t, "commonroad/unsolved/"+tc.file))
			assert.Equal(t, tc.version, s.Version)
			assert.InDelta(t, tc.measured, s.MeasuredTimeStep, 0.005)
			assert.False(t, s.TimeStepMismatch(0.1))
			assert.Len(t, s.Obstacles, tc.obstacles)
			assert.Len(t, s.Lanelets, tc.lanelets)
			pp, err := s.PlanningProblem(0)
			require.NoError(t, err)
			assert.NotEmpty(t, pp.Goals)
		})
	}
}

func TestLegacyObstacleLayout(t *testing.T) {
	s := load(t, shareddata.Path(t, "commonroad/unsolved/USA_US101-3_3_T-1.xml"))
	o := s.Obstacles[0]
	assert.Equal(t, 363, o.ID)
	assert.False(t, o.Static)
	assert.Equal(t, "car", o.Type)
	assert.InDelta(t, 4.1148, o.Length, 1e-12)
	assert.InDelta(t, 2.4079, o.Width, 1e-12)
	require.Greater(t, len(o.States), 2)
	assert.Equal(t, 1, o.States[1].TimeStep)
	assert.InDelta(t, 21.1431, o.States[1].Position.X, 1e-12)
	assert.InDelta(t, 10.7105, o.States[1].Velocity, 1e-12)

	pp := s.PlanningProblems[0]
	assert.Equal(t, 396, pp.ID)
	assert.InDelta(t, 9.65, pp.Initial.Velocity, 1e-12)
	assert.Equal(t, []int{31}, pp.Goals[0].Lanelets)
	assert.Equal(t, Interval{30, 31}, pp.Goals[0].TimeStep)
}

func TestSpeedLimits(t *testing.T) {
	for _, f := range recorded(t, "highD") {
		s := load(t, f)
		for _, l := range s.Lanelets {
			assert.Greater(t, l.SpeedLimit, 20.0, "%s lanelet %d", filepath.Base(f), l.ID)
		}
	}
	s := load(t, recorded(t, "highD")[0])
	assert.InDelta(t, 33.33, s.Lanelets[0].SpeedLimit, 1e-9)
	for _, site := range []string{"exiD", "SinD"} {
		s := load(t, recorded(t, site)[0])
		assert.Empty(t, s.TrafficSigns, site)
		for _, l := range s.Lanelets {
			assert.Zero(t, l.SpeedLimit, "%s lanelet %d", site, l.ID)
		}
	}
	// Peachtree uses the US sign R2-1 at 25 and 35 mph, stored in m/s.
	p := load(t, shareddata.Path(t, "commonroad/unsolved/USA_Peach-4_8_T-1.xml"))
	limited := 0
	for _, l := range p.Lanelets {
		if l.SpeedLimit > 0 {
			limited++
			assert.Contains(t, []float64{11.176, 15.6464}, l.SpeedLimit, "lanelet %d", l.ID)
		}
	}
	assert.Positive(t, limited)
}

func TestLaneletNetwork(t *testing.T) {
	s := load(t, filepath.Join(filepath.Dir(recorded(t, "SinD")[0]), "CHN_SIND-831_150_T-225.cr.xml"))
	l := s.Lanelet(1)
	require.NotNil(t, l)
	assert.Equal(t, []int{44, 37, 23}, l.Predecessors)
	assert.Equal(t, 16, l.AdjacentLeft)
	assert.False(t, l.AdjacentLeftSame)
	assert.Equal(t, 17, l.AdjacentRight)
	assert.True(t, l.AdjacentRightSame)
	assert.Equal(t, []string{"urban"}, l.Types)
	assert.InDelta(t, (12.7567+16.9033)/2, l.Center[0].X, 1e-12)
	assert.InDelta(t, (34.4642+34.5132)/2, l.Center[0].Y, 1e-12)
	assert.Nil(t, s.Lanelet(9999))

	m := s.LaneMap(0)
	require.Len(t, m.Lanes, len(s.Lanelets))
	lane := m.Lanes[0]
	assert.Equal(t, 1, lane.ID)
	assert.Zero(t, lane.AdjLeft, "opposite-direction neighbour kept")
	assert.Equal(t, 17, lane.AdjRight)
	assert.Len(t, lane.Center, len(l.Center))
	assert.Len(t, s.Intersections, 1)
	assert.Len(t, s.Intersections[0].Incoming, 4)
}

func TestTrafficLightsSinD(t *testing.T) {
	s := load(t, filepath.Join(filepath.Dir(recorded(t, "SinD")[0]), "CHN_SIND-831_150_T-225.cr.xml"))
	require.Len(t, s.TrafficLights, 4)
	var tl *TrafficLight
	for i := range s.TrafficLights {
		if s.TrafficLights[i].ID == 105 {
			tl = &s.TrafficLights[i]
		}
	}
	require.NotNil(t, tl)
	// Cycle: green 22, yellow 6, red 2, red 46 steps, no offset.
	assert.Equal(t, ColorGreen, tl.ColorAt(0))
	assert.Equal(t, ColorGreen, tl.ColorAt(21))
	assert.Equal(t, ColorYellow, tl.ColorAt(22))
	assert.Equal(t, ColorRed, tl.ColorAt(28))
	assert.Equal(t, ColorRed, tl.ColorAt(75))
	assert.Equal(t, ColorGreen, tl.ColorAt(76))

	m := s.LaneMap(22)
	n := 0
	for _, l := range m.TrafficLights {
		require.Len(t, l.LaneIDs, 1)
		if l.ID == 105 {
			n++
			assert.Equal(t, lanemap.LightYellow, l.State)
		}
	}
	assert.Positive(t, n, "light 105 controls no lane")
}

func TestTrafficLightOffset(t *testing.T) {
	tl := TrafficLight{Active: true, TimeOffset: 590, Cycle: []CyclePhase{
		{ColorGreen, 400}, {ColorYellow, 30}, {ColorRed, 570},
	}}
	tests := []struct {
		k    int
		want LightColor
	}{
		{590, ColorGreen}, {989, ColorGreen}, {990, ColorYellow}, {1019, ColorYellow},
		{1020, ColorRed}, {1589, ColorRed}, {1590, ColorGreen},
		{0, ColorYellow},   // 590 steps before the offset: 410 into the previous cycle
		{589, ColorRed},    // last step of the previous cycle
		{-410, ColorGreen}, // start of the previous cycle
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, tl.ColorAt(tc.k), "step %d", tc.k)
	}
	tl.Active = false
	assert.Equal(t, ColorInactive, tl.ColorAt(600))
}

func BenchmarkParseScenario(b *testing.B) {
	path := shareddata.Path(b, "commonroad/recorded/highD/DEU_LocationAUpper26-1_2675_T-150.cr.xml")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseScenarioFile(path); err != nil {
			b.Fatal(err)
		}
	}
}
