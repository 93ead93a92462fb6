// Package fusionnode is the logic of the fusion_monitor node. It pairs a
// camera image with a LiDAR scan by header stamp and scores the pair with
// the cross-modal energy terms of package fusion. It flags extrinsic drift
// and estimates a correction (fusion/drift), checks camera–LiDAR time
// synchronisation (fusion/timesync) and computes the energy OOD score of
// each detected object. It publishes FusionDiagnostics, /diagnostics and
// rviz markers.
package fusionnode

import (
	"fmt"
	"sync"
	"time"

	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/fusion/drift"
	"github.com/ebm-av/ebm_av/fusion/timesync"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/diagnostic_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/geometry_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/nav_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/sensor_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/tf2_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/visualization_msgs"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/node/diag"
)

// NodeName is the default node name.
const NodeName = "fusion_monitor"

// Input topics (absolute, remappable) and output topics (private to the
// node, except /diagnostics).
const (
	TopicImage       = "/sensing/camera/left/image_rect_color"
	TopicCameraInfo  = "/sensing/camera/left/camera_info"
	TopicPointCloud  = "/sensing/lidar/top/points"
	TopicTFStatic    = "/tf_static"
	TopicExtrinsic   = "/sensing/lidar/top/extrinsic"
	TopicDetections  = "/perception/detected_objects"
	TopicTimeSync    = "/sensing/time_sync_status"
	TopicOdometry    = "/localization/kinematic_state"
	TopicFusion      = "~/fusion_diagnostics"
	TopicMarkers     = "~/markers"
	TopicDiagnostics = "/diagnostics"
)

// Names of the checks on /diagnostics, after "fusion_monitor: ".
const (
	checkCalibration = "calibration"
	checkTimeSync    = "time sync"
	checkDetections  = "detections"
)

// Input names in diagnostics.
const (
	inputImage      = "image"
	inputCloud      = "point cloud"
	inputCameraInfo = "camera info"
)

// imageFrame is a decoded image with its header.
type imageFrame struct {
	stamp int64
	frame string
	img   fusion.Image
}

// cloudFrame is a decoded point cloud with its header.
type cloudFrame struct {
	stamp     int64
	frame     string
	points    []float32
	nonFinite int
}

type cameraInfoFrame struct {
	frame string
	cam   fusion.Camera
}

// frameKey names a transform from child to parent frame.
type frameKey struct{ parent, child string }

// Monitor is a running fusion_monitor node.
type Monitor struct {
	node *node.Node
	cfg  Config

	driftCfg  drift.Config
	searchCfg drift.SearchConfig
	sceneCfg  fusion.SceneConfig

	images     node.StampedBuffer[imageFrame]
	clouds     node.StampedBuffer[cloudFrame]
	cameras    node.StampedBuffer[cameraInfoFrame]
	detections node.StampedBuffer[*ebm_av.DetectedObjects]
	odometry   node.StampedBuffer[fusion.EgoMotion]
	// odometryMissingLogged reports that the first frame without odometry
	// was logged.
	odometryMissingLogged bool
	extrinsics            map[frameKey]fusion.Rigid
	lastCloud             int64 // stamp of the last cloud assessed, to assess each once
	anyAssessed           bool

	// window holds the frames pooled by the drift assessment, a ring whose
	// newest slot is window[newest]. The evaluators share terms.
	window      []windowSlot
	newest      int
	terms       []fusion.Term
	geometryRef fusion.GeometryStats
	breakdown   []fusion.TermEnergy
	// evalFailures counts frames whose scene or energy failed, to rate-limit
	// their log.
	evalFailures int

	timeSync     *timesync.Monitor
	timeSyncSeen bool // a pair was observed, so Check may report STALE
	statusSeen   bool // a TimeSyncStatus arrived; source auto follows it from then on
	syncStatus   timesync.Status

	fusionPub *node.Publisher[*ebm_av.FusionDiagnostics]
	markers   *node.Publisher[*visualization_msgs.MarkerArray]
	diags     *node.Publisher[*diagnostic_msgs.DiagnosticArray]

	// mu serializes the subscription callbacks and the watchdog timer.
	mu            sync.Mutex
	watchdog      diag.Watchdog
	watchdogLevel diag.Level // last level the watchdog timer logged
	calibration   diag.Hysteresis
}

