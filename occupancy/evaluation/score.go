package evaluation

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ebm-av/ebm_av/occupancy/energy"
	"github.com/ebm-av/ebm_av/occupancy/forecast"
)

// Scoring sets the energy of the candidates of a record from their parts:
// Σ Hand_i·part_i plus, when Learned has coefficients for the record's site,
// Σ coef_i·log(1 + part_i).
type Scoring struct {
	Name    string
	Hand    []float64            // weight per part, in the order of PartNames
	Learned map[string][]float64 // learned coefficients per evaluated site
}

// HandWeights returns the default scorer's weight of every part: the term
// weight times the part weight.
func HandWeights() []float64 {
	var w []float64
	for _, d := range partTerms() {
		pw, ok := d.(interface{ PartWeights() []float64 })
		for i := range d.PartNames() {
			v := d.Weight()
			if ok {
				v *= pw.PartWeights()[i]
			}
			w = append(w, v)
		}
	}
	return w
}

// Energies returns the energy of every candidate of r.
func (s Scoring) Energies(r *Record) []float64 {
	coef := s.Learned[r.Site]
	out := make([]float64, len(r.Parts))
	for k, parts := range r.Parts {
		for i, p := range parts {
			out[k] += s.Hand[i] * p
		}
		if coef != nil {
			for i, f := range energy.FeaturesFromParts(parts) {
				out[k] += coef[i] * f
			}
		}
	}
	return out
}

// BrokenSources returns the names of the deliberately wrong forecasters.
func BrokenSources() []string {
	var names []string
	for _, f := range forecast.Broken() {
		names = append(names, f.Name())
	}
	return names
}

// TrainHeldOut trains the learned coefficients for every site present in
// records on the records of the other sites only. Each real future is
// ranked against the forecasts of its cycle whose source is in negatives
// (BrokenSources when nil), with the hand-weighted energy as a fixed offset.
func TrainHeldOut(records []Record, hand []float64, negatives []string, cfg energy.TrainConfig) (map[string][]float64, error) {
	sites := map[string]bool{}
	for _, r := range records {
		sites[r.Site] = true
	}
	out := map[string][]float64{}
	for site := range sites {
		var others []Record
		for _, r := range records {
			if r.Site != site {
				others = append(others, r)
			}
		}
		coef, err := Train(others, hand, negatives, cfg)
		if err != nil {
			return nil, fmt.Errorf("evaluation: training for held-out site %s: %w", site, err)
		}
		out[site] = coef
	}
	return out, nil
}

// Train trains the learned coefficients on every record. Each real future is
// ranked against the forecasts of its cycle whose source is in negatives
// (BrokenSources when nil), with the hand-weighted energy as a fixed offset.
func Train(records []Record, hand []float64, negatives []string, cfg energy.TrainConfig) ([]float64, error) {
	if negatives == nil {
		negatives = BrokenSources()
	}
	var groups []energy.Group
	for i := range records {
		r := &records[i]
		g := energy.Group{}
		for k, src := range r.Sources {
			if k != r.Real && !slices.Contains(negatives, src) {
				continue
			}
			if k == r.Real {
				g.Positive = len(g.Features)
			}
			g.Features = append(g.Features, energy.FeaturesFromParts(r.Parts[k]))
			var off float64
			for i, p := range r.Parts[k] {
				off += hand[i] * p
			}
			g.Offset = append(g.Offset, off)
		}
		groups = append(groups, g)
	}
	coef, _, err := energy.TrainRanking(groups, cfg)
	return coef, err
}

// SiteResult is the outcome of a scoring on the cycles of one site.
type SiteResult struct {
	Site     string
	Steps    int
	Top1     int // cycles where the real future has the lowest energy
	TiedTop1 int // cycles where it shares the lowest energy with another candidate
	// AheadOfWrong counts cycles where the real future has lower energy than
	// every deliberately wrong forecast.
	AheadOfWrong int
	GapSum       float64 // sum over cycles of Gap
	Selected     []IoU   // per horizon, lowest-energy forecast against the real future
	CopyLast     []IoU   // per horizon, copy-and-paste against the real future
	Picks        map[string]int
}

