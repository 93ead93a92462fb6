// Package test holds the end-to-end tests of the main job on recorded
// traffic: CommonRoad import of every shared scenario, replay through
// planner_ebm, evaluation against committed expected values, and Foxglove's
// independent check of the bags the project writes.
package test
