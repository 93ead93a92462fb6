//go:build !unix

package planner

import "time"

// processCPUTime returns -1 where the CPU time of the process is not read.
func processCPUTime() time.Duration { return -1 }
