package importer

import (
	"fmt"
	"image"
	"image/png"
	"log/slog"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/cdr"
	ebmood "github.com/ebm-av/ebm_av/ebm/ood"
	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/fusion/ood"
	"github.com/ebm-av/ebm_av/kitti"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/msgs/go/geometry_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/nav_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/sensor_msgs"
	"github.com/ebm-av/ebm_av/msgs/go/tf2_msgs"
)

// Sensor topics and frames of the KITTI bags. The /tf_static transform
// maps FrameLidar into FrameCamera with KITTI's Tr_velo_to_cam, which ends
// in the unrectified camera-0 frame. The CameraInfo of the left colour
// camera carries R0_rect and P2, and P2 already contains the camera-0 to
// camera-2 baseline, as the ROS stereo convention puts it in P, so that
// CameraInfo projects points given in FrameCamera.
const (
	TopicImage      = "/sensing/camera/left/image_rect_color"
	TopicCameraInfo = "/sensing/camera/left/camera_info"
	TopicPointCloud = "/sensing/lidar/top/points"
	TopicTFStatic   = "/tf_static"
	TopicDetections = "/perception/detected_objects"
	TopicTimeSync   = "/sensing/time_sync_status"
	FrameCamera     = "camera_color_left"
	FrameLidar      = "velo_link"
)

// KITTIOptions configures ImportKITTI.
type KITTIOptions struct {
	// Frames lists the frame ids to import, for example "000001"; empty
	// means every calibration file in calib/.
	Frames []string
	// StartTime is the stamp of the first frame, ns since the Unix epoch,
	// and Period the time between frames, s. Object-benchmark frames carry
	// no time, so both only order the frames in the bag.
	StartTime int64
	Period    float64
	// UnknownClass is held out of the stand-in detector's training, so its
	// objects are unfamiliar inputs. The default, Cyclist, is the class
	// whose energy rises above the known classes on frames 000000 and
	// 000001; a held-out Pedestrian gets a lower energy than known objects.
	UnknownClass string
	// SamplesPerObject is the number of jittered copies of each labelled
	// box in each of the training and validation sets; Seed makes them
	// reproducible.
	SamplesPerObject int
	Seed             uint64
	// Temperature and Keep fit the abstention threshold: the Keep quantile
	// of the validation energies at temperature T.
	Temperature, Keep float64
	// Perturb is a calibration drift in the LiDAR frame. Each frame's
	// published Tr_velo_to_cam goes on /tf_static as ext.Perturb(Perturb),
	// while the detections keep the published extrinsic as the truth. The
	// zero value publishes the calibration unchanged.
	Perturb fusion.Delta
	// EgoSpeeds maps frame ids to forward speeds, m/s. Each listed frame
	// gets a nav_msgs/Odometry on TopicOdometry at its stamp, so
	// fusion_monitor de-skews its scan. The object benchmark records no
	// speed, so the values come from the caller.
	EgoSpeeds map[string]float64
	Writer    bag.WriterOptions
	Logger    *slog.Logger
}

