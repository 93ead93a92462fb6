package importer

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseEgoSpeedsValid(t *testing.T) {
	cases := []struct {
		spec string
		want map[string]float64
	}{
		{"000001=10m/s", map[string]float64{"000001": 10}},
		{"000000=0m/s,000001=10m/s", map[string]float64{"000000": 0, "000001": 10}},
		{"000001=36km/h", map[string]float64{"000001": 10}},
		{" 000001=-2.5m/s ", map[string]float64{"000001": -2.5}},
		{"000001=1e1m/s", map[string]float64{"000001": 10}},
	}
	for _, c := range cases {
		t.Run(c.spec, func(t *testing.T) {
			got, err := ParseEgoSpeeds(c.spec)
			require.NoError(t, err)
			assert.InDeltaMapValues(t, c.want, got, 1e-12)
			assert.Len(t, got, len(c.want))
		})
	}
}

func TestParseEgoSpeedsInvalid(t *testing.T) {
	cases := []struct {
		spec string
		want string
	}{
		{"", "empty ego speed list"},
		{"10m/s", `term "10m/s": expected ID=SPEED with a unit, for example 000000=0m/s,000001=10m/s`},
		{"=10m/s", `term "=10m/s": expected ID=SPEED`},
		{"000001=10", `missing or unknown unit in "10": use m/s or km/h`},
		{"000001=10mph", `missing or unknown unit in "10mph"`},
		{"000001=fastm/s", `invalid number "fast"`},
		{"000001=1e999m/s", `number "1e999" is out of range`},
		{"000001=10m/s,000001=12m/s", "frame 000001 is given twice"},
	}
	for _, c := range cases {
		t.Run(c.spec, func(t *testing.T) {
			_, err := ParseEgoSpeeds(c.spec)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}
