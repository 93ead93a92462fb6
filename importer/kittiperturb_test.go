package importer

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/kitti"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/tf2_msgs"
)

func TestParseDeltaValid(t *testing.T) {
	deg := math.Pi / 180
	cases := []struct {
		spec string
		want fusion.Delta
	}{
		{"yaw=1deg", fusion.Delta{fusion.Yaw: deg}},
		{"roll=1deg,x=-0.10m", fusion.Delta{fusion.Roll: deg, fusion.X: -0.10}},
		{"pitch=-0.5rad", fusion.Delta{fusion.Pitch: -0.5}},
		{"z=+10cm", fusion.Delta{fusion.Z: 0.1}},
		{"y=.5m", fusion.Delta{fusion.Y: 0.5}},
		{"yaw=2.deg", fusion.Delta{fusion.Yaw: 2 * deg}},
		{"x=1e-2m", fusion.Delta{fusion.X: 0.01}},
		{" yaw=1deg , y=-2.5cm ", fusion.Delta{fusion.Yaw: deg, fusion.Y: -0.025}},
		{"z=1m,y=2m,x=3m,yaw=3deg,pitch=2deg,roll=1deg", fusion.Delta{deg, 2 * deg, 3 * deg, 3, 2, 1}},
		{"yaw=0deg", fusion.Delta{}},
	}
	for _, c := range cases {
		t.Run(c.spec, func(t *testing.T) {
			got, err := ParseDelta(c.spec)
			require.NoError(t, err)
			assert.InDeltaSlice(t, c.want[:], got[:], 1e-15)
		})
	}
}

func TestParseDeltaInvalid(t *testing.T) {
	cases := []struct {
		spec string
		want string
	}{
		{"", "empty perturbation"},
		{"  ", "empty perturbation"},
		{"yaw=1deg,", `term "": empty term: remove the extra comma`},
		{"yaw=1deg,,x=1m", `term "": empty term`},
		{"yaw1deg", `term "yaw1deg": expected AXIS=VALUE with a unit`},
		{"Yaw=1deg", `term "Yaw=1deg": unknown axis "Yaw": use roll, pitch or yaw (deg or rad) or x, y or z (m or cm)`},
		{"heading=1deg", `unknown axis "heading"`},
		{"yaw = 1deg", `unknown axis "yaw "`},
		{"yaw=1", `term "yaw=1": missing unit: use deg or rad for yaw, for example yaw=1deg`},
		{"x=-0.10", `term "x=-0.10": missing unit: use m or cm for x, for example x=-0.10m`},
		{"roll=1deg,x=-0.10", `term "x=-0.10": missing unit`},
		{"yaw=1m", `term "yaw=1m": unit m is a length, but the axis is a rotation: use deg or rad for yaw, for example yaw=1deg`},
		{"z=5deg", `term "z=5deg": unit deg is an angle, but the axis is a translation: use m or cm for z, for example z=5m`},
		{"yaw=1degree", `term "yaw=1degree": unknown unit "degree": use deg or rad for yaw`},
		{"x=5mm", `term "x=5mm": unknown unit "mm": use m or cm for x`},
		{"yaw=1DEG", `unknown unit "DEG"`},
		{"yaw=deg", `term "yaw=deg": missing number before the unit: write yaw=1deg`},
		{"yaw=", `term "yaw=": missing number before the unit`},
		{"yaw=NaNdeg", `missing number before the unit`},
		{"yaw=1.2.3deg", `term "yaw=1.2.3deg": invalid number "1.2.3": write a decimal number with its unit`},
		{"yaw=1 deg", `invalid number "1 "`},
		{"yaw=0x1p0deg", `invalid number "0x1p0"`},
		{"x=1e999m", `term "x=1e999m": number "1e999" is out of range: write a finite number`},
		{"yaw=1deg,yaw=2deg", `term "yaw=2deg": yaw is given twice: give each axis once`},
	}
	for _, c := range cases {
		t.Run(c.spec, func(t *testing.T) {
			_, err := ParseDelta(c.spec)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.Contains(t, err.Error(), PerturbExample, "every error shows a valid perturbation")
		})
	}
}

func TestImportKITTIPerturbedExtrinsic(t *testing.T) {
	dir := shareddata.Path(t, "kitti/object/training")
	drift := fusion.Delta{fusion.Roll: 0.01, fusion.Yaw: -0.02, fusion.X: 0.1, fusion.Z: -0.05}
	plain, err := ImportKITTI(dir, filepath.Join(t.TempDir(), "plain"), KITTIOptions{})
	require.NoError(t, err)
	out := filepath.Join(t.TempDir(), "drifted")
	sum, err := ImportKITTI(dir, out, KITTIOptions{Perturb: drift})
	require.NoError(t, err)

	assert.Nil(t, plain.Perturbation, "no perturbation without Perturb")
	require.NotNil(t, sum.Perturbation)
	assert.InDeltaSlice(t, []float64{0.01 * 180 / math.Pi, 0, -0.02 * 180 / math.Pi}, sum.Perturbation.Rotation[:], 1e-12)
	assert.InDeltaSlice(t, []float64{10, 0, -5}, sum.Perturbation.Translation[:], 1e-12)
	assert.Equal(t, plain.OODThreshold, sum.OODThreshold, "the drift leaves the stand-in detector alone")

	// Each frame's calibration is recorded as published and as drifted,
	// and /tf_static carries the drifted one.
	msgs, _ := bagMessages(t, out)
	plainMsgs, _ := bagMessages(t, plain.Output)
	require.Len(t, sum.Extrinsics, 2, "the two frames come from drives with different calibrations")
	require.Len(t, msgs[TopicTFStatic], 2)
	for i, id := range []string{"000000", "000001"} {
		fr, err := kitti.ReadFrame(dir, id)
		require.NoError(t, err)
		published, err := fusion.RigidFromMat34(fr.Calib.TrVeloToCam)
		require.NoError(t, err)
		want := published.Perturb(drift)
		assert.Equal(t, KITTIExtrinsic{Frame: id, Published: fr.Calib.TrVeloToCam, TFStatic: want.Mat34()}, sum.Extrinsics[i])
		assert.Equal(t, KITTIExtrinsic{Frame: id, Published: fr.Calib.TrVeloToCam, TFStatic: fr.Calib.TrVeloToCam}, plain.Extrinsics[i])

		var tf tf2_msgs.TFMessage
		require.NoError(t, cdr.Unmarshal(msgs[TopicTFStatic][i].Data, &tf))
		ts, ok := msgconv.FindTransform(&tf, FrameCamera, FrameLidar)
		require.True(t, ok)
		got, err := msgconv.Extrinsic(ts.Transform)
		require.NoError(t, err)
		// The calibration files print 7 digits, so R is orthonormal to
		// about 1e-7 and the quaternion on /tf_static rounds it to that.
		assert.InDeltaSlice(t, want.R[:], got.R[:], 1e-6, "frame %s", id)
		assert.InDelta(t, 0.0224, published.Inverse().Compose(got).RotationAngle(), 1e-4, "frame %s: the drift's angle, rad", id)
		assert.Equal(t, want.T, got.T, "frame %s", id)
	}

	// Everything but /tf_static is the same as in the unperturbed bag.
	for topic, list := range plainMsgs {
		if topic == TopicTFStatic {
			continue
		}
		require.Len(t, msgs[topic], len(list), topic)
		for k := range list {
			assert.Equal(t, list[k].Data, msgs[topic][k].Data, "%s message %d", topic, k)
		}
	}
}
