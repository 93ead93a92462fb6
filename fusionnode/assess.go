package fusionnode

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/ebm-av/ebm_av/ebm/ood"
	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/fusion/drift"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/node/diag"
)

// frameResult is the outcome of one assessed camera–LiDAR pair.
type frameResult struct {
	image      imageFrame
	cloud      cloudFrame
	camera     fusion.Camera
	cameraID   string
	extrinsic  fusion.Rigid
	breakdown  []fusion.TermEnergy
	assessment drift.Assessment
	correction *drift.Correction
	detections *ebm_av.DetectedObjects // nil when none was paired
	energies   []float64
	abstain    []bool
	elapsed    time.Duration
	warnings   []string
	// pooled is the number of frames the drift assessment pooled: up to
	// drift.window_frames, fewer while the window fills.
	pooled int
	// motion is the ego motion the scan was de-skewed for, from the
	// odometry nearest to the image. deskewed is false without one.
	motion   fusion.EgoMotion
	deskewed bool
}

// tryAssess pairs a newly stored image or point cloud at stamp with the
// nearest input of the other kind and assesses the pair once. Whichever of
// the two arrives second triggers the assessment, so the order of camera
// and LiDAR messages does not matter.
func (m *Monitor) tryAssess(stamp int64, fromImage bool) {
	tol := int64(m.cfg.SyncTolerance * 1e9)
	var img imageFrame
	var cloud cloudFrame
	var ok bool
	if fromImage {
		img, _, _ = m.images.Nearest(stamp, 0)
		cloud, _, ok = m.clouds.Nearest(stamp, tol)
	} else {
		cloud, _, _ = m.clouds.Nearest(stamp, 0)
		img, _, ok = m.images.Nearest(stamp, tol)
	}
	if !ok || (m.anyAssessed && cloud.stamp == m.lastCloud) {
		return
	}
	m.lastCloud, m.anyAssessed = cloud.stamp, true
	m.assess(img, cloud)
}

// assess checks one image and point cloud pair and publishes the outcome.
func (m *Monitor) assess(img imageFrame, cloud cloudFrame) {
	start := time.Now()
	tol := int64(m.cfg.SyncTolerance * 1e9)
	// Time sync depends only on the stamps, so every pair counts, even one
	// whose calibration cannot be assessed.
	if m.cfg.TimeSync.Source == SourceHeaders || (m.cfg.TimeSync.Source == SourceAuto && !m.statusSeen) {
		m.observeSync(img.stamp, cloud.stamp)
	}
	camInfo, camStamp, ok := m.cameras.Nearest(img.stamp, tol)
	if !ok {
		reason := "no camera info"
		if m.cameras.Len() > 0 {
			reason = fmt.Sprintf("camera info stale by %.3f s", math.Abs(float64(img.stamp-camStamp))*1e-9)
		}
		m.publishFailure(img.stamp, img.frame, diag.Stale, reason+"; calibration not assessed")
		return
	}
	camFrame := firstNonEmpty(m.cfg.CameraFrameID, camInfo.frame, img.frame)
	lidarFrame := firstNonEmpty(m.cfg.LidarFrameID, cloud.frame)
	ext, ok := m.extrinsic(camFrame, lidarFrame)
	if !ok {
		m.publishFailure(img.stamp, camFrame, diag.Stale, fmt.Sprintf(
			"no extrinsic from %q to %q on %s or %s; calibration not assessed", lidarFrame, camFrame, TopicTFStatic, TopicExtrinsic))
		return
	}
	cam := camInfo.cam
	if img.img.Width != cam.Width || img.img.Height != cam.Height {
		m.publishFailure(img.stamp, camFrame, diag.Error, fmt.Sprintf(
			"image is %dx%d pixels but the camera info describes %dx%d: publish the rectified image that matches the camera info",
			img.img.Width, img.img.Height, cam.Width, cam.Height))
		return
	}
	res := frameResult{image: img, cloud: cloud, camera: cam, cameraID: camFrame, extrinsic: ext}
	m.egoMotion(&res)
	if err := m.evaluate(&res); err != nil {
		// A persistent fault fails every frame: log the first and then
		// every hundredth failure.
		m.evalFailures++
		if m.evalFailures == 1 || m.evalFailures%100 == 0 {
			m.node.Logger().Error("calibration not assessed", "stamp", img.stamp, "failures", m.evalFailures, "err", err)
		}
		m.publishFailure(img.stamp, camFrame, diag.Error, "calibration not assessed: "+err.Error())
		return
	}
	res.elapsed = time.Since(start)
	if res.assessment.Drifted && m.cfg.Drift.Estimate {
		evaluators, extrinsics := m.windowFrames()
		c, err := drift.EstimateWindow(evaluators, extrinsics, m.searchCfg)
		if err != nil {
			res.warnings = append(res.warnings, "correction search failed: "+err.Error())
		} else {
			res.correction = &c
		}
	}
	m.scoreDetections(&res, tol)
	_, reasons := m.watchdog.Check(m.node.Clock().Now(), res.elapsed)
	res.warnings = append(res.warnings, reasons...)
	m.publishResult(&res)
}

