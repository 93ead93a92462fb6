package plannernode

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/lanemap"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/geometry_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/tf2_msgs"
	"github.com/ebm-av/ebm_av/node/diag"
	"github.com/ebm-av/ebm_av/planner"
	"github.com/ebm-av/ebm_av/traj"
)

// plan runs one planning cycle for the candidate set m.
func (p *Planner) plan(m *ebm_av.CandidateTrajectories, cands []traj.Trajectory) {
	stamp := msgconv.Nanos(m.Header.Stamp)
	tol := int64(p.cfg.SyncTolerance * 1e9)
	log := p.node.Logger()
	p.cycles++

	now := p.node.Clock().Now()
	ego, egoStamp, ok := p.egoBuf.Nearest(stamp, tol)
	if ok {
		if reason := p.watchdog.Stale(inputEgoState, now); reason != "" {
			log.Warn("skipped planning cycle", "stamp", stamp, "reason", reason)
			p.publishDiagnostic(stamp, diag.Stale, reason+"; no trajectory published", nil)
			return
		}
	} else {
		// Without an ego state there is nothing to plan from, not even a
		// fallback.
		reason := "no ego state"
		if p.egoBuf.Len() > 0 {
			reason = fmt.Sprintf("ego state stale by %.3f s", math.Abs(float64(stamp-egoStamp))*1e-9)
		}
		log.Warn("skipped planning cycle", "stamp", stamp, "reason", reason)
		p.publishDiagnostic(stamp, diag.Stale, reason+"; no trajectory published", nil)
		return
	}

	var warnings []string
	obstacles, predStamp, ok := p.predBuf.Nearest(stamp, tol)
	if !ok {
		reason := "no obstacle predictions"
		if p.predBuf.Len() > 0 {
			reason = fmt.Sprintf("obstacle predictions stale by %.3f s", math.Abs(float64(stamp-predStamp))*1e-9)
		}
		// Planning without predictions would pass colliding candidates.
		p.publishFallback(m, cands, ego, reason)
		return
	}
	if reason := p.watchdog.Stale(inputPredictions, now); reason != "" {
		p.publishFallback(m, cands, ego, reason)
		return
	}

	// The Context is reused so that its caches keep their memory between cycles.
	p.ctx.Ego, p.ctx.Obstacles, p.ctx.SpeedLimit = ego, obstacles, p.cfg.SpeedLimit
	p.ctx.OpenLaneEnds = p.cfg.OpenLaneEnds
	p.ctx.Map, p.ctx.Grid = lanemap.Map{}, nil
	if p.lanes != nil {
		p.ctx.Map = *p.lanes
	} else {
		warnings = append(warnings, "no lane map")
	}
	if raw, bevStamp, ok := p.bevBuf.Nearest(stamp, tol); ok {
		grid, err := p.gridInPlanningFrame(raw, ego)
		if err != nil {
			warnings = append(warnings, "BEV features unusable: "+err.Error())
		} else {
			p.ctx.Grid = grid
		}
	} else if p.bevBuf.Len() > 0 {
		warnings = append(warnings, fmt.Sprintf("BEV features stale by %.3f s", math.Abs(float64(stamp-bevStamp))*1e-9))
	}

	start := time.Now()
	if err := p.scorer.Score(&p.ctx, cands, &p.result); err != nil {
		p.node.CountInputError(TopicCandidates, err)
		p.publishFallback(m, cands, ego, "scoring failed: "+err.Error())
		return
	}
	elapsed := time.Since(start)
	// The watchdog adds missing or late BEV features and a cycle over budget;
	// the required inputs were checked above.
	_, reasons := p.watchdog.Check(now, elapsed)
	warnings = append(warnings, reasons...)
	p.publishResult(m, cands, ego, elapsed, warnings)
}

// checkCandidates runs on the watchdog timer: when candidate sets stop
// arriving for longer than their limit, no cycle reports the node's state,
// so the timer publishes a STALE diagnostic. Before the first candidate set
// it stays silent, so a node waiting for its inputs at start-up publishes
// the same diagnostics live as in a replay.
func (p *Planner) checkCandidates(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, seen := p.watchdog.Age(inputCandidates, now); !seen {
		return
	}
	reason := p.watchdog.Stale(inputCandidates, now)
	if reason == "" {
		p.staleChecks = 0
		return
	}
	// The diagnostic goes out on every check. The log gets only the first
	// and then every 30th, so a node left without input does not flood it.
	p.staleChecks++
	if p.staleChecks == 1 || p.staleChecks%30 == 0 {
		p.node.Logger().Warn("no planning cycle", "reason", reason, "checks", p.staleChecks)
	}
	p.publishDiagnostic(now.UnixNano(), diag.Stale, reason+"; no trajectory published", nil)
}

// publishTF publishes the ego pose as the frame_id → base_frame_id
// transform on /tf (REP 105: map → base_link).
func (p *Planner) publishTF(stamp int64, ego traj.EgoState) {
	if p.tf == nil {
		return
	}
	pose := msgconv.Pose(ego.X, ego.Y, ego.Yaw)
	msg := tf2_msgs.TFMessage{Transforms: []geometry_msgs.TransformStamped{{
		Header:       msgconv.Header(stamp, p.cfg.FrameID),
		ChildFrameID: p.cfg.BaseFrameID,
		Transform: geometry_msgs.Transform{
			Translation: geometry_msgs.Vector3{X: pose.Position.X, Y: pose.Position.Y, Z: pose.Position.Z},
			Rotation:    pose.Orientation,
		},
	}}}
	p.publish(p.tf.Publish(context.Background(), &msg))
}

