package evaluation

import (
	"fmt"
	"math"
	"strings"

	"github.com/ebm-av/ebm_av/occupancy/forecast"
)

// ClassicalMatch returns the lowest IoU over horizons between the real
// future of r and the classical forecast closest to it: the classical
// forecast whose lowest IoU over horizons is highest. A value near 1 means
// a forecast computed from the past alone nearly reproduces the real
// future, so no energy of the past and the candidate can reliably rank the
// real future first. Horizons whose union is empty are skipped, and a
// record without any horizon to compare returns NaN.
func ClassicalMatch(r *Record) float64 {
	best := math.NaN()
	for _, f := range forecast.Classical() {
		k := r.SourceIndex(f.Name())
		if k < 0 {
			continue
		}
		worst := math.Inf(1)
		for _, u := range r.IoU[k] {
			if v := u.Value(); !math.IsNaN(v) {
				worst = math.Min(worst, v)
			}
		}
		if !math.IsInf(worst, 1) && (math.IsNaN(best) || worst > best) {
			best = worst
		}
	}
	return best
}

// MatchEdges are the band edges of the study's ClassicalMatch breakdown.
var MatchEdges = []float64{0, 0.5, 0.8, 0.9, 1}

// MatchBand counts the steps whose ClassicalMatch lies in [Low, High), the
// last band including High, and the steps among them where the real future
// ranked first.
type MatchBand struct {
	Low, High   float64
	Steps, Top1 int
}

// MatchBands splits the records of each site, then of all sites, by
// ClassicalMatch at the given increasing band edges, and counts the steps
// where s ranks the real future first. Records without a comparable
// horizon fall in no band.
func MatchBands(records []Record, s Scoring, edges []float64) map[string][]MatchBand {
	out := map[string][]MatchBand{}
	newBands := func() []MatchBand {
		b := make([]MatchBand, len(edges)-1)
		for i := range b {
			b[i].Low, b[i].High = edges[i], edges[i+1]
		}
		return b
	}
	for i := range records {
		r := &records[i]
		m := ClassicalMatch(r)
		if math.IsNaN(m) {
			continue
		}
		first := Rank(s.Energies(r), r.Real) == 1
		for _, site := range []string{r.Site, "all"} {
			if out[site] == nil {
				out[site] = newBands()
			}
			for j := range out[site] {
				b := &out[site][j]
				if m >= b.Low && (m < b.High || j == len(out[site])-1 && m <= b.High) {
					b.Steps++
					if first {
						b.Top1++
					}
					break
				}
			}
		}
	}
	return out
}

// FormatMatchBands returns a Markdown table with one row per site in sites
// and one column per band: the share of steps in the band and the real
// future's top-1 rate there.
func FormatMatchBands(bands map[string][]MatchBand, sites []string) string {
	var sb strings.Builder
	sb.WriteString("| site |")
	var ref []MatchBand
	for _, site := range sites {
		if b, ok := bands[site]; ok {
			ref = b
			break
		}
	}
	for _, b := range ref {
		fmt.Fprintf(&sb, " match %.2f–%.2f: steps, real future first |", b.Low, b.High)
	}
	sb.WriteString("\n|---|")
	for range ref {
		sb.WriteString("---|")
	}
	sb.WriteString("\n")
	for _, site := range sites {
		b, ok := bands[site]
		if !ok {
			continue
		}
		total := 0
		for _, x := range b {
			total += x.Steps
		}
		fmt.Fprintf(&sb, "| %s |", site)
		for _, x := range b {
			if x.Steps == 0 {
				fmt.Fprintf(&sb, " 0 (0.0 %%), — |")
				continue
			}
			fmt.Fprintf(&sb, " %d (%.1f %%), %.1f %% |", x.Steps, 100*float64(x.Steps)/float64(total), 100*float64(x.Top1)/float64(x.Steps))
		}
		sb.WriteString("\n")
	}
	return sb.String()
}
