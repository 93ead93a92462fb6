// Package drift distinguishes a calibrated LiDAR-to-camera extrinsic from a
// drifted one by the local shape of the fusion energy, and estimates a
// correction.
//
// At a correct extrinsic the energy is at a local minimum, so no small
// rotation or translation lowers it. Assess evaluates the energy at the
// current extrinsic and at ±step along each configured axis (roll, pitch,
// yaw, x, y, z in the LiDAR frame, x left out by default) and forms the
// gap E_current − min over the neighbours. The gap is divided by its spread
// under resampling: a Poisson bootstrap that reweights LiDAR sectors and
// image tiles, which mimics scenes with the same calibration but different
// content. A score above the threshold flags drift.
//
// The threshold comes from the bootstrap too (FitThreshold), because a few
// frames cannot measure a false-alarm rate directly. FalseAlarms reports
// the estimate with a Clopper–Pearson interval. Estimate finds the
// extrinsic of lowest energy by coordinate descent over the configured
// axes, with a grid line search per axis, then refines it by compass search
// with shrinking steps, and returns the correction.
//
// Per frame, a node builds the scene, points one evaluator at it and
// assesses the current extrinsic:
//
//	scene, err := fusion.NewScene(img, points, cam, fusion.DefaultSceneConfig())
//	// handle err, then on the first frame:
//	ev, _ := fusion.NewEvaluator(scene, &fusion.ImageEvidenceTerm{W: 1}, fusion.NewLidarEvidenceTerm(0.1))
//	assessor, _ := drift.NewAssessor(ev, drift.DefaultConfig())
//	// on later frames: ev.Reset(scene)
//	res, err := assessor.Assess(extrinsic)
//	if err == nil && res.Drifted {
//		corr, _ := drift.Estimate(ev, extrinsic, drift.DefaultSearchConfig())
//		// report corr.Degrees() and corr.Centimetres()
//	}
package drift