func (o *KITTIOptions) defaults() {
	if o.StartTime == 0 {
		o.StartTime = 1_700_000_000_000_000_000
	}
	if o.Period == 0 {
		o.Period = 0.1
	}
	if o.UnknownClass == "" {
		o.UnknownClass = "Cyclist"
	}
	if o.SamplesPerObject == 0 {
		o.SamplesPerObject = 100
	}
	if o.Seed == 0 {
		o.Seed = 7
	}
	if o.Temperature == 0 {
		o.Temperature = 1
	}
	if o.Keep == 0 {
		o.Keep = 0.95
	}
	if o.Writer == (bag.WriterOptions{}) {
		o.Writer = bag.WriterOptions{Chunked: true, Compression: bag.CompressionZstd}
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
}

// KITTISummary reports one object-benchmark import.
type KITTISummary struct {
	Output  string   `json:"output"`
	Frames  []string `json:"frames"`
	Objects int      `json:"objects"` // labelled objects published as detections, DontCare excluded
	// Classes are the detector's known classes, in logit order, and
	// UnknownClass the class it never saw.
	Classes      []string `json:"classes"`
	UnknownClass string   `json:"unknown_class"`
	// OODTemperature and OODThreshold are the energy temperature and the
	// abstention threshold fitted on the validation samples.
	OODTemperature float64 `json:"ood_temperature"`
	OODThreshold   float64 `json:"ood_threshold"`
	// ParamsFile is the fusion_monitor parameter file in the bag directory
	// that sets ood.temperature and ood.threshold to these values, and
	// ParamArgs the same values as -p overrides.
	ParamsFile string `json:"params_file"`
	ParamArgs  string `json:"param_args"`
	// Extrinsics lists each published extrinsic, in frame order, with the
	// extrinsic written to /tf_static in its place. Perturbation is the
	// drift composed with each of them, absent when KITTIOptions.Perturb
	// is zero.
	Extrinsics   []KITTIExtrinsic   `json:"extrinsics"`
	Perturbation *KITTIPerturbation `json:"perturbation,omitempty"`
	// EgoSpeeds repeats KITTIOptions.EgoSpeeds, m/s by frame id.
	EgoSpeeds map[string]float64 `json:"ego_speed_mps,omitempty"`
}

// kittiFrame is one object-benchmark frame with its colour image.
type kittiFrame struct {
	*kitti.Frame
	rgb  image.Image
	rect []float32 // scan in the rectified camera-0 frame, for detector features
}

// ImportKITTI writes the object-benchmark frames in dir (calib/, image_2/,
// velodyne/, label_2/) to a new bag at out: per frame a CameraInfo, an rgb8
// Image, the detector output and a PointCloud2, and the first frame's
// LiDAR-to-camera extrinsic, perturbed by opts.Perturb, on /tf_static
// (transient local). Frames that disagree with that extrinsic get their own
// /tf_static message, and frames listed in opts.EgoSpeeds an odometry
// message. Beside the MCAP file it writes FusionParamsFile, which
// gives fusion_monitor the fitted ood.temperature and ood.threshold.
//
// No detector comes with the data, so a softmax classifier from fusion/ood
// trained on jittered copies of the labelled boxes replaces it. Its
// detections are the labelled boxes with the logits it assigns them.
//
// NOTE: the classifier is trained and evaluated on the same physical
// objects, so the logits of known classes are more confident than those of
// a detector on new scenes.
func ImportKITTI(dir, out string, opts KITTIOptions) (sum KITTISummary, err error) {
	opts.defaults()
	sum = KITTISummary{Output: out, UnknownClass: opts.UnknownClass, OODTemperature: opts.Temperature,
		Perturbation: newKITTIPerturbation(opts.Perturb)}
	ids := opts.Frames
	if len(ids) == 0 {
		if ids, err = kittiFrameIDs(dir); err != nil {
			return sum, err
		}
	}
	// A frame listed more than once is read once and played at each of its
	// places, but trains the stand-in detector only once, so repeats leave
	// the fitted OOD threshold unchanged.
	frames := make([]*kittiFrame, len(ids))
	read := map[string]*kittiFrame{}
	var distinct []*kittiFrame
	for i, id := range ids {
		if f, ok := read[id]; ok {
			frames[i] = f
			continue
		}
		if frames[i], err = readKITTIFrame(dir, id); err != nil {
			return sum, err
		}
		read[id] = frames[i]
		distinct = append(distinct, frames[i])
	}
	model, threshold, err := trainStandInDetector(distinct, opts)
	if err != nil {
		return sum, err
	}
	sum.Frames, sum.Classes, sum.OODThreshold = ids, model.Classes, threshold
	for id, v := range opts.EgoSpeeds {
		if _, ok := read[id]; !ok {
			return sum, fmt.Errorf("importer: ego speed given for frame %q, which is not imported: use one of %v", id, ids)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return sum, fmt.Errorf("importer: ego speed %g m/s for frame %s: give a finite speed", v, id)
		}
	}
	if len(opts.EgoSpeeds) > 0 {
		sum.EgoSpeeds = opts.EgoSpeeds
	}

	w, err := bag.Create(out, opts.Writer)
	if err != nil {
		return sum, err
	}
	defer func() {
		if cerr := w.Close(); cerr != nil && err == nil {
			err = cerr
		}
		if err == nil {
			err = sum.writeParams(out)
		}
	}()
	sw := &cycleWriter{w: w}
	topics := []bagTopic{
		{TopicTFStatic, &tf2_msgs.TFMessage{}, true},
		{TopicCameraInfo, &sensor_msgs.CameraInfo{}, false},
		{TopicImage, &sensor_msgs.Image{}, false},
		{TopicDetections, &ebm_av.DetectedObjects{}, false},
		{TopicPointCloud, &sensor_msgs.PointCloud2{}, false},
	}
	if len(opts.EgoSpeeds) > 0 {
		topics = append(topics, bagTopic{TopicOdometry, &nav_msgs.Odometry{}, false})
	}
	if err = addTopics(w, topics); err != nil {
		return sum, err
	}

	var published *fusion.Rigid
	for i, f := range frames {
		stamp := opts.StartTime + int64(math.Round(float64(i)*opts.Period*1e9))
		ext, err := fusion.RigidFromMat34(f.Calib.TrVeloToCam)
		if err != nil {
			return sum, fmt.Errorf("importer: frame %s: Tr_velo_to_cam: %w", f.ID, err)
		}
		if published == nil || *published != ext {
			drifted := ext
			if opts.Perturb != (fusion.Delta{}) {
				drifted = ext.Perturb(opts.Perturb)
			}
			tf := StaticTransform(drifted, stamp)
			if err := sw.put(TopicTFStatic, stamp, &tf); err != nil {
				return sum, err
			}
			published = &ext
			sum.Extrinsics = append(sum.Extrinsics, KITTIExtrinsic{Frame: f.ID, Published: ext.Mat34(), TFStatic: drifted.Mat34()})
		}
		if v, ok := opts.EgoSpeeds[f.ID]; ok {
			odom := msgconv.OdometryMsg(fusion.EgoMotion{Velocity: [2]float64{v, 0}}, stamp, "odom", FrameBaseLink)
			if err := sw.put(TopicOdometry, stamp, &odom); err != nil {
				return sum, err
			}
		}
		info := msgconv.CameraInfoMsg(kittiCamera(f.Frame), intrinsics(f.Calib.P[2]), stamp, FrameCamera)
		if err := sw.put(TopicCameraInfo, stamp, &info); err != nil {
			return sum, err
		}
		img := msgconv.RGBImageMsg(f.rgb, stamp, FrameCamera)
		if err := sw.put(TopicImage, stamp, &img); err != nil {
			return sum, err
		}
		det, err := detections(f, ext, model, stamp)
		if err != nil {
			return sum, err
		}
		sum.Objects += len(det.Objects)
		if err := sw.put(TopicDetections, stamp, &det); err != nil {
			return sum, err
		}
		cloud := msgconv.PointCloudMsg(f.Scan.Points, stamp, FrameLidar)
		if err := sw.put(TopicPointCloud, stamp, &cloud); err != nil {
			return sum, err
		}
	}
	log := opts.Logger.With("dir", dir, "out", out, "frames", len(frames),
		"objects", sum.Objects, "unknown_class", opts.UnknownClass, "ood_threshold", threshold)
	if p := sum.Perturbation; p != nil {
		log = log.With("perturb_rotation_deg", p.Rotation, "perturb_translation_cm", p.Translation)
	}
	log.Info("imported KITTI object frames")
	return sum, nil
}

// StaticTransform returns the /tf_static message that places FrameLidar in
// FrameCamera with the LiDAR-to-camera extrinsic ext.
func StaticTransform(ext fusion.Rigid, stamp int64) tf2_msgs.TFMessage {
	return tf2_msgs.TFMessage{Transforms: []geometry_msgs.TransformStamped{{
		Header: msgconv.Header(stamp, FrameCamera), ChildFrameID: FrameLidar, Transform: msgconv.TransformMsg(ext),
	}}}
}

func kittiFrameIDs(dir string) ([]string, error) {
	names, err := filepath.Glob(filepath.Join(dir, "calib", "*.txt"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("importer: %s: no calib/*.txt: give the object-benchmark split directory holding calib/, image_2/, velodyne/ and label_2/", dir)
	}
	ids := make([]string, len(names))
	for i, n := range names {
		ids[i] = strings.TrimSuffix(filepath.Base(n), ".txt")
	}
	slices.Sort(ids)
	return ids, nil
}

func readKITTIFrame(dir, id string) (*kittiFrame, error) {
	fr, err := kitti.ReadFrame(dir, id)
	if err != nil {
		return nil, fmt.Errorf("importer: %w", err)
	}
	path := filepath.Join(dir, "image_2", id+".png")
	file, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("importer: %w", err)
	}
	defer file.Close()
	rgb, err := png.Decode(file)
	if err != nil {
		return nil, fmt.Errorf("importer: %s: %w", path, err)
	}
	rect := ood.RectifiedPoints(fr.Scan.Points, fr.Calib.TrVeloToCam, fr.Calib.R0Rect)
	return &kittiFrame{Frame: fr, rgb: rgb, rect: rect}, nil
}

func kittiCamera(f *kitti.Frame) fusion.Camera {
	return fusion.Camera{Width: f.Image.Width, Height: f.Image.Height, R: f.Calib.R0Rect, P: f.Calib.P[2]}
}

// intrinsics returns the left 3×3 block of a rectified projection P, the
// intrinsic matrix of the rectified image.
func intrinsics(p kitti.Mat34) [9]float64 {
	return [9]float64{p[0], p[1], p[2], p[4], p[5], p[6], p[8], p[9], p[10]}
}

func labelBox(o kitti.Object) ood.Box {
	return ood.Box{Height: o.Height, Width: o.Width, Length: o.Length, Location: o.Location, Yaw: o.RotationY}
}

// trainStandInDetector trains a softmax classifier on jittered copies of
// every labelled box except those of opts.UnknownClass, and fits the
// abstention threshold as the opts.Keep quantile of the energies of an
// independently jittered validation set.
func trainStandInDetector(frames []*kittiFrame, opts KITTIOptions) (*ood.Softmax, float64, error) {
	rng := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15))
	var classes []string
	for _, f := range frames {
		for _, o := range f.Labels {
			if !o.DontCare() && o.Type != opts.UnknownClass && !slices.Contains(classes, o.Type) {
				classes = append(classes, o.Type)
			}
		}
	}
	slices.Sort(classes)
	if len(classes) < 2 {
		return nil, 0, fmt.Errorf("importer: the labels hold %d classes besides the unknown class %q, expected at least 2: import more frames or choose another unknown class", len(classes), opts.UnknownClass)
	}

	var train, validation [][]float64
	var labels []int
	for _, f := range frames {
		for _, o := range f.Labels {
			if o.DontCare() || o.Type == opts.UnknownClass {
				continue
			}
			feats, err := ood.Augment(labelBox(o), f.rect, 2*opts.SamplesPerObject, ood.DefaultAugmentConfig(), rng)
			if err != nil {
				return nil, 0, fmt.Errorf("importer: frame %s: %s box: %w", f.ID, o.Type, err)
			}
			train = append(train, feats[:opts.SamplesPerObject]...)
			validation = append(validation, feats[opts.SamplesPerObject:]...)
			for range opts.SamplesPerObject {
				labels = append(labels, slices.Index(classes, o.Type))
			}
		}
	}
	model, err := ood.TrainSoftmax(train, labels, classes, ood.DefaultTrainConfig())
	if err != nil {
		return nil, 0, fmt.Errorf("importer: stand-in detector: %w", err)
	}

	energies := make([]float64, len(validation))
	var logits []float64
	for i, x := range validation {
		logits = model.Logits(x, logits)
		energies[i] = ebmood.EnergyScore(logits, opts.Temperature)
	}
	slices.Sort(energies)
	k := int(math.Ceil(opts.Keep*float64(len(energies)))) - 1
	return model, energies[max(0, min(len(energies)-1, k))], nil
}