// Top1Rate returns the fraction of cycles where the real future ranks first.
func (r *SiteResult) Top1Rate() float64 { return float64(r.Top1) / float64(r.Steps) }

// MeanGap returns the mean energy gap.
func (r *SiteResult) MeanGap() float64 { return r.GapSum / float64(r.Steps) }

// AllSources returns the names of every forecaster of a study.
func AllSources() []string {
	var names []string
	for _, f := range Forecasters() {
		names = append(names, f.Name())
	}
	return names
}

// Evaluate scores every record and returns one result per site, then "all".
// The sites of Sites come first in that order, then any other site in the
// order of its first record. Sites without records are left out.
func Evaluate(records []Record, s Scoring, horizons int) []SiteResult {
	bySite := map[string]*SiteResult{}
	all := newSiteResult("all", horizons)
	broken := BrokenSources()
	for i := range records {
		r := &records[i]
		res, ok := bySite[r.Site]
		if !ok {
			res = newSiteResult(r.Site, horizons)
			bySite[r.Site] = res
		}
		e := s.Energies(r)
		sel := Select(e, r.Real)
		ahead := true
		for k, src := range r.Sources {
			if k != r.Real && slices.Contains(broken, src) && e[k] <= e[r.Real] {
				ahead = false
			}
		}
		copyLast := r.SourceIndex(forecast.CopyLast{}.Name())
		for _, res := range []*SiteResult{res, all} {
			res.Steps++
			if Rank(e, r.Real) == 1 {
				res.Top1++
			} else if e[r.Real] <= e[sel] {
				res.TiedTop1++
			}
			if ahead {
				res.AheadOfWrong++
			}
			res.GapSum += Gap(e, r.Real)
			res.Picks[r.Sources[sel]]++
			for h := 0; h < horizons; h++ {
				res.Selected[h].Merge(r.IoU[sel][h])
				res.CopyLast[h].Merge(r.IoU[copyLast][h])
			}
		}
	}
	var out []SiteResult
	for _, site := range Sites {
		if r, ok := bySite[site]; ok {
			out = append(out, *r)
			delete(bySite, site)
		}
	}
	for i := range records {
		if r, ok := bySite[records[i].Site]; ok {
			out = append(out, *r)
			delete(bySite, r.Site)
		}
	}
	return append(out, *all)
}

func newSiteResult(site string, horizons int) *SiteResult {
	return &SiteResult{Site: site, Selected: make([]IoU, horizons), CopyLast: make([]IoU, horizons), Picks: map[string]int{}}
}

// FormatResults returns a Markdown summary of results: one line per site with
// the steps, top-1 rate and mean gap, and an IoU table with the selected
// forecast and copy-and-paste per site.
func FormatResults(name string, horizons []float64, results []SiteResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### %s\n\n| site | steps | real future first | tied first | ahead of all wrong | mean energy gap | selected forecasts |\n|---|---:|---:|---:|---:|---:|---|\n", name)
	var rows []Row
	for _, r := range results {
		fmt.Fprintf(&b, "| %s | %d | %.1f %% | %.1f %% | %.1f %% | %.2f | %s |\n", r.Site, r.Steps, 100*r.Top1Rate(),
			100*float64(r.TiedTop1)/float64(r.Steps), 100*float64(r.AheadOfWrong)/float64(r.Steps), r.MeanGap(), formatPicks(r.Picks))
		rows = append(rows, Row{Method: "selected, " + r.Site, IoU: values(r.Selected)}, Row{Method: "copy_last, " + r.Site, IoU: values(r.CopyLast)})
	}
	b.WriteString("\n")
	b.WriteString(FormatTable(horizons, rows))
	return b.String()
}

func values(us []IoU) []float64 {
	out := make([]float64, len(us))
	for i, u := range us {
		out[i] = u.Value()
	}
	return out
}

func formatPicks(picks map[string]int) string {
	names := make([]string, 0, len(picks))
	for n := range picks {
		names = append(names, n)
	}
	// Most picks first, names in order among equal counts, so runs print
	// the same line.
	slices.SortFunc(names, func(a, b string) int {
		if c := picks[b] - picks[a]; c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s %d", n, picks[n])
	}
	return strings.Join(parts, ", ")
}