// Node returns the underlying node.
func (m *Monitor) Node() *node.Node { return m.node }

// Start creates the node, applies its parameters and subscribes to its
// inputs. It matches replay.Starter.
func Start(opts node.Options) (*node.Node, error) {
	m, err := New(opts)
	if err != nil {
		return nil, err
	}
	return m.node, nil
}

// New creates a fusion_monitor node.
func New(opts node.Options) (*Monitor, error) {
	if opts.Name == "" {
		opts.Name = NodeName
	}
	n, err := node.New(opts)
	if err != nil {
		return nil, err
	}
	cfg := DefaultConfig()
	n.Params.DeclareStruct("", &cfg, nil)
	if err := n.Configure(); err != nil {
		return nil, err
	}
	n.Params.LoadStruct("", &cfg)
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", n.FullyQualifiedName(), err)
	}

	m := &Monitor{node: n, cfg: cfg, extrinsics: map[frameKey]fusion.Rigid{}, lastCloud: -1}
	// A KITTI image or scan is about 2 MB decoded, and pairing needs only
	// the last few of each.
	m.images.Depth, m.clouds.Depth = 4, 4
	// 100 odometry samples cover a second at up to 100 Hz, so the sample
	// nearest to an image is still kept when its scan arrives.
	m.odometry.Depth = 100
	m.driftCfg, _ = cfg.driftConfig()
	m.searchCfg, _ = cfg.searchConfig()
	m.searchCfg.Axes = m.driftCfg.Axes
	m.sceneCfg = fusion.DefaultSceneConfig()
	m.sceneCfg.Sweep = cfg.EgoMotion.sweep()
	m.timeSync, _ = timesync.New(cfg.timeSyncConfig())
	m.watchdog.Budget = seconds(cfg.CycleBudget)
	m.watchdog.Watch(inputImage, seconds(cfg.InputTimeout.Image), true)
	m.watchdog.Watch(inputCloud, seconds(cfg.InputTimeout.PointCloud), true)
	m.watchdog.Watch(inputCameraInfo, seconds(cfg.InputTimeout.CameraInfo), true)

	if err := m.advertise(); err != nil {
		return nil, err
	}
	if err := m.subscribe(); err != nil {
		return nil, err
	}
	if _, err := n.CreateTimer(seconds(cfg.WatchdogPeriod), m.checkInputs); err != nil {
		return nil, err
	}
	n.Logger().Info("fusion_monitor started", "axes", cfg.Drift.Axes, "drift_threshold", cfg.Drift.Threshold,
		"window_frames", cfg.Drift.WindowFrames, "deskew", cfg.EgoMotion.Deskew, "time_sync_source", cfg.TimeSync.Source, "ood_threshold", cfg.OOD.Threshold)
	return m, nil
}

func (m *Monitor) advertise() error {
	n := m.node
	var err error
	if m.fusionPub, err = node.Advertise[*ebm_av.FusionDiagnostics](n, TopicFusion, node.QoSDefault); err != nil {
		return err
	}
	if m.markers, err = node.Advertise[*visualization_msgs.MarkerArray](n, TopicMarkers, node.QoSDefault); err != nil {
		return err
	}
	m.diags, err = node.Advertise[*diagnostic_msgs.DiagnosticArray](n, TopicDiagnostics, node.QoSDefault)
	return err
}