// detections returns the labelled boxes of f, DontCare excluded, as
// detector output in FrameLidar with the logits model assigns them.
func detections(f *kittiFrame, ext fusion.Rigid, model *ood.Softmax, stamp int64) (ebm_av.DetectedObjects, error) {
	out := ebm_av.DetectedObjects{Header: msgconv.Header(stamp, FrameLidar), ClassNames: append([]string(nil), model.Classes...)}
	// rectToLidar maps the rectified camera-0 frame of the labels back into
	// the LiDAR frame: (R0_rect·Tr_velo_to_cam)⁻¹.
	rect := fusion.Rigid{R: f.Calib.R0Rect}
	rectToLidar := rect.Compose(ext).Inverse()
	features := make([]float64, ood.NumFeatures)
	for i, o := range f.Labels {
		if o.DontCare() {
			continue
		}
		if err := ood.Features(labelBox(o), f.rect, features); err != nil {
			return out, fmt.Errorf("importer: frame %s: label %d (%s): %w", f.ID, i, o.Type, err)
		}
		out.Objects = append(out.Objects, ebm_av.DetectedObject{
			ID:         fmt.Sprintf("%s/%d", f.ID, i),
			Pose:       boxPose(o, rectToLidar),
			Dimensions: geometry_msgs.Vector3{X: o.Length, Y: o.Width, Z: o.Height},
			Logits:     model.Logits(features, nil),
		})
	}
	return out, nil
}

