package diag

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestWatchdogCheckLevels(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	var w Watchdog
	w.Budget = 100 * time.Millisecond
	w.Watch("ego state", 500*time.Millisecond, true)
	w.Watch("BEV features", time.Second, false)

	level, reasons := w.Check(t0, 0)
	assert.Equal(t, Stale, level, "a required input never received is STALE")
	assert.Equal(t, []string{"no ego state received", "no BEV features received"}, reasons)

	w.Received("ego state", t0)
	w.Received("BEV features", t0)
	level, reasons = w.Check(t0.Add(400*time.Millisecond), 50*time.Millisecond)
	assert.Equal(t, OK, level)
	assert.Empty(t, reasons)

	level, reasons = w.Check(t0.Add(400*time.Millisecond), 150*time.Millisecond)
	assert.Equal(t, Warn, level, "an overrun is WARN")
	assert.Equal(t, []string{"cycle time 150.000 ms over budget 100.000 ms"}, reasons)

	level, reasons = w.Check(t0.Add(600*time.Millisecond), 0)
	assert.Equal(t, Stale, level)
	assert.Equal(t, []string{"ego state stale: last received 0.600 s ago, limit 0.500 s"}, reasons)

	w.Received("ego state", t0.Add(1100*time.Millisecond))
	level, reasons = w.Check(t0.Add(1200*time.Millisecond), 0)
	assert.Equal(t, Warn, level, "a late optional input is WARN")
	assert.Equal(t, []string{"BEV features stale: last received 1.200 s ago, limit 1.000 s"}, reasons)

	age, ok := w.Age("ego state", t0.Add(1200*time.Millisecond))
	assert.True(t, ok)
	assert.Equal(t, 100*time.Millisecond, age)
	assert.Equal(t, "", w.Stale("ego state", t0.Add(1200*time.Millisecond)))
	assert.Equal(t, "", w.Stale("not watched", t0))
}

func TestWatchdogStatusDebounces(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	var w Watchdog
	w.Watch("candidates", time.Second, true)

	st := w.Status("planner_ebm: inputs", "/planner_ebm", t0, 0)
	assert.Equal(t, Stale, st.Level)
	assert.Equal(t, "no candidates received", st.Message)

	// Fresh input: the level steps down only after three OK checks.
	levels := make([]Level, 0, 4)
	for i := range 4 {
		now := t0.Add(time.Duration(i+1) * 100 * time.Millisecond)
		w.Received("candidates", now)
		levels = append(levels, w.Status("planner_ebm: inputs", "/planner_ebm", now, 0).Level)
	}
	assert.Equal(t, []Level{Stale, Stale, OK, OK}, levels)

	st = w.Status("planner_ebm: inputs", "/planner_ebm", t0.Add(3*time.Second), 0)
	assert.Equal(t, Stale, st.Level, "a worse level shows at once")
	assert.Contains(t, st.Values, KeyValue{Key: "candidates age_s", Value: "2.6"})
}

func TestHysteresisClearAfter(t *testing.T) {
	cases := []struct {
		clear, want int
	}{
		{0, 3},
		{-1, 3},
		{1, 1},
		{5, 5},
	}
	for _, c := range cases {
		h := Hysteresis{Clear: c.clear}
		assert.Equal(t, c.want, h.ClearAfter(), "Clear %d", c.clear)

		// The level steps down on the ClearAfter-th better update.
		h.Update(Error)
		for i := 1; i < c.want; i++ {
			assert.Equal(t, Error, h.Update(OK), "Clear %d, update %d", c.clear, i)
		}
		assert.Equal(t, OK, h.Update(OK), "Clear %d, update %d", c.clear, c.want)
	}
}
