// Package rosbag plays rosbag2 bags onto a node.Transport and records
// topics from one into a new bag, as ros2 bag play and ros2 bag record do.
// It works on any transport; ebm play and ebm record use the DDS transport.
package rosbag
