// Package commonroad reads CommonRoad XML scenarios (format 2020a, and the
// older 2018b obstacle layout) and planning solutions, and converts them to
// the planner's types: traj.Obstacle, lanemap.Map and geom shapes.
//
// Recorded scenarios do not always move at their declared time step, so
// ParseScenario also measures the step from the obstacles' motion
// (Scenario.MeasuredTimeStep) and Scenario.TimeStep returns the measured
// value when there is one. Solution states keep their own scene time steps:
// a recorded ego trajectory often starts later than the planning problem's
// initial time step and must be placed at those steps, not shifted to 0.
package commonroad