// boxPose returns the centre and orientation of a label box in the frame
// that toFrame maps the rectified camera frame into. The box axes are
// length along camera x rotated by rotation_y about camera y, width along
// camera z likewise, and height up (camera −y), a right-handed triad.
func boxPose(o kitti.Object, toFrame fusion.Rigid) geometry_msgs.Pose {
	s, c := math.Sincos(o.RotationY)
	length := [3]float64{c, 0, -s}
	width := [3]float64{s, 0, c}
	up := [3]float64{0, -1, 0}
	var box fusion.Rigid
	for row := 0; row < 3; row++ {
		for col, axis := range [3][3]float64{length, width, up} {
			box.R[3*row+col] = toFrame.R[3*row]*axis[0] + toFrame.R[3*row+1]*axis[1] + toFrame.R[3*row+2]*axis[2]
		}
	}
	centre := [3]float64{o.Location[0], o.Location[1] - o.Height/2, o.Location[2]}
	for row := 0; row < 3; row++ {
		box.T[row] = toFrame.T[row] + toFrame.R[3*row]*centre[0] + toFrame.R[3*row+1]*centre[1] + toFrame.R[3*row+2]*centre[2]
	}
	tf := msgconv.TransformMsg(box)
	return geometry_msgs.Pose{
		Position:    geometry_msgs.Point{X: tf.Translation.X, Y: tf.Translation.Y, Z: tf.Translation.Z},
		Orientation: tf.Rotation,
	}
}

// bagTopic is a topic an importer writes; latched topics are offered
// transient local, as /tf_static is.
type bagTopic struct {
	name    string
	msg     cdr.Message
	latched bool
}

// addTopics adds topics to w, offered reliable as rosbag2 records them.
func addTopics(w *bag.Writer, topics []bagTopic) error {
	for _, t := range topics {
		dur := bag.DurabilityVolatile
		if t.latched {
			dur = bag.DurabilityTransientLocal
		}
		err := w.AddTopic(bag.Topic{
			Name: t.name, Type: t.msg.ROSTypeName(), Definition: t.msg.ROSDefinition(),
			SerializationFormat: bag.SerializationCDR,
			OfferedQoSProfiles:  bag.FormatQoSProfiles(bag.OfferedQoS(bag.ReliabilityReliable, dur)),
		})
		if err != nil {
			return err
		}
	}
	return nil
}
