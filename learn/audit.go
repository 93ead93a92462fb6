package learn

import (
	"fmt"
	"io"
	"strings"
)

// DropFactor flags an audit pair whose cross-site lattice top-1 falls below
// this fraction of the in-site validation top-1, a sign that the model
// learned a site-specific shortcut.
const DropFactor = 0.5

// AuditRow is one ordered site pair of the shortcut audit: trained on
// Train (its validation scenarios held back for early stopping) and tested
// on all sets of Test.
type AuditRow struct {
	Train, Test string
	InSite      ValidationStats // on Train's validation scenarios
	CrossSite   ValidationStats // on Test
	Flagged     bool
}

// Audit trains on each site alone and tests on each other site, the six
// ordered pairs of three sites, with the same training options.
func Audit(ds *Dataset, validationFraction float64, opts TrainOptions) ([]AuditRow, error) {
	opts.defaults()
	var rows []AuditRow
	for _, a := range Sites {
		split := Split{Train: []string{a}, ValidationFraction: validationFraction}
		trainSets, valSets, _ := split.Apply(ds.Sets)
		quiet := opts
		quiet.Progress = nil
		m, _, err := Train(ds.Featurizer, trainSets, valSets, quiet)
		if err != nil {
			return nil, fmt.Errorf("learn: audit, train on %s: %w", a, err)
		}
		in := Validate(m, valSets, opts.Loss)
		for _, b := range Sites {
			if b == a {
				continue
			}
			var test []Set
			for _, s := range ds.Sets {
				if s.Site == b {
					test = append(test, s)
				}
			}
			if len(test) == 0 {
				continue
			}
			cross := Validate(m, test, opts.Loss)
			rows = append(rows, AuditRow{Train: a, Test: b, InSite: in, CrossSite: cross,
				Flagged: cross.LatticeTop1 < DropFactor*in.LatticeTop1})
			opts.Logger.Info("audit pair", "train", a, "test", b, "in_site_top1", in.LatticeTop1, "cross_site_top1", cross.LatticeTop1)
		}
	}
	return rows, nil
}

// WriteAudit writes the audit rows as a Markdown table.
func WriteAudit(w io.Writer, rows []AuditRow) error {
	var b strings.Builder
	b.WriteString("| train | test | in-site val loss | in-site lattice top-1 | cross-site loss | cross-site lattice top-1 | cross-site rank acc | flag |\n")
	b.WriteString("|---|---|---:|---:|---:|---:|---:|---|\n")
	for _, r := range rows {
		flag := ""
		if r.Flagged {
			flag = fmt.Sprintf("drop: below %.0f%% of in-site", 100*DropFactor)
		}
		fmt.Fprintf(&b, "| %s | %s | %.3f | %.3f | %.3f | %.3f | %.3f | %s |\n", r.Train, r.Test,
			r.InSite.Loss, r.InSite.LatticeTop1, r.CrossSite.Loss, r.CrossSite.LatticeTop1, r.CrossSite.Accuracy, flag)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
