// Command occupancy_scorer scores BEV occupancy forecasts against the past
// occupancy with an energy-based model and publishes the energies, the
// lowest-energy forecast and its per-cell energy map.
package main

import (
	"github.com/ebm-av/ebm_av/nodecli"
	"github.com/ebm-av/ebm_av/occupancynode"
)

func main() {
	nodecli.Main(occupancynode.NodeName, occupancynode.Start)
}
