// Command planner_ebm scores candidate ego trajectories with an energy-based
// model, gates them with hard safety checks and publishes the selection.
package main

import (
	"github.com/ebm-av/ebm_av/nodecli"
	"github.com/ebm-av/ebm_av/plannernode"
)

func main() {
	nodecli.Main(plannernode.NodeName, plannernode.Start)
}
