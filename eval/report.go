package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// PlannerReport is the evaluation of several replay outputs.
type PlannerReport struct {
	Scenarios []PlannerMetrics `json:"scenarios"`
	Total     PlannerMetrics   `json:"total"`
}

// EvaluatePlannerBags evaluates each replay output bag; a scenario is named
// by its bag directory.
func EvaluatePlannerBags(paths []string, topics PlannerTopics) (PlannerReport, error) {
	var rep PlannerReport
	for _, p := range paths {
		cycles, err := ReadPlannerCycles(p, topics)
		if err != nil {
			return rep, err
		}
		if len(cycles) == 0 {
			return rep, fmt.Errorf("eval: %s: no planning cycle with both candidates and energies: was the bag written by ebm replay?", p)
		}
		rep.Scenarios = append(rep.Scenarios, EvaluatePlanner(scenarioName(p), cycles, Collides))
	}
	rep.Total = TotalPlanner(rep.Scenarios)
	return rep, nil
}

func scenarioName(path string) string {
	base := filepath.Base(filepath.Clean(path))
	if filepath.Ext(base) == ".mcap" {
		base = filepath.Base(filepath.Dir(filepath.Clean(path)))
	}
	return base
}

// WriteFiles writes the report as report.json and report.md into dir.
func (r PlannerReport) WriteFiles(dir string) error {
	return writeReport(dir, "report", r, r.WriteMarkdown)
}

// writeReport writes report as indented JSON to dir/base.json and its
// Markdown, written by markdown, to dir/base.md, creating dir. The JSON
// keeps "<" and ">" as they are, because node messages such as "score 0.28
// <= threshold 1.00" contain them.
func writeReport(dir, base string, report any, markdown func(io.Writer)) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	var js bytes.Buffer
	enc := json.NewEncoder(&js)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(report); err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, base+".json"), js.Bytes(), 0o644); err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	var md bytes.Buffer
	markdown(&md)
	if err := os.WriteFile(filepath.Join(dir, base+".md"), md.Bytes(), 0o644); err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	return nil
}

// WriteMarkdown writes the report as a Markdown table under the heading
// planner_ebm.
func (r PlannerReport) WriteMarkdown(w io.Writer) {
	fmt.Fprintln(w, "### planner_ebm")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| scenario | cycles | top-1 | top-5 | ADE (m) | FDE (m) | horizon (s) | collision, gate on | collision, gate off | energy gap | fallback | latency p50 (ms) | latency p99 (ms) |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	row := func(m PlannerMetrics) {
		fmt.Fprintf(w, "| %s | %d | %.2f | %.2f | %.2f | %.2f | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n",
			m.Scenario, m.Cycles, m.Top1, m.Top5, m.ADE, m.FDE, m.Horizon, m.CollisionGateOn, m.CollisionGateOff,
			m.EnergyGap, m.FallbackRate, m.LatencyP50, m.LatencyP99)
	}
	for _, m := range r.Scenarios {
		row(m)
	}
	row(r.Total)
}
