package msgconv

import (
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"math"

	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/msgs/go/sensor_msgs"
)

// Image encodings of sensor_msgs/Image that Luminance reads, as
// sensor_msgs/image_encodings.hpp spells them.
const (
	EncodingRGB8  = "rgb8"
	EncodingBGR8  = "bgr8"
	EncodingRGBA8 = "rgba8"
	EncodingBGRA8 = "bgra8"
	EncodingMono8 = "mono8"
)

// ErrEmptyCloud is returned for a PointCloud2 without points.
var ErrEmptyCloud = errors.New("point cloud has no points")

// PointCloudMsg converts (x, y, z, intensity) float32 quadruples in metres
// to an unorganised PointCloud2 (height 1) with float32 fields x, y, z and
// intensity, little-endian, 16 bytes per point. is_dense is false when a
// coordinate is NaN or infinite.
func PointCloudMsg(points []float32, ns int64, frame string) sensor_msgs.PointCloud2 {
	n := len(points) / 4
	data := make([]byte, 16*n)
	dense := true
	for i, v := range points[:4*n] {
		binary.LittleEndian.PutUint32(data[4*i:], math.Float32bits(v))
		if i%4 < 3 && !finite(float64(v)) {
			dense = false
		}
	}
	field := func(name string, offset uint32) sensor_msgs.PointField {
		return sensor_msgs.PointField{Name: name, Offset: offset, Datatype: sensor_msgs.PointFieldFloat32, Count: 1}
	}
	return sensor_msgs.PointCloud2{
		Header: Header(ns, frame), Height: 1, Width: uint32(n),
		Fields:    []sensor_msgs.PointField{field("x", 0), field("y", 4), field("z", 8), field("intensity", 12)},
		PointStep: 16, RowStep: uint32(16 * n), Data: data, IsDense: dense,
	}
}

// Cloud is a decoded point cloud.
type Cloud struct {
	// Points holds (x, y, z, intensity) quadruples in metres with every
	// non-finite point removed; intensity is 0 when the cloud has none.
	Points []float32
	// NonFinite counts the points dropped for a NaN or infinite coordinate.
	NonFinite int
}

// pointField is a located numeric field of a PointCloud2.
type pointField struct {
	offset   int
	datatype uint8
}

// fieldSize returns the size in bytes of a PointField datatype, 0 for an
// unknown one.
func fieldSize(datatype uint8) int {
	switch datatype {
	case sensor_msgs.PointFieldInt8, sensor_msgs.PointFieldUint8:
		return 1
	case sensor_msgs.PointFieldInt16, sensor_msgs.PointFieldUint16:
		return 2
	case sensor_msgs.PointFieldInt32, sensor_msgs.PointFieldUint32, sensor_msgs.PointFieldFloat32:
		return 4
	case sensor_msgs.PointFieldFloat64:
		return 8
	}
	return 0
}

func (f pointField) read(point []byte, order binary.ByteOrder) float64 {
	b := point[f.offset:]
	switch f.datatype {
	case sensor_msgs.PointFieldInt8:
		return float64(int8(b[0]))
	case sensor_msgs.PointFieldUint8:
		return float64(b[0])
	case sensor_msgs.PointFieldInt16:
		return float64(int16(order.Uint16(b)))
	case sensor_msgs.PointFieldUint16:
		return float64(order.Uint16(b))
	case sensor_msgs.PointFieldInt32:
		return float64(int32(order.Uint32(b)))
	case sensor_msgs.PointFieldUint32:
		return float64(order.Uint32(b))
	case sensor_msgs.PointFieldFloat32:
		return float64(math.Float32frombits(order.Uint32(b)))
	}
	return math.Float64frombits(order.Uint64(b))
}

