package msgconv

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/occupancy"
)

func testSequence() *occupancy.Sequence {
	s := occupancy.NewSequence(2, 3, 4, 0.5, 0.25)
	s.OriginX, s.OriginY, s.OriginYaw, s.FrameID, s.Start = 10, -5, 0.4, "map", 0.25
	for i := range s.Data {
		s.Data[i] = float32(i%5) / 4
	}
	return s
}

func TestOccupancyRoundTrip(t *testing.T) {
	s := testSequence()
	m := OccupancyMsg(s, 1_700_000_000_500_000_000)
	data, err := cdr.Marshal(&m)
	require.NoError(t, err)
	var back ebm_av.OccupancySequence
	require.NoError(t, cdr.Unmarshal(data, &back))
	got, err := Occupancy(&back)
	require.NoError(t, err)
	assert.Equal(t, s.Data, got.Data)
	assert.Equal(t, [3]int{2, 3, 4}, [3]int{got.Frames, got.Height, got.Width})
	assert.Equal(t, "map", got.FrameID)
	assert.InDelta(t, 10, got.OriginX, 1e-12)
	assert.InDelta(t, -5, got.OriginY, 1e-12)
	assert.InDelta(t, 0.4, got.OriginYaw, 1e-12)
	assert.Equal(t, 0.25, got.Start)
	assert.Equal(t, 0.25, got.TimeStep)
	require.NoError(t, got.Validate())
}

func TestOccupancyBadInputNamesField(t *testing.T) {
	tests := []struct {
		name, want string
		edit       func(m *ebm_av.OccupancySequence)
	}{
		{"zero time step", "time_step 0 s", func(m *ebm_av.OccupancySequence) { m.TimeStep = 0 }},
		{"NaN time step", "time_step NaN s", func(m *ebm_av.OccupancySequence) { m.TimeStep = math.NaN() }},
		{"zero frames", "frames 0", func(m *ebm_av.OccupancySequence) { m.Frames = 0 }},
		{"zero width", "height × width 3 × 0", func(m *ebm_av.OccupancySequence) { m.Width = 0 }},
		{"negative resolution", "resolution -0.5 m", func(m *ebm_av.OccupancySequence) { m.Resolution = -0.5 }},
		{"short data", "data has 23 values but frames × height × width = 2 × 3 × 4 = 24", func(m *ebm_av.OccupancySequence) { m.Data = m.Data[:23] }},
		{"probability above 1", "data[17] (frame 1, row 1, col 1) is 1.5", func(m *ebm_av.OccupancySequence) { m.Data[17] = 1.5 }},
		{"NaN probability", "data[2] (frame 0, row 0, col 2) is NaN", func(m *ebm_av.OccupancySequence) { m.Data[2] = float32(math.NaN()) }},
		{"negative probability", "data[0] (frame 0, row 0, col 0) is -0.1", func(m *ebm_av.OccupancySequence) { m.Data[0] = -0.1 }},
		{"NaN origin", "origin", func(m *ebm_av.OccupancySequence) { m.Origin.Position.X = math.NaN() }},
		{"infinite start", "start_time +Inf s", func(m *ebm_av.OccupancySequence) { m.StartTime = math.Inf(1) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := OccupancyMsg(testSequence().Clone(), 0)
			tc.edit(&m)
			_, err := Occupancy(&m)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestForecastsRoundTripAndErrors(t *testing.T) {
	set := occupancy.ForecastSet{{Source: "copy_last", Occupancy: testSequence()}, {Source: "ctrv", Occupancy: testSequence()}}
	m := ForecastsMsg(set, 42, "map")
	got, err := Forecasts(&m)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, "ctrv", got[1].Source)
	assert.Equal(t, set[1].Occupancy.Data, got[1].Occupancy.Data)

	m.Forecasts[1].Occupancy.TimeStep = 0
	_, err = Forecasts(&m)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `forecasts[1] (source "ctrv")`)
	assert.Contains(t, err.Error(), "time_step 0 s")

	_, err = Forecasts(&ebm_av.OccupancyForecasts{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "empty forecasts")
}
