// Package planner scores candidate trajectories for the planner_ebm node.
//
// Each candidate gets an energy E = Σ_j w_j·E_j, a weighted sum of energy
// terms (Term), one per file in the manner of the critics of Nav2's MPPI
// controller: collision_risk, lane, comfort, progress, rules, uncertainty
// and a learned slot. A hard safety gate (Gate) rejects candidates that
// collide, exceed kinematic limits or leave the drivable area, and names
// the check, time and obstacle of the first violation. The Scorer selects
// the lowest-energy feasible candidate and turns energies into a Boltzmann
// distribution p_i ∝ exp(−E_i/τ) over feasible candidates. When none is
// feasible, it selects nothing and the caller publishes StoppingFallback.
//
// Inputs are the domain types of packages traj, lanemap and bev, in SI
// units in one planning frame. Times are measured from the cycle start.
package planner