// egoMotion fills the motion of res from the odometry nearest to the
// image stamp. When odometry has arrived before but none lies within
// ego_motion.max_age, the frame gets a warning, because a moving vehicle's
// scan scored as measured looks shifted along x.
func (m *Monitor) egoMotion(res *frameResult) {
	if !m.cfg.EgoMotion.Deskew {
		return
	}
	maxAge := int64(m.cfg.EgoMotion.MaxAge * 1e9)
	motion, at, ok := m.odometry.Nearest(res.image.stamp, maxAge)
	switch {
	case ok:
		res.motion, res.deskewed = motion, true
	case m.odometry.Len() > 0:
		res.warnings = append(res.warnings, fmt.Sprintf(
			"scan not de-skewed: odometry on %s is %.3f s from the image, more than ego_motion.max_age %.3f s",
			TopicOdometry, math.Abs(float64(res.image.stamp-at))*1e-9, m.cfg.EgoMotion.MaxAge))
	case !m.odometryMissingLogged:
		m.odometryMissingLogged = true
		m.node.Logger().Info("no odometry yet: scans are scored without de-skewing", "topic", TopicOdometry)
	}
}

// windowSlot is one frame of the drift window: its scene, the evaluator
// pointed at it and the extrinsic the frame was assessed with. With a
// window of one frame, the slot also keeps a single-frame assessor, which
// reuses its buffers from frame to frame.
type windowSlot struct {
	scene     *fusion.Scene
	evaluator *fusion.Evaluator
	assessor  *drift.Assessor
	extrinsic fusion.Rigid
	// scored reports that the frame's energy at extrinsic was computed.
	// A frame without it stays out of the pooled assessment.
	scored bool
}

// evaluate builds the scene of res and fills its energies and drift
// assessment. Scenes and evaluators are created for the first
// drift.window_frames frames and then reused, oldest first, so later frames
// rebuild a scene in place without allocating its image-sized maps. The
// geometry reference is the first frame's point statistics.
func (m *Monitor) evaluate(res *frameResult) error {
	slot, err := m.nextSlot(res)
	if err != nil {
		return err
	}
	slot.extrinsic, slot.scored = res.extrinsic, false
	if m.breakdown, err = slot.evaluator.Breakdown(res.extrinsic, m.breakdown[:0]); err != nil {
		return err
	}
	slot.scored = true
	res.breakdown = m.breakdown
	if slot.assessor != nil {
		res.pooled = 1
		res.assessment, err = slot.assessor.Assess(res.extrinsic)
		return err
	}
	evaluators, extrinsics := m.windowFrames()
	res.pooled = len(evaluators)
	a, err := drift.NewWindowAssessor(evaluators, m.driftCfg)
	if err != nil {
		return err
	}
	res.assessment, err = a.AssessFrames(extrinsics)
	return err
}

// nextSlot rebuilds the oldest slot of the window from res, or adds a slot
// while the window is not full. A slot whose scene fails to rebuild leaves
// the window, so older frames stay usable.
func (m *Monitor) nextSlot(res *frameResult) (*windowSlot, error) {
	if len(m.window) < m.cfg.Drift.WindowFrames {
		scene, err := fusion.NewScene(res.image.img, res.cloud.points, res.camera, m.sceneCfg)
		if err != nil {
			return nil, err
		}
		if err := scene.SetEgoMotion(res.motion); err != nil {
			return nil, err
		}
		if m.terms == nil {
			if m.geometryRef, err = fusion.MeasureGeometry(scene, res.extrinsic); err != nil {
				return nil, err
			}
			m.terms = m.cfg.terms(&m.geometryRef)
		}
		ev, err := fusion.NewEvaluator(scene, m.terms...)
		if err != nil {
			return nil, err
		}
		slot := windowSlot{scene: scene, evaluator: ev}
		if m.cfg.Drift.WindowFrames == 1 {
			if slot.assessor, err = drift.NewAssessor(ev, m.driftCfg); err != nil {
				return nil, err
			}
		}
		// Insert after the newest slot, so the ring stays in arrival order
		// after a failed slot has left it.
		if len(m.window) == 0 {
			m.newest = -1
		}
		m.newest++
		m.window = slices.Insert(m.window, m.newest, slot)
		return &m.window[m.newest], nil
	}
	oldest := (m.newest + 1) % len(m.window)
	slot := &m.window[oldest]
	err := slot.scene.Reset(res.image.img, res.cloud.points, res.camera)
	if err == nil {
		err = slot.scene.SetEgoMotion(res.motion)
	}
	if err != nil {
		m.window = slices.Delete(m.window, oldest, oldest+1)
		m.newest = (oldest + len(m.window) - 1) % max(len(m.window), 1)
		return nil, err
	}
	m.newest = oldest
	return slot, nil
}

// windowFrames returns the evaluators and extrinsics of the scored frames
// of the window, oldest first.
func (m *Monitor) windowFrames() ([]*fusion.Evaluator, []fusion.Rigid) {
	n := len(m.window)
	evaluators := make([]*fusion.Evaluator, 0, n)
	extrinsics := make([]fusion.Rigid, 0, n)
	for i := range n {
		slot := &m.window[(m.newest+1+i)%n]
		if slot.scored {
			evaluators = append(evaluators, slot.evaluator)
			extrinsics = append(extrinsics, slot.extrinsic)
		}
	}
	return evaluators, extrinsics
}

// scoreDetections pairs the detector output nearest to the image stamp and
// computes each object's energy E = −T·logsumexp(logits/T).
func (m *Monitor) scoreDetections(res *frameResult, tol int64) {
	det, _, ok := m.detections.Nearest(res.image.stamp, tol)
	if !ok {
		return
	}
	res.detections = det
	res.energies = make([]float64, len(det.Objects))
	res.abstain = make([]bool, len(det.Objects))
	for i, o := range det.Objects {
		res.energies[i] = ood.EnergyScore(o.Logits, m.cfg.OOD.Temperature)
		res.abstain[i] = res.energies[i] > m.cfg.OOD.Threshold
	}
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
