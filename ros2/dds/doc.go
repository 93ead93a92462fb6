// Package dds is a node.Transport over Eclipse Cyclone DDS that speaks the
// wire protocol of ROS 2 nodes using rmw_cyclonedds_cpp, so the project's
// nodes talk to ROS 2 without a ROS 2 installation.
//
// Messages travel as ROS 2 puts them on the wire. Topic "/a/b" is the DDS
// topic "rt/a/b" and type "pkg/msg/T" is the DDS type "pkg::msg::dds_::T_".
// Each sample is the message's XCDR1 bytes with their encapsulation header,
// handed to Cyclone through a keyless sertype that never decodes them. Participants carry the user data "enclave=/;" and publish their
// nodes' readers and writers on "ros_discovery_info", so ROS 2 graph tools
// list the nodes.
//
// The transport itself needs cgo and Cyclone DDS 0.10 (Debian package
// cyclonedds-dev) and builds only with the build tag cyclonedds:
//
//	go test -tags cyclonedds ./ros2/dds/...
//
// Name mangling and the discovery message build everywhere.
package dds
