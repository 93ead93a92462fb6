package learn

import (
	"fmt"
	"io"
	"strings"
)

// WriteMarkdown writes the open-loop table of the site reports: per
// held-out site and method, top-1 and top-5 rates of the human-nearest
// candidate, ADE and FDE of the selection in m, the collision rate of the
// lowest-energy candidate with the gate off, the energy gap and the ECE
// before and after temperature scaling.
func WriteMarkdown(w io.Writer, reports []*SiteReport) error {
	var b strings.Builder
	b.WriteString("| held-out site | method | cycles | top-1 | top-5 | ADE (m) | FDE (m) | collision, gate off | energy gap | ECE τ=1 | ECE fitted | τ |\n")
	b.WriteString("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range reports {
		for _, m := range r.Results {
			x := m.Metrics
			fmt.Fprintf(&b, "| %s | %s | %d | %.3f | %.3f | %.2f | %.2f | %.3f | %.3g | %.3f | %.3f | %.3g |\n",
				strings.Join(r.Split.Test, "+"), m.Method, x.CyclesWithHuman, x.Top1, x.Top5, x.ADE, x.FDE,
				x.CollisionGateOff, x.EnergyGap, m.ECEBefore, m.ECEAfter, m.Temperature)
		}
	}
	b.WriteString("\n| held-out site | train sets | epochs (best) | train loss | val loss | val rank acc | val lattice top-1 | train time | eval time |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range reports {
		t := r.Train
		fmt.Fprintf(&b, "| %s | %s | %d (%d) | %.3f | %.3f | %.3f | %.3f | %s | %s |\n",
			strings.Join(r.Split.Test, "+"), strings.Join(r.Split.Train, "+"), t.Epochs, t.BestEpoch,
			t.TrainLoss, t.ValLoss, t.ValAccuracy, t.ValLatticeTop1, t.Elapsed.Round(1e7), r.EvalElapsed.Round(1e7))
	}
	var closed bool
	for _, r := range reports {
		closed = closed || len(r.ClosedLoop) > 0
	}
	if closed {
		b.WriteString("\n" + ClosedLoopHeader)
		for _, r := range reports {
			WriteClosedLoop(&b, strings.Join(r.Split.Test, "+"), r.ClosedLoop)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
