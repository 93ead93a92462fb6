// Package fusion scores how well a LiDAR scan and a camera image agree under
// a LiDAR-to-camera extrinsic. The score is an energy: a sum of named,
// weighted terms that each compare one kind of cross-modal evidence, so a
// lower energy means a better-aligned extrinsic.
//
// A Scene holds the per-frame preprocessing that does not depend on the
// extrinsic: the image edge map with its inverse distance transform, the
// LiDAR depth-discontinuity points, and the strongest image edge pixels. An
// Evaluator projects the scene under a candidate extrinsic and evaluates
// its terms:
//
//   - ImageEvidenceTerm: mean edge strength at projected depth
//     discontinuities, in the spirit of Levinson and Thrun, "Automatic
//     Online Calibration of Cameras and Lasers" (RSS 2013), with the local
//     mean of the edge map removed so dense texture does not attract points.
//   - LidarEvidenceTerm: the reverse direction, strong image edges without a
//     nearby projected depth discontinuity.
//   - GeometryTerm: the share of points in front of the camera and inside
//     the image, and the point density by image region, against a reference.
//
// Each term is a ratio of sums over resampling units (LiDAR sectors or image
// tiles), so the drift detector in fusion/drift can bootstrap the energy
// without projecting the scene again.
//
// Coordinates: the LiDAR frame is right-handed in metres. The camera follows
// the ROS sensor_msgs/CameraInfo convention, where R rectifies and P projects
// rectified camera coordinates (x right, y down, z forward) to pixels.
package fusion
