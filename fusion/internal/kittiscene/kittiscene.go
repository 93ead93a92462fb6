// Package kittiscene loads real KITTI object-benchmark frames as fusion
// scenes for tests and benchmarks, once per test binary.
package kittiscene

import (
	"sync"
	"testing"

	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/internal/shareddata"
	"github.com/ebm-av/ebm_av/kitti"
)

// Frame is a KITTI frame with its fusion camera, the published extrinsic
// and the preprocessed scene.
type Frame struct {
	Frame     *kitti.Frame
	Camera    fusion.Camera
	Extrinsic fusion.Rigid
	Scene     *fusion.Scene
}

var (
	mu    sync.Mutex
	cache = map[string]*Frame{}
)

// Load reads frame id (for example "000001") from the shared data and builds
// its scene with fusion.DefaultSceneConfig. It skips the test when the data
// is absent and fails it on any error.
func Load(tb testing.TB, id string) *Frame {
	tb.Helper()
	dir := shareddata.Path(tb, "kitti/object/training")
	mu.Lock()
	defer mu.Unlock()
	if f, ok := cache[id]; ok {
		return f
	}
	fr, err := kitti.ReadFrame(dir, id)
	if err != nil {
		tb.Fatal(err)
	}
	cam := Camera(fr)
	ext, err := fusion.RigidFromMat34(fr.Calib.TrVeloToCam)
	if err != nil {
		tb.Fatal(err)
	}
	scene, err := fusion.NewScene(fusion.Image(*fr.Image), fr.Scan.Points, cam, fusion.DefaultSceneConfig())
	if err != nil {
		tb.Fatal(err)
	}
	f := &Frame{Frame: fr, Camera: cam, Extrinsic: ext, Scene: scene}
	cache[id] = f
	return f
}

// Camera returns camera 2 (left colour) of a KITTI frame as a fusion camera.
func Camera(fr *kitti.Frame) fusion.Camera {
	return fusion.Camera{Width: fr.Image.Width, Height: fr.Image.Height, R: fr.Calib.R0Rect, P: fr.Calib.P[2]}
}