// subscribe registers the inputs. Camera and LiDAR data use the sensor-data
// profile (best effort) that drivers publish with, which also matches
// reliable publishers; the extrinsic is latched.
func (m *Monitor) subscribe() error {
	n := m.node
	if _, err := node.Subscribe(n, TopicImage, node.QoSSensorData, func(msg *sensor_msgs.Image, s node.Sample) {
		m.mu.Lock()
		defer m.mu.Unlock()
		stamp := msgconv.Nanos(msg.Header.Stamp)
		img, err := msgconv.Luminance(msg)
		if err != nil {
			m.rejectInput(s.Topic, stamp, msg.Header.FrameID, err)
			return
		}
		m.watchdog.Received(inputImage, n.Clock().Now())
		m.images.Add(stamp, imageFrame{stamp: stamp, frame: msg.Header.FrameID, img: img})
		m.tryAssess(stamp, true)
	}); err != nil {
		return err
	}
	if _, err := node.Subscribe(n, TopicPointCloud, node.QoSSensorData, func(msg *sensor_msgs.PointCloud2, s node.Sample) {
		m.mu.Lock()
		defer m.mu.Unlock()
		stamp := msgconv.Nanos(msg.Header.Stamp)
		cloud, err := msgconv.PointCloud(msg)
		if err != nil {
			m.rejectInput(s.Topic, stamp, msg.Header.FrameID, err)
			return
		}
		m.watchdog.Received(inputCloud, n.Clock().Now())
		m.clouds.Add(stamp, cloudFrame{stamp: stamp, frame: msg.Header.FrameID, points: cloud.Points, nonFinite: cloud.NonFinite})
		m.tryAssess(stamp, false)
	}); err != nil {
		return err
	}
	if _, err := node.Subscribe(n, TopicCameraInfo, node.QoSSensorData, func(msg *sensor_msgs.CameraInfo, s node.Sample) {
		m.mu.Lock()
		defer m.mu.Unlock()
		stamp := msgconv.Nanos(msg.Header.Stamp)
		cam, err := msgconv.Camera(msg)
		if err != nil {
			m.rejectInput(s.Topic, stamp, msg.Header.FrameID, err)
			return
		}
		m.watchdog.Received(inputCameraInfo, n.Clock().Now())
		m.cameras.Add(stamp, cameraInfoFrame{frame: msg.Header.FrameID, cam: cam})
	}); err != nil {
		return err
	}
	if _, err := node.Subscribe(n, TopicTFStatic, node.QoSLatched, func(msg *tf2_msgs.TFMessage, s node.Sample) {
		m.mu.Lock()
		defer m.mu.Unlock()
		for i, t := range msg.Transforms {
			if err := m.storeTransform(t); err != nil {
				m.rejectInput(s.Topic, msgconv.Nanos(t.Header.Stamp), t.Header.FrameID, fmt.Errorf("transforms[%d]: %w", i, err))
			}
		}
	}); err != nil {
		return err
	}
	if _, err := node.Subscribe(n, TopicExtrinsic, node.QoSLatched, func(msg *geometry_msgs.TransformStamped, s node.Sample) {
		m.mu.Lock()
		defer m.mu.Unlock()
		if err := m.storeTransform(*msg); err != nil {
			m.rejectInput(s.Topic, msgconv.Nanos(msg.Header.Stamp), msg.Header.FrameID, err)
		}
	}); err != nil {
		return err
	}
	if _, err := node.Subscribe(n, TopicDetections, node.QoSDefault, func(msg *ebm_av.DetectedObjects, s node.Sample) {
		m.mu.Lock()
		defer m.mu.Unlock()
		if err := msgconv.ValidateDetections(msg); err != nil {
			n.CountInputError(s.Topic, err)
			return
		}
		m.detections.Add(msgconv.Nanos(msg.Header.Stamp), msg)
	}); err != nil {
		return err
	}
	if _, err := node.Subscribe(n, TopicOdometry, node.QoSDefault, func(msg *nav_msgs.Odometry, s node.Sample) {
		m.mu.Lock()
		defer m.mu.Unlock()
		motion, err := msgconv.EgoMotion(msg)
		if err != nil {
			n.CountInputError(s.Topic, err)
			return
		}
		m.odometry.Add(msgconv.Nanos(msg.Header.Stamp), motion)
	}); err != nil {
		return err
	}
	_, err := node.Subscribe(n, TopicTimeSync, node.QoSDefault, func(msg *ebm_av.TimeSyncStatus, s node.Sample) {
		m.mu.Lock()
		defer m.mu.Unlock()
		if m.cfg.TimeSync.Source == SourceHeaders {
			return
		}
		m.statusSeen = true
		m.observeSync(msgconv.Nanos(msg.CameraStamp), msgconv.Nanos(msg.LidarStamp))
		m.publishTimeSync(msgconv.Nanos(msg.Header.Stamp))
	})
	return err
}

