package planner

import (
	"fmt"
	"strconv"
)

// Check names the safety-gate check that rejected a candidate.
type Check int

// Gate checks. CheckNone marks a feasible candidate.
const (
	CheckNone Check = iota
	CheckCollision
	CheckKinematics
	CheckDrivableArea
	// CheckEnergy rejects a candidate whose weighted energy is NaN or ±Inf.
	CheckEnergy
)

// String returns the check's name as it starts a rejection reason.
func (c Check) String() string {
	switch c {
	case CheckNone:
		return ""
	case CheckCollision:
		return "collision"
	case CheckKinematics:
		return "kinematics"
	case CheckDrivableArea:
		return "drivable_area"
	case CheckEnergy:
		return "invalid_energy"
	}
	return "Check(" + strconv.Itoa(int(c)) + ")"
}

// Kinematic quantities a CheckKinematics rejection names.
const (
	QuantityCurvature           = "curvature"
	QuantityAcceleration        = "acceleration"
	QuantityJerk                = "jerk"
	QuantityLateralAcceleration = "lateral_acceleration"
)

// Rejection records why the gate rejected a candidate. The zero value means
// the candidate is feasible. It is formatted only on request, so rejecting
// candidates costs no allocation.
type Rejection struct {
	Check      Check
	T          float64 // time of the first violation, s
	ObstacleID int     // CheckCollision
	// Quantity is the kinematic quantity for CheckKinematics and the term
	// name for CheckEnergy.
	Quantity string
	Value    float64 // CheckKinematics: the violating value
	Limit    float64 // CheckKinematics: the bound it violates
}

// String formats the rejection as a reason string, for example
// "collision:obstacle=42,t=2.40s", "kinematics:curvature=0.31>0.20,t=1.10s",
// "kinematics:acceleration=-9.00<-8.00,t=0.50s", "drivable_area:t=3.00s"
// or "invalid_energy:term=lane". It returns "" for a feasible candidate.
func (r Rejection) String() string {
	switch r.Check {
	case CheckNone:
		return ""
	case CheckCollision:
		return fmt.Sprintf("collision:obstacle=%d,t=%.2fs", r.ObstacleID, r.T)
	case CheckKinematics:
		op := ">"
		if r.Value < r.Limit {
			op = "<"
		}
		return fmt.Sprintf("kinematics:%s=%.2f%s%.2f,t=%.2fs", r.Quantity, r.Value, op, r.Limit, r.T)
	case CheckDrivableArea:
		return fmt.Sprintf("drivable_area:t=%.2fs", r.T)
	case CheckEnergy:
		return "invalid_energy:term=" + r.Quantity
	}
	return r.Check.String()
}
