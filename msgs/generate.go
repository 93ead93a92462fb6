// Package msgs holds the ROS 2 message definitions of the project (msg/,
// package ebm_av), the standard ROS 2 Humble definitions it uses (ros2/,
// field lists without comments) and the Go bindings generated from both
// (go/). Run "go generate ./msgs" after changing a .msg file.
package msgs

//go:generate go run ../cmd/msggen -in ros2,ebm_av=msg -out go -registry
