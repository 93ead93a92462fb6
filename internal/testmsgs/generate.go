// Package testmsgs holds Go bindings of the ROS 2 Humble test_msgs messages
// (test_msgs/, with registry/), generated from the field lists in msg/, and
// the golden tests that check package cdr and the generated bindings against
// bags written by ROS 2 tools. Run "go generate ./internal/testmsgs" after
// changing a .msg file.
package testmsgs

//go:generate go run ../../cmd/msggen -in test_msgs=msg -out . -registry