// storeTransform keeps a transform for the extrinsic lookup.
func (m *Monitor) storeTransform(t geometry_msgs.TransformStamped) error {
	r, err := msgconv.Extrinsic(t.Transform)
	if err != nil {
		return fmt.Errorf("transform %s -> %s: %w", t.ChildFrameID, t.Header.FrameID, err)
	}
	m.extrinsics[frameKey{parent: t.Header.FrameID, child: t.ChildFrameID}] = r
	return nil
}

// extrinsic returns the transform that maps LiDAR points into the camera
// frame, from a stored camera ← LiDAR transform or the inverse of a stored
// LiDAR ← camera one.
func (m *Monitor) extrinsic(camera, lidar string) (fusion.Rigid, bool) {
	if r, ok := m.extrinsics[frameKey{parent: camera, child: lidar}]; ok {
		return r, true
	}
	if r, ok := m.extrinsics[frameKey{parent: lidar, child: camera}]; ok {
		return r.Inverse(), true
	}
	return fusion.Rigid{}, false
}

// observeSync feeds one camera and LiDAR stamp pair to the time-sync
// monitor.
func (m *Monitor) observeSync(camera, lidar int64) {
	m.syncStatus = m.timeSync.Observe(time.Unix(0, camera), time.Unix(0, lidar))
	m.timeSyncSeen = true
}

// checkInputs runs on the watchdog timer: with a required input missing or
// late no frame reports the node's state, so the timer publishes STALE.
func (m *Monitor) checkInputs(now time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var statuses []diag.Status
	level, reasons := m.watchdog.Check(now, 0)
	if level != diag.OK {
		shown, held := m.updateCalibration(level)
		st := m.status(checkCalibration, shown, reasons[0]+held, nil)
		for _, r := range reasons[1:] {
			st.Add("reason", r)
		}
		statuses = append(statuses, st)
	}
	if m.timeSyncSeen {
		ts := m.timeSync.Check(now)
		if ts.Level == timesync.Stale {
			m.syncStatus = ts
			statuses = append(statuses, m.timeSyncStatus())
		}
	}
	// Log when the watchdog level changes, not on every period.
	if level != m.watchdogLevel {
		if level == diag.OK {
			m.node.Logger().Info("inputs arriving again")
		} else {
			m.node.Logger().Warn("inputs missing or late", "level", level.String(), "reasons", reasons)
		}
		m.watchdogLevel = level
	}
	if len(statuses) == 0 {
		return
	}
	m.publishDiagnostics(now.UnixNano(), statuses...)
}

// rejectInput counts an invalid message and reports it as an ERROR, so a
// bad frame is visible on /diagnostics and in FusionDiagnostics at once,
// not only once the watchdog finds the input stale.
func (m *Monitor) rejectInput(topic string, stamp int64, frame string, err error) {
	m.node.CountInputError(topic, err)
	reason := fmt.Sprintf("invalid message on %s: %v", topic, err)
	m.publishFailure(stamp, frame, diag.Error, reason)
}
