package fusionnode

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/ebm-av/ebm_av/fusion/timesync"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/node/diag"
)

// Published texts are ASCII. Foxglove's CDR writer (@foxglove/rosmsg2-
// serialization 3.1.0, which the mcap-check tool uses) writes the UTF-16
// length of a string and cuts its UTF-8 bytes to it, so a non-ASCII symbol
// breaks the re-encoding check although readers decode the message.

// publishResult publishes FusionDiagnostics, the three checks on
// /diagnostics and, while someone subscribes, the markers of one frame.
func (m *Monitor) publishResult(res *frameResult) {
	a := res.assessment
	raw := diag.OK
	msg := fmt.Sprintf("extrinsic consistent: drift score %.2f <= threshold %.2f", a.Score, m.driftCfg.Threshold)
	if a.Drifted {
		raw = diag.Error
		msg = fmt.Sprintf("extrinsic drifted: drift score %.2f > threshold %.2f", a.Score, m.driftCfg.Threshold)
		if c := res.correction; c != nil {
			msg += fmt.Sprintf("; estimated correction %.2f deg, %.1f cm", degrees(c.Delta.Rigid().RotationAngle()), 100*c.Delta.Rigid().TranslationNorm())
		}
	} else if len(res.warnings) > 0 {
		raw = diag.Warn
	}
	if w := m.cfg.Drift.WindowFrames; w > 1 {
		msg += fmt.Sprintf("; window of %d of %d frames", res.pooled, w)
	}
	if len(res.warnings) > 0 {
		msg += "; " + strings.Join(res.warnings, "; ")
	}
	shown, held := m.updateCalibration(raw)
	msg += held

	out := m.fusionMsg(res.image.stamp, res.cameraID, shown, msg)
	out.DriftLevel = byte(diag.OK)
	if a.Drifted {
		out.DriftLevel = byte(diag.Error)
	}
	out.DriftScore = a.Score
	out.TotalEnergy = a.Energy
	for _, t := range res.breakdown {
		out.TermNames = append(out.TermNames, t.Name)
		out.TermWeights = append(out.TermWeights, t.Weight)
		out.TermEnergies = append(out.TermEnergies, t.Energy)
	}
	out.Deskewed, out.EgoVelocity, out.EgoYawRate = res.deskewed, res.motion.Velocity, res.motion.YawRate
	out.CorrectedExtrinsic = msgconv.TransformMsg(res.extrinsic)
	if c := res.correction; c != nil {
		out.CorrectionEstimated = true
		out.CorrectionRotation = c.Degrees()
		out.CorrectionTranslation = c.Centimetres()
		out.CorrectionAngle = degrees(c.Delta.Rigid().RotationAngle())
		out.CorrectionDistance = 100 * c.Delta.Rigid().TranslationNorm()
		out.CorrectedExtrinsic = msgconv.TransformMsg(res.extrinsic.Perturb(c.Delta))
	}
	detections := m.detectionsStatus(res, &out)
	out.Level = byte(max(shown, m.syncLevel()))
	m.publish(m.fusionPub.Publish(context.Background(), &out))

	calibration := m.status(checkCalibration, shown, msg, []diag.KeyValue{
		{Key: "drift_score", Value: fmt.Sprintf("%.3f", a.Score)},
		{Key: "drift_threshold", Value: fmt.Sprintf("%.3f", m.driftCfg.Threshold)},
		{Key: "total_energy", Value: fmt.Sprintf("%.6g", a.Energy)},
		{Key: "points", Value: fmt.Sprint(len(res.cloud.points) / 4)},
		{Key: "non_finite_points", Value: fmt.Sprint(res.cloud.nonFinite)},
		{Key: "cycle_time_ms", Value: fmt.Sprintf("%.3f", float64(res.elapsed.Microseconds())/1e3)},
		{Key: "window_frames", Value: fmt.Sprint(res.pooled)},
		{Key: "deskewed", Value: fmt.Sprint(res.deskewed)},
		{Key: "ego_speed", Value: fmt.Sprintf("%.2f", math.Hypot(res.motion.Velocity[0], res.motion.Velocity[1]))},
	})
	if shown != raw {
		calibration.Add("raw_level", raw.String())
	}
	for _, t := range res.breakdown {
		calibration.Add("energy "+t.Name, t.Energy)
	}
	statuses := []diag.Status{calibration, detections}
	if m.timeSyncSeen {
		statuses = append(statuses, m.timeSyncStatus())
	}
	m.publishDiagnostics(res.image.stamp, statuses...)
	if m.cfg.Markers && m.markers.SubscriptionCount() > 0 {
		mk := markersMsg(res, m.cfg.MarkerStride, m.sceneCfg.Sweep)
		m.publish(m.markers.Publish(context.Background(), &mk))
	}
}

