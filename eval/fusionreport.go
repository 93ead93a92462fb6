package eval

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// FusionFrameRows is the maximum number of frames per run in the Markdown
// table of frames. The JSON report lists every frame.
const FusionFrameRows = 50

// FusionReport is the evaluation of fusion_monitor over several replay
// outputs: one summary per bag with FusionDiagnostics and their total, and
// one summary of the time-sync statuses on /diagnostics per bag that has
// them and their total. A run of stamps without images or point clouds
// has only time-sync statuses, so a report may have only those.
type FusionReport struct {
	Runs          []FusionRun         `json:"runs,omitempty"`
	Total         FusionRun           `json:"total,omitzero"`
	TimeSync      []TimeSyncStatusRun `json:"time_sync_statuses,omitempty"`
	TimeSyncTotal TimeSyncStatusRun   `json:"time_sync_statuses_total,omitzero"`
}

// EvaluateFusionBags summarises each replay output bag; a run is named by
// its bag directory. A bag with neither FusionDiagnostics nor time-sync
// statuses is an error.
func EvaluateFusionBags(paths []string, topics FusionTopics) (FusionReport, error) {
	var rep FusionReport
	for _, p := range paths {
		msgs, err := ReadFusionDiagnostics(p, topics)
		if err != nil {
			return rep, err
		}
		statuses, err := ReadTimeSyncStatuses(p, topics)
		if err != nil {
			return rep, err
		}
		if len(msgs) == 0 && len(statuses) == 0 {
			return rep, fmt.Errorf("eval: %s: no message on %s and no %q status on %s: replay a bag with camera images and point clouds, "+
				"or with camera and LiDAR stamps such as a KITTI raw drive, from ebm import kitti, with --nodes fusion_monitor",
				p, topics.Diagnostics, topics.TimeSyncStatus, topics.DiagnosticArray)
		}
		if len(msgs) > 0 {
			rep.Runs = append(rep.Runs, SummarizeFusion(scenarioName(p), msgs, statuses))
		}
		if len(statuses) > 0 {
			rep.TimeSync = append(rep.TimeSync, SummarizeTimeSyncStatuses(scenarioName(p), statuses))
		}
	}
	if len(rep.Runs) > 0 {
		rep.Total = TotalFusion(rep.Runs)
	}
	if len(rep.TimeSync) > 0 {
		rep.TimeSyncTotal = TotalTimeSyncStatuses(rep.TimeSync)
	}
	return rep, nil
}

// WriteFiles writes the report as fusion_report.json and fusion_report.md
// into dir.
func (r FusionReport) WriteFiles(dir string) error {
	return writeReport(dir, "fusion_report", r, r.WriteMarkdown)
}

// WriteMarkdown writes the report as Markdown tables: levels, drift, time
// synchronisation, the time-sync statuses on /diagnostics and OOD per run
// and in total, then the first FusionFrameRows frames of each run. It
// writes only the tables of the summaries the report has.
func (r FusionReport) WriteMarkdown(w io.Writer) {
	fmt.Fprintln(w, "### fusion_monitor")
	if len(r.Runs) > 0 {
		r.writeFusionRuns(w)
	}
	if len(r.TimeSync) > 0 {
		writeTimeSyncStatuses(w, append(append([]TimeSyncStatusRun(nil), r.TimeSync...), r.TimeSyncTotal))
	}
	if len(r.Runs) > 0 {
		r.writeOOD(w)
		for _, f := range r.Runs {
			writeFusionFrames(w, f)
		}
	}
}

// writeFusionRuns writes the tables of levels, drift and time
// synchronisation of the FusionDiagnostics runs.
func (r FusionReport) writeFusionRuns(w io.Writer) {
	rows := append(append([]FusionRun(nil), r.Runs...), r.Total)

	fmt.Fprintln(w)
	fmt.Fprintln(w, "| run | frames | OK | WARN | ERROR | STALE |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|")
	for _, f := range rows {
		l := f.Levels
		fmt.Fprintf(w, "| %s | %d | %d | %d | %d | %d |\n", f.Run, f.Frames, l.OK, l.Warn, l.Error, l.Stale)
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "#### Extrinsic drift")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| run | assessed | flagged | score min | score median | score max | threshold | corrections | "+
		"median correction angle (°) | median roll, pitch, yaw (°) | median correction distance (cm) | median x, y, z (cm) | de-skewed |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, f := range rows {
		d := f.Drift
		rotation, translation := "—", "—"
		if d.Corrections > 0 {
			rotation, translation = formatComponents("%.2f", d.MedianCorrectionRotation), formatComponents("%.1f", d.MedianCorrectionTranslation)
		}
		fmt.Fprintf(w, "| %s | %d | %d | %s | %s | %s | %s | %d | %s | %s | %s | %s | %d |\n", f.Run, d.Assessed, d.Flagged,
			formatIf(d.Assessed, "%.2f", d.Score.Min), formatIf(d.Assessed, "%.2f", d.Score.Median), formatIf(d.Assessed, "%.2f", d.Score.Max),
			formatValues(d.Thresholds), d.Corrections,
			formatIf(d.Corrections, "%.2f", d.MedianCorrectionAngle), rotation, formatIf(d.Corrections, "%.1f", d.MedianCorrectionDistance), translation,
			d.Deskewed)
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "#### Time synchronisation")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| run | frames in warm-up | frames with time sync | offset min (ms) | offset median (ms) | offset max (ms) | max deviation (ms) | jitter median (ms) | jitter max (ms) | dropped frames | backwards stamps |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, f := range rows {
		s := f.TimeSync
		fmt.Fprintf(w, "| %s | %d | %d | %s | %s | %s | %s | %s | %s | %d | %d |\n", f.Run, s.WarmUp, s.Frames,
			formatIf(s.Frames, "%.3f", s.OffsetMs.Min), formatIf(s.Frames, "%.3f", s.OffsetMs.Median), formatIf(s.Frames, "%.3f", s.OffsetMs.Max),
			formatIf(s.Frames, "%.3f", s.MaxDeviation), formatIf(s.Frames, "%.4f", s.JitterMs.Median), formatIf(s.Frames, "%.4f", s.JitterMs.Max),
			s.DroppedFrames, s.BackwardsStamps)
	}
}