// PointCloud decodes and validates a PointCloud2. It looks up the fields x,
// y and z (required, float32 or float64) and intensity (optional, any
// numeric type) by name, so any field order and extra fields are accepted.
// It rejects a cloud without points, a missing or malformed coordinate
// field, a data length that disagrees with the dimensions, a cloud marked
// is_dense that holds a non-finite point, and a cloud whose every point is
// non-finite.
func PointCloud(m *sensor_msgs.PointCloud2) (Cloud, error) {
	n := uint64(m.Height) * uint64(m.Width)
	if n == 0 {
		return Cloud{}, fmt.Errorf("point cloud: height × width = %d × %d: %w", m.Height, m.Width, ErrEmptyCloud)
	}
	step := int(m.PointStep)
	fields := map[string]pointField{}
	for i, f := range m.Fields {
		size := fieldSize(f.Datatype)
		if size == 0 {
			return Cloud{}, fmt.Errorf("point cloud: fields[%d] %q: unknown datatype %d", i, f.Name, f.Datatype)
		}
		if int(f.Offset)+size > step {
			return Cloud{}, fmt.Errorf("point cloud: fields[%d] %q at offset %d (%d bytes) does not fit point_step %d", i, f.Name, f.Offset, size, step)
		}
		if _, dup := fields[f.Name]; !dup {
			fields[f.Name] = pointField{offset: int(f.Offset), datatype: f.Datatype}
		}
	}
	var xyz [3]pointField
	for i, name := range []string{"x", "y", "z"} {
		f, ok := fields[name]
		if !ok {
			return Cloud{}, fmt.Errorf("point cloud: no field %q among %s: publish x, y and z as float32 or float64 fields", name, fieldNames(m.Fields))
		}
		if f.datatype != sensor_msgs.PointFieldFloat32 && f.datatype != sensor_msgs.PointFieldFloat64 {
			return Cloud{}, fmt.Errorf("point cloud: field %q has datatype %d, expected float32 (7) or float64 (8)", name, f.datatype)
		}
		xyz[i] = f
	}
	intensity, hasIntensity := fields["intensity"]
	if uint64(m.RowStep) < uint64(m.Width)*uint64(step) {
		return Cloud{}, fmt.Errorf("point cloud: row_step %d is less than width × point_step = %d × %d", m.RowStep, m.Width, step)
	}
	if want := uint64(m.RowStep) * uint64(m.Height); uint64(len(m.Data)) != want {
		return Cloud{}, fmt.Errorf("point cloud: data has %d bytes but row_step × height = %d × %d = %d", len(m.Data), m.RowStep, m.Height, want)
	}
	var order binary.ByteOrder = binary.LittleEndian
	if m.IsBigendian {
		order = binary.BigEndian
	}

	out := Cloud{Points: make([]float32, 0, 4*n)}
	for row := 0; row < int(m.Height); row++ {
		for col := 0; col < int(m.Width); col++ {
			start := row*int(m.RowStep) + col*step
			point := m.Data[start : start+step]
			x, y, z := xyz[0].read(point, order), xyz[1].read(point, order), xyz[2].read(point, order)
			if !finite(x, y, z) {
				if m.IsDense {
					return Cloud{}, fmt.Errorf("point cloud: point %d (row %d, column %d) is (%g, %g, %g) but is_dense is true: set is_dense false or drop the point",
						row*int(m.Width)+col, row, col, x, y, z)
				}
				out.NonFinite++
				continue
			}
			var in float64
			if hasIntensity {
				in = intensity.read(point, order)
			}
			out.Points = append(out.Points, float32(x), float32(y), float32(z), float32(in))
		}
	}
	if len(out.Points) == 0 {
		return out, fmt.Errorf("point cloud: all %d points have a NaN or infinite coordinate: %w", out.NonFinite, ErrEmptyCloud)
	}
	return out, nil
}

func fieldNames(fields []sensor_msgs.PointField) string {
	if len(fields) == 0 {
		return "no fields"
	}
	s := ""
	for i, f := range fields {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%q", f.Name)
	}
	return s
}

// RGBImageMsg converts img to an rgb8 Image; alpha is dropped.
func RGBImageMsg(img image.Image, ns int64, frame string) sensor_msgs.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	data := make([]byte, 0, 3*w*h)
	if src, ok := img.(*image.RGBA); ok {
		for v := 0; v < h; v++ {
			row := src.Pix[v*src.Stride:]
			for u := 0; u < w; u++ {
				data = append(data, row[4*u], row[4*u+1], row[4*u+2])
			}
		}
	} else {
		for v := 0; v < h; v++ {
			for u := 0; u < w; u++ {
				r, g, bb, _ := img.At(b.Min.X+u, b.Min.Y+v).RGBA()
				data = append(data, byte(r>>8), byte(g>>8), byte(bb>>8))
			}
		}
	}
	return sensor_msgs.Image{Header: Header(ns, frame), Height: uint32(h), Width: uint32(w),
		Encoding: EncodingRGB8, Step: uint32(3 * w), Data: data}
}