// detectionsStatus fills the OOD fields of out and returns the detections
// check: WARN when the monitor abstains on an object or no detector output
// was paired with the frame.
func (m *Monitor) detectionsStatus(res *frameResult, out *ebm_av.FusionDiagnostics) diag.Status {
	out.OodTemperature, out.OodThreshold = m.cfg.OOD.Temperature, m.cfg.OOD.Threshold
	if res.detections == nil {
		out.OodLevel = byte(diag.Warn)
		return m.status(checkDetections, diag.Warn, "no detector output paired with the frame", nil)
	}
	abstained := 0
	for i, o := range res.detections.Objects {
		out.ObjectIDs = append(out.ObjectIDs, o.ID)
		out.ObjectEnergies = append(out.ObjectEnergies, res.energies[i])
		out.ObjectAbstain = append(out.ObjectAbstain, res.abstain[i])
		if res.abstain[i] {
			abstained++
		}
	}
	level := diag.OK
	msg := fmt.Sprintf("%d objects within the energy threshold %.3f", len(res.energies), m.cfg.OOD.Threshold)
	if abstained > 0 {
		level = diag.Warn
		msg = fmt.Sprintf("abstained on %d of %d objects: energy above %.3f", abstained, len(res.energies), m.cfg.OOD.Threshold)
	}
	out.OodLevel = byte(level)
	st := m.status(checkDetections, level, msg, nil)
	for i, o := range res.detections.Objects {
		st.Add("energy "+o.ID, res.energies[i])
	}
	return st
}

// fusionMsg returns a FusionDiagnostics with the header, the level and the
// time-sync fields filled in.
func (m *Monitor) fusionMsg(stamp int64, frame string, level diag.Level, msg string) ebm_av.FusionDiagnostics {
	out := ebm_av.FusionDiagnostics{
		Header: msgconv.Header(stamp, frame), Level: byte(level), Message: msg,
		DriftLevel: byte(diag.Stale), DriftThreshold: m.driftCfg.Threshold,
		TimeSyncLevel: byte(diag.Stale), OodLevel: byte(diag.Stale),
		OodTemperature: m.cfg.OOD.Temperature, OodThreshold: m.cfg.OOD.Threshold,
	}
	if m.timeSyncSeen {
		s := m.syncStatus
		out.TimeSyncLevel = byte(s.Level)
		out.TimeOffset, out.TimeOffsetNominal, out.TimeJitter = s.Offset.Seconds(), s.Nominal.Seconds(), s.Jitter.Seconds()
		out.DroppedFrames, out.BackwardsStamps = uint32(s.Dropped), uint32(s.Backwards)
	}
	return out
}

// updateCalibration feeds the raw level of one frame to the debounced
// calibration check and returns the level to show. When that level is
// worse than raw, because an earlier frame's level is held, it also
// returns a message suffix that explains the held level.
func (m *Monitor) updateCalibration(raw diag.Level) (diag.Level, string) {
	shown := m.calibration.Update(raw)
	if shown <= raw {
		return shown, ""
	}
	return shown, fmt.Sprintf("; level held at %s from an earlier frame until %d consecutive frames are better",
		shown, m.calibration.ClearAfter())
}

