package planner

import "math"

// TermStats summarises one term's weighted energies over all candidates of
// a cycle, for tuning weights, like the critic statistics of Nav2's MPPI
// controller (nav2_msgs/msg/CriticsStats, ROS 2 Kilted).
type TermStats struct {
	Name      string
	Sum, Mean float64
	Min, Max  float64
}

func termStats(name string, energies []float64) TermStats {
	st := TermStats{Name: name, Min: math.Inf(1), Max: math.Inf(-1)}
	if len(energies) == 0 {
		st.Min, st.Max = 0, 0
		return st
	}
	for _, e := range energies {
		st.Sum += e
		st.Min = math.Min(st.Min, e)
		st.Max = math.Max(st.Max, e)
	}
	st.Mean = st.Sum / float64(len(energies))
	return st
}