// Luminance decodes an Image of encoding rgb8, bgr8, rgba8, bgra8 or mono8
// to luminance in [0, 1] with the ITU-R BT.601 weights 0.299, 0.587 and
// 0.114. It rejects another encoding, an empty image, and a step or data
// length too short for the encoding, which is how an image whose encoding
// field disagrees with its pixel layout shows.
func Luminance(m *sensor_msgs.Image) (fusion.Image, error) {
	var channels int
	var r, g, b int // channel indices of red, green and blue
	switch m.Encoding {
	case EncodingRGB8:
		channels, r, g, b = 3, 0, 1, 2
	case EncodingBGR8:
		channels, r, g, b = 3, 2, 1, 0
	case EncodingRGBA8:
		channels, r, g, b = 4, 0, 1, 2
	case EncodingBGRA8:
		channels, r, g, b = 4, 2, 1, 0
	case EncodingMono8:
		channels = 1
	default:
		return fusion.Image{}, fmt.Errorf("image: unsupported encoding %q: publish rgb8, bgr8, rgba8, bgra8 or mono8", m.Encoding)
	}
	w, h := int(m.Width), int(m.Height)
	if w == 0 || h == 0 {
		return fusion.Image{}, fmt.Errorf("image: size %d×%d pixels, expected positive width and height", w, h)
	}
	if int(m.Step) < w*channels {
		return fusion.Image{}, fmt.Errorf("image: step %d bytes is less than width × %d bytes per %s pixel = %d: the encoding does not match the data",
			m.Step, channels, m.Encoding, w*channels)
	}
	if want := int(m.Step) * h; len(m.Data) != want {
		return fusion.Image{}, fmt.Errorf("image: data has %d bytes but step × height = %d × %d = %d", len(m.Data), m.Step, h, want)
	}
	out := fusion.Image{Width: w, Height: h, Pix: make([]float32, w*h)}
	for v := 0; v < h; v++ {
		row := m.Data[v*int(m.Step):]
		for u := 0; u < w; u++ {
			px := row[channels*u:]
			if channels == 1 {
				out.Pix[v*w+u] = float32(px[0]) / 255
				continue
			}
			out.Pix[v*w+u] = (0.299*float32(px[r]) + 0.587*float32(px[g]) + 0.114*float32(px[b])) / 255
		}
	}
	return out, nil
}

// CameraInfoMsg converts a rectified camera with intrinsic matrix K
// (row-major, pixels) to a CameraInfo with the plumb_bob model and zero
// distortion, as for images that are already rectified.
func CameraInfoMsg(cam fusion.Camera, k [9]float64, ns int64, frame string) sensor_msgs.CameraInfo {
	return sensor_msgs.CameraInfo{
		Header: Header(ns, frame), Height: uint32(cam.Height), Width: uint32(cam.Width),
		DistortionModel: "plumb_bob", D: make([]float64, 5), K: k, R: cam.R, P: cam.P,
	}
}

// Camera converts and validates a CameraInfo: the size, R and P become a
// fusion.Camera. It rejects a zero or singular P, an R that is not a
// rotation, and binning or a region of interest, which the projection does
// not model.
func Camera(m *sensor_msgs.CameraInfo) (fusion.Camera, error) {
	if m.BinningX > 1 || m.BinningY > 1 {
		return fusion.Camera{}, fmt.Errorf("camera info: binning %d×%d is not supported: publish the full-resolution camera", m.BinningX, m.BinningY)
	}
	roi := m.ROI
	if roi.Width != 0 && (roi.XOffset != 0 || roi.YOffset != 0 || roi.Width != m.Width || roi.Height != m.Height) {
		return fusion.Camera{}, fmt.Errorf("camera info: region of interest %d×%d at (%d, %d) is not supported: publish the full image",
			roi.Width, roi.Height, roi.XOffset, roi.YOffset)
	}
	cam := fusion.Camera{Width: int(m.Width), Height: int(m.Height), R: m.R, P: m.P}
	if err := cam.Validate(); err != nil {
		return fusion.Camera{}, fmt.Errorf("camera info: %w", err)
	}
	return cam, nil
}