// publishFailure reports a frame that could not be assessed, at level, on
// both outputs.
func (m *Monitor) publishFailure(stamp int64, frame string, level diag.Level, reason string) {
	shown, held := m.updateCalibration(level)
	reason += held
	out := m.fusionMsg(stamp, frame, shown, reason)
	out.DriftLevel = byte(level)
	m.publish(m.fusionPub.Publish(context.Background(), &out))
	st := m.status(checkCalibration, shown, reason, nil)
	if shown != level {
		st.Add("raw_level", level.String())
	}
	m.publishDiagnostics(stamp, st)
}

// publishTimeSync publishes the time-sync check alone, for a TimeSyncStatus
// message.
func (m *Monitor) publishTimeSync(stamp int64) {
	m.publishDiagnostics(stamp, m.timeSyncStatus())
}

func (m *Monitor) syncLevel() diag.Level {
	if !m.timeSyncSeen {
		return diag.OK
	}
	return diag.Level(m.syncStatus.Level)
}

// timeSyncStatus returns the time-sync check from the latest monitor status.
func (m *Monitor) timeSyncStatus() diag.Status {
	s := m.syncStatus
	msg := s.Reason
	switch {
	case msg != "":
	case s.Learning:
		msg = "learning the nominal offset"
	default:
		msg = "camera and LiDAR stamps within limits"
	}
	return m.status(checkTimeSync, diag.Level(s.Level), msg, []diag.KeyValue{
		{Key: "offset_ms", Value: fmt.Sprintf("%.3f", ms(s.Offset.Seconds()))},
		{Key: "nominal_offset_ms", Value: fmt.Sprintf("%.3f", ms(s.Nominal.Seconds()))},
		{Key: "deviation_ms", Value: fmt.Sprintf("%.3f", ms(s.Deviation.Seconds()))},
		{Key: "jitter_ms", Value: fmt.Sprintf("%.4f", ms(s.Jitter.Seconds()))},
		{Key: "dropped_frames", Value: fmt.Sprint(s.Dropped)},
		{Key: "backwards_stamps", Value: fmt.Sprint(s.Backwards)},
		{Key: "learning", Value: fmt.Sprint(s.Learning)},
		{Key: "pairs", Value: fmt.Sprint(s.Pairs)},
	})
}

func (m *Monitor) status(check string, level diag.Level, msg string, values []diag.KeyValue) diag.Status {
	return diag.Status{Level: level, Name: m.node.Name() + ": " + check, Message: msg,
		HardwareID: m.node.FullyQualifiedName(), Values: values}
}

func (m *Monitor) publishDiagnostics(stamp int64, statuses ...diag.Status) {
	for topic, count := range m.node.DecodeErrors() {
		statuses[0].Add("rejected_messages "+topic, count)
	}
	arr := msgconv.DiagnosticArray(stamp, statuses...)
	m.publish(m.diags.Publish(context.Background(), &arr))
}

func (m *Monitor) publish(err error) {
	if err != nil {
		m.node.Logger().Error("publish failed", "err", err)
	}
}

func degrees(rad float64) float64 { return rad * 180 / math.Pi }

func ms(s float64) float64 { return s * 1e3 }

// Compile-time checks that the levels of the libraries and of
// diagnostic_msgs agree, since the node converts between them by value.
var (
	_ = [1]struct{}{}[int(timesync.Stale)-int(diag.Stale)]
	_ = [1]struct{}{}[int(timesync.Error)-int(diag.Error)]
	_ = [1]struct{}{}[int(timesync.Warn)-int(diag.Warn)]
	_ = [1]struct{}{}[int(ebm_av.FusionDiagnosticsStale)-int(diag.Stale)]
)
