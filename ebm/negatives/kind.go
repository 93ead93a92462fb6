package negatives

import (
	"fmt"

	"github.com/ebm-av/ebm_av/traj"
)

// Kind is the perturbation that produced a negative.
type Kind int

// Kinds of hard negatives.
const (
	LateralShift      Kind = iota // offset along the path normal, m
	LongitudinalShift             // offset along the path, m
	SpeedScale                    // same path at a scaled speed, factor
	TimeShift                     // same path, delayed (positive) or advanced, s
	Swerve                        // bent through an obstacle's predicted centre
	WeaveComfort                  // lateral oscillation with high lateral jerk, m amplitude
	BrakeComfort                  // harsh braking pulse, m/s² deceleration
)

var kindNames = [...]string{"lateral_shift", "longitudinal_shift", "speed_scale", "time_shift", "swerve", "weave_comfort", "brake_comfort"}

// String returns the snake-case name used in logs and datasets.
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return kindNames[k]
}

// Negative is one generated near miss with its provenance.
type Negative struct {
	Trajectory traj.Trajectory
	Kind       Kind
	// Magnitude is the size of the perturbation in the unit of its Kind.
	Magnitude float64
	// ObstacleID is the obstacle a Swerve passes through, and -1 otherwise.
	ObstacleID int
}
