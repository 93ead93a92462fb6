// Package noderegistry lists the node executables of the package, so that
// ebm replay and ebm launch can start any of them in one process.
package noderegistry

import (
	"sort"

	"github.com/ebm-av/ebm_av/fusionnode"
	"github.com/ebm-av/ebm_av/occupancynode"
	"github.com/ebm-av/ebm_av/plannernode"
	"github.com/ebm-av/ebm_av/replay"
)

// starters maps an executable name, as launch files write it in exec, to
// the function that starts the node.
var starters = map[string]replay.Starter{
	plannernode.NodeName:   plannernode.Start,
	occupancynode.NodeName: occupancynode.Start,
	fusionnode.NodeName:    fusionnode.Start,
}

// Lookup returns the starter of the executable named exec.
func Lookup(exec string) (replay.Starter, bool) {
	s, ok := starters[exec]
	return s, ok
}

// Names returns the executable names in sorted order.
func Names() []string {
	names := make([]string, 0, len(starters))
	for n := range starters {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
