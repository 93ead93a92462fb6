// Command fusion_monitor checks that a camera and a LiDAR agree: it scores
// each image and scan pair with cross-modal energies, flags extrinsic drift
// and estimates a correction, watches their time synchronisation and
// scores detector outputs for out-of-distribution objects.
package main

import (
	"github.com/ebm-av/ebm_av/fusionnode"
	"github.com/ebm-av/ebm_av/nodecli"
)

func main() {
	nodecli.Main(fusionnode.NodeName, fusionnode.Start)
}