// gridInPlanningFrame converts BEV features to the planning frame: a raster
// in base_link is placed with the ego pose, one in the planning frame as is.
func (p *Planner) gridInPlanningFrame(m *ebm_av.BEVFeatures, ego traj.EgoState) (*bev.Grid, error) {
	switch m.Header.FrameID {
	case "base_link", "":
		return msgconv.BEV(m, msgconv.Frame2D{X: ego.X, Y: ego.Y, Yaw: ego.Yaw})
	case p.cfg.FrameID:
		return msgconv.BEV(m, msgconv.Frame2D{})
	}
	return nil, fmt.Errorf("frame %q is neither base_link nor the planning frame %q", m.Header.FrameID, p.cfg.FrameID)
}

func (p *Planner) publishResult(m *ebm_av.CandidateTrajectories, cands []traj.Trajectory, ego traj.EgoState, elapsed time.Duration, warnings []string) {
	stamp := msgconv.Nanos(m.Header.Stamp)
	res := &p.result
	ctx := context.Background()
	energies := energiesMsg(m, res)
	p.publish(p.energies.Publish(ctx, &energies))
	if p.stats.SubscriptionCount() > 0 {
		st := statisticsMsg(res, stamp, elapsed)
		p.publish(p.stats.Publish(ctx, &st))
	}

	if res.Selected == planner.NoSelection {
		p.publishFallback(m, cands, ego, "no candidate passed the safety gate")
		return
	}
	sel, refined := p.refine(cands[res.Selected])
	selMsg := ebm_av.SelectedTrajectory{
		Header: msgconv.Header(stamp, p.cfg.FrameID), Trajectory: msgconv.TrajectoryMsg(sel, stamp, p.cfg.FrameID),
		CandidateIndex: int32(res.Selected), Energy: res.Total[res.Selected], Probability: res.Probability[res.Selected],
	}
	p.publish(p.selected.Publish(ctx, &selMsg))
	path := pathMsg(sel, stamp, p.cfg.FrameID)
	p.publish(p.path.Publish(ctx, &path))
	if p.cfg.Markers && p.markers.SubscriptionCount() > 0 {
		mk := markersMsg(cands, res, stamp, p.cfg.FrameID)
		p.publish(p.markers.Publish(ctx, &mk))
	}
	level := diag.OK
	msg := fmt.Sprintf("selected candidate %d of %d", res.Selected, len(cands))
	if len(warnings) > 0 {
		level = diag.Warn
		msg += "; " + strings.Join(warnings, "; ")
	}
	feasible := 0
	for _, f := range res.Feasible {
		if f {
			feasible++
		}
	}
	p.publishDiagnostic(stamp, level, msg, []diag.KeyValue{
		{Key: "candidates", Value: fmt.Sprint(len(cands))},
		{Key: "feasible", Value: fmt.Sprint(feasible)},
		{Key: "selected_energy", Value: fmt.Sprintf("%.6g", res.Total[res.Selected])},
		{Key: "cycle_time_ms", Value: fmt.Sprintf("%.3f", float64(elapsed.Microseconds())/1e3)},
		{Key: "refined", Value: fmt.Sprint(refined)},
	})
}

// publishFallback publishes the stopping fallback and an ERROR diagnostic.
func (p *Planner) publishFallback(m *ebm_av.CandidateTrajectories, cands []traj.Trajectory, ego traj.EgoState, reason string) {
	stamp := msgconv.Nanos(m.Header.Stamp)
	dt, horizon := 0.1, 8.0
	if len(cands) > 0 && len(cands[0].Points) > 1 {
		pts := cands[0].Points
		dt = pts[1].T - pts[0].T
		horizon = pts[len(pts)-1].T - pts[0].T
	}
	fb, err := planner.StoppingFallback(ego, dt, horizon, p.cfg.FallbackDeceleration)
	if err != nil {
		p.node.Logger().Error("cannot build the stopping fallback", "err", err)
		p.publishDiagnostic(stamp, diag.Error, reason+"; fallback failed: "+err.Error(), nil)
		return
	}
	ctx := context.Background()
	sel := ebm_av.SelectedTrajectory{
		Header: msgconv.Header(stamp, p.cfg.FrameID), Trajectory: msgconv.TrajectoryMsg(fb, stamp, p.cfg.FrameID),
		CandidateIndex: ebm_av.CandidateEnergiesNoSelection, Fallback: true, Energy: math.NaN(),
	}
	p.publish(p.selected.Publish(ctx, &sel))
	path := pathMsg(fb, stamp, p.cfg.FrameID)
	p.publish(p.path.Publish(ctx, &path))
	p.node.Logger().Warn("published stopping fallback", "stamp", stamp, "reason", reason)
	p.publishDiagnostic(stamp, diag.Error, "stopping fallback: "+reason, nil)
}

func (p *Planner) publishDiagnostic(stamp int64, level diag.Level, msg string, values []diag.KeyValue) {
	shown := p.level.Update(level)
	st := diag.Status{Level: shown, Name: p.node.Name() + diagnosticCycleCheck, Message: msg,
		HardwareID: p.node.FullyQualifiedName(), Values: values}
	if shown != level {
		st.Add("raw_level", level.String())
	}
	for topic, count := range p.node.DecodeErrors() {
		st.Add("rejected_messages "+topic, count)
	}
	arr := msgconv.DiagnosticArray(stamp, st)
	p.publish(p.diags.Publish(context.Background(), &arr))
}

func (p *Planner) publish(err error) {
	if err != nil {
		p.node.Logger().Error("publish failed", "err", err)
	}
}
