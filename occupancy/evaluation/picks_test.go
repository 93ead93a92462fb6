package evaluation

import "testing"

func TestFormatPicksOrder(t *testing.T) {
	got := formatPicks(map[string]int{"vanishing": 1, "ctrv": 5, "teleporting": 1, "constant_velocity": 5, "copy_last": 7})
	want := "copy_last 7, constant_velocity 5, ctrv 5, teleporting 1, vanishing 1"
	if got != want {
		t.Errorf("formatPicks = %q, want %q: most picks first, names in order among equal counts", got, want)
	}
}
