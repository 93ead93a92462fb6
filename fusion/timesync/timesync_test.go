package timesync

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/kitti"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// driveStamps returns the camera 02 and Velodyne (timestamps.txt) stamps of
// KITTI raw drive 2011_09_26_0001.
func driveStamps(t *testing.T) (camera, lidar []time.Time) {
	dir := shareddata.Path(t, "kitti/raw/2011_09_26/2011_09_26_drive_0001_sync")
	camera, err := kitti.ReadTimestamps(filepath.Join(dir, "image_02", "timestamps.txt"))
	require.NoError(t, err)
	lidar, err = kitti.ReadTimestamps(filepath.Join(dir, "velodyne_points", "timestamps.txt"))
	require.NoError(t, err)
	require.Equal(t, len(camera), len(lidar))
	return camera, lidar
}

// run feeds the stamps to a new monitor and returns every status.
func run(t *testing.T, cfg Config, camera, lidar []time.Time) []Status {
	m, err := New(cfg)
	require.NoError(t, err)
	out := make([]Status, len(camera))
	for i := range camera {
		out[i] = m.Observe(camera[i], lidar[i])
	}
	return out
}

func maxLevel(s []Status) Level {
	l := OK
	for _, st := range s {
		l = max(l, st.Level)
	}
	return l
}

func TestRealDriveInSync(t *testing.T) {
	camera, lidar := driveStamps(t)
	st := run(t, DefaultConfig(), camera, lidar)
	last := st[len(st)-1]
	assert.Equal(t, OK, maxLevel(st), "real drive flagged: %+v", last)
	assert.InDelta(t, 10.5, last.Nominal.Seconds()*1e3, 0.3, "learned nominal offset in ms")
	assert.Less(t, last.Jitter, 100*time.Microsecond, "jitter")
	assert.Zero(t, last.Dropped)
	assert.Zero(t, last.Backwards)
}

func TestInjectedOffsetFlagged(t *testing.T) {
	camera, lidar := driveStamps(t)
	cases := []struct {
		name  string
		shift time.Duration
		want  Level
	}{
		{"10ms", 10 * time.Millisecond, Warn},
		{"50ms", 50 * time.Millisecond, Error},
		{"minus 10ms", -10 * time.Millisecond, Warn},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			shifted := slices.Clone(camera)
			for i := 50; i < len(shifted); i++ {
				shifted[i] = shifted[i].Add(c.shift)
			}
			st := run(t, DefaultConfig(), shifted, lidar)
			assert.Equal(t, OK, maxLevel(st[:50]), "before the shift")
			// Hysteresis raises the offset level on the second deviating
			// frame. A 50 ms step also stretches one camera gap past 1.5
			// periods, which warns at once as a dropped frame.
			assert.Less(t, st[50].Level, c.want)
			assert.GreaterOrEqual(t, st[51].Level, c.want, "second frame after the shift: %s", st[51].Reason)
			assert.Equal(t, c.want, st[len(st)-1].Level, "offset level at the end: %s", st[len(st)-1].Reason)
			assert.InDelta(t, c.shift.Seconds(), st[len(st)-1].Deviation.Seconds(), 2e-4)
		})
	}
}

func TestDroppedFrameCounted(t *testing.T) {
	camera, lidar := driveStamps(t)
	camera = slices.Delete(slices.Clone(camera), 60, 62)
	lidar = slices.Delete(slices.Clone(lidar), 60, 62)
	st := run(t, DefaultConfig(), camera, lidar)
	assert.Equal(t, 4, st[len(st)-1].Dropped, "two frames missing from each sensor")
	assert.Equal(t, Warn, maxLevel(st))
	assert.Equal(t, OK, st[len(st)-1].Level, "the level clears after the drop")
}

func TestBackwardsStampIsError(t *testing.T) {
	camera, lidar := driveStamps(t)
	camera = slices.Clone(camera)
	lidar = slices.Clone(lidar)
	for i := 70; i < 73; i++ {
		camera[i], camera[i+1] = camera[i+1], camera[i]
		lidar[i], lidar[i+1] = lidar[i+1], lidar[i]
	}
	st := run(t, DefaultConfig(), camera, lidar)
	assert.Positive(t, st[len(st)-1].Backwards)
	assert.Equal(t, Error, maxLevel(st))
}

func TestSingleSpikeDoesNotFlap(t *testing.T) {
	camera, lidar := driveStamps(t)
	camera = slices.Clone(camera)
	camera[40] = camera[40].Add(30 * time.Millisecond)
	cfg := DefaultConfig()
	// A jitter limit above the spike's effect isolates the offset check.
	cfg.WarnJitter, cfg.ErrorJitter = 20*time.Millisecond, 40*time.Millisecond
	st := run(t, cfg, camera, lidar)
	assert.Equal(t, OK, maxLevel(st))
}

func TestStaleWithoutFrames(t *testing.T) {
	camera, lidar := driveStamps(t)
	m, err := New(DefaultConfig())
	require.NoError(t, err)
	assert.Equal(t, Stale, m.Check(lidar[0]).Level, "no frame yet")
	for i := range 20 {
		m.Observe(camera[i], lidar[i])
	}
	assert.Equal(t, OK, m.Check(lidar[19].Add(100*time.Millisecond)).Level)
	assert.Equal(t, Stale, m.Check(lidar[19].Add(time.Second)).Level)
	assert.Equal(t, OK, m.Observe(camera[20], lidar[20]).Level, "fresh data ends STALE")
}

func TestNominalOffsetParameter(t *testing.T) {
	camera, lidar := driveStamps(t)
	cfg := DefaultConfig()
	cfg.WarmUp = 0
	cfg.NominalOffset = 10500 * time.Microsecond
	assert.Equal(t, OK, maxLevel(run(t, cfg, camera, lidar)))
	cfg.NominalOffset = 0
	assert.Equal(t, Warn, maxLevel(run(t, cfg, camera, lidar)), "a zero nominal offset misses the 10.5 ms trigger delay")
}

func TestConfigValidation(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Period = 0
	_, err := New(cfg)
	assert.ErrorContains(t, err, "Period")
	cfg = DefaultConfig()
	cfg.ErrorOffset = time.Millisecond
	_, err = New(cfg)
	assert.ErrorContains(t, err, "offset thresholds")
}

func TestRealDriveOffsets(t *testing.T) {
	dir := shareddata.Path(t, "kitti/raw/2011_09_26/2011_09_26_drive_0001_sync")
	cases := []struct {
		camera, lidar string
		wantMs        float64
	}{
		{"image_02", "timestamps.txt", 10.5},
		{"image_00", "timestamps.txt", 16.9},
		{"image_02", "timestamps_start.txt", 62},
	}
	for _, c := range cases {
		t.Run(c.camera+"/"+c.lidar, func(t *testing.T) {
			camera, err := kitti.ReadTimestamps(filepath.Join(dir, c.camera, "timestamps.txt"))
			require.NoError(t, err)
			lidar, err := kitti.ReadTimestamps(filepath.Join(dir, "velodyne_points", c.lidar))
			require.NoError(t, err)
			st := run(t, DefaultConfig(), camera, lidar)
			last := st[len(st)-1]
			t.Logf("nominal %v, jitter %v, dropped %d", last.Nominal, last.Jitter, last.Dropped)
			assert.InDelta(t, c.wantMs, last.Nominal.Seconds()*1e3, 0.5)
			assert.Equal(t, OK, maxLevel(st))
		})
	}
}