// writeOOD writes the table of out-of-distribution objects of the
// FusionDiagnostics runs.
func (r FusionReport) writeOOD(w io.Writer) {
	rows := append(append([]FusionRun(nil), r.Runs...), r.Total)

	fmt.Fprintln(w)
	fmt.Fprintln(w, "#### Out-of-distribution objects")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| run | objects | abstentions | mean energy | threshold |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|")
	for _, f := range rows {
		o := f.OOD
		fmt.Fprintf(w, "| %s | %d | %d | %s | %s |\n", f.Run, o.Objects, o.Abstentions, formatIf(o.Objects, "%.3f", o.MeanEnergy), formatValues(o.Thresholds))
	}
}

// writeTimeSyncStatuses writes the tables of the time-sync statuses on
// /diagnostics: counts per level beside the warm-up, then the values of
// the measured statuses.
func writeTimeSyncStatuses(w io.Writer, rows []TimeSyncStatusRun) {
	fmt.Fprintln(w)
	fmt.Fprintln(w, "#### Time-sync statuses on /diagnostics")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| run | statuses | in warm-up | OK | WARN | ERROR | STALE |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|")
	for _, s := range rows {
		l := s.Levels
		fmt.Fprintf(w, "| %s | %d | %d | %d | %d | %d | %d |\n", s.Run, s.Statuses, s.WarmUp, l.OK, l.Warn, l.Error, l.Stale)
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "| run | measured | offset median (ms) | nominal offset median (ms) | deviation min (ms) | deviation median (ms) | deviation max (ms) | max abs deviation (ms) | jitter median (ms) | jitter max (ms) | dropped frames | backwards stamps |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, s := range rows {
		n := s.Measured
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %d | %d |\n", s.Run, n,
			formatIf(n, "%.3f", s.OffsetMs.Median), formatIf(n, "%.3f", s.NominalOffsetMs.Median),
			formatIf(n, "%.3f", s.DeviationMs.Min), formatIf(n, "%.3f", s.DeviationMs.Median), formatIf(n, "%.3f", s.DeviationMs.Max),
			formatIf(n, "%.3f", s.MaxAbsDeviation), formatIf(n, "%.4f", s.JitterMs.Median), formatIf(n, "%.4f", s.JitterMs.Max),
			s.DroppedFrames, s.BackwardsStamps)
	}
}

// writeFusionFrames writes the table of the first FusionFrameRows frames of
// run. Frames without a drift assessment show a dash for drift score and
// flag, frames without an estimated correction a dash in each correction
// column, and frames scored without de-skewing a dash for the ego speed.
func writeFusionFrames(w io.Writer, run FusionRun) {
	fmt.Fprintln(w)
	fmt.Fprintf(w, "#### Frames of %s\n", run.Run)
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| stamp (s) | level | drift score | flagged | correction angle (°) | roll, pitch, yaw (°) | correction distance (cm) | x, y, z (cm) | ego speed (m/s) |")
	fmt.Fprintln(w, "|---:|---|---:|---|---:|---:|---:|---:|---:|")
	for i, f := range run.PerFrame {
		if i == FusionFrameRows {
			break
		}
		score, flagged := "—", "—"
		if f.Assessed {
			score, flagged = fmt.Sprintf("%.2f", f.DriftScore), "no"
			if f.Flagged {
				flagged = "yes"
			}
		}
		angle, rotation, distance, translation := "—", "—", "—", "—"
		if f.CorrectionEstimated {
			angle, rotation = fmt.Sprintf("%.2f", f.CorrectionAngle), formatComponents("%.2f", f.CorrectionRotation)
			distance, translation = fmt.Sprintf("%.1f", f.CorrectionDistance), formatComponents("%.1f", f.CorrectionTranslation)
		}
		speed := "—"
		if f.Deskewed {
			speed = fmt.Sprintf("%.2f", f.EgoSpeed)
		}
		fmt.Fprintf(w, "| %.3f | %s | %s | %s | %s | %s | %s | %s | %s |\n", float64(f.Stamp)*1e-9, f.Level, score, flagged,
			angle, rotation, distance, translation, speed)
	}
	if n := len(run.PerFrame); n > FusionFrameRows {
		fmt.Fprintf(w, "\nThe table shows the first %d of %d frames; fusion_report.json lists every frame.\n", FusionFrameRows, n)
	}
}

// formatIf formats v when count is positive and returns a dash otherwise,
// because a summary of no values is 0 rather than a measurement.
func formatIf(count int, format string, v float64) string {
	if count == 0 {
		return "—"
	}
	return fmt.Sprintf(format, v)
}

// formatComponents formats each component of v with format, separated by
// commas.
func formatComponents(format string, v [3]float64) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = strings.TrimPrefix(fmt.Sprintf(format, x), "-")
		if strings.Trim(parts[i], "0.") != "" && x < 0 {
			// Only a value that rounds to zero loses its sign, so the
			// table never shows -0.00.
			parts[i] = "-" + parts[i]
		}
	}
	return strings.Join(parts, ", ")
}

func formatValues(vs []float64) string {
	if len(vs) == 0 {
		return "—"
	}
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = strconv.FormatFloat(v, 'g', 4, 64)
	}
	return strings.Join(parts, ", ")
}
