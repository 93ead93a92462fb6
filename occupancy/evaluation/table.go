package evaluation

import (
	"fmt"
	"math"
	"strings"
)

// Row is one method's IoU per horizon.
type Row struct {
	Method string
	IoU    []float64 // one value per horizon, in [0, 1] or NaN
}

// FormatTable returns a Markdown table with one row per method and columns
// IoU@h for every horizon h (s) and their mean, values in percent with one
// decimal, as occupancy-forecasting papers present them.
func FormatTable(horizons []float64, rows []Row) string {
	var b strings.Builder
	b.WriteString("| method |")
	for _, h := range horizons {
		fmt.Fprintf(&b, " IoU@%gs |", h)
	}
	b.WriteString(" mean |\n|---|")
	for range horizons {
		b.WriteString("---:|")
	}
	b.WriteString("---:|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s |", r.Method)
		var sum float64
		for _, v := range r.IoU {
			fmt.Fprintf(&b, " %s |", percent(v))
			sum += v
		}
		fmt.Fprintf(&b, " %s |\n", percent(sum/float64(len(r.IoU))))
	}
	return b.String()
}

func percent(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return fmt.Sprintf("%.1f", 100*v)
}
