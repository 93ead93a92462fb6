//go:build !cyclonedds

package main

import (
	"errors"

	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/ros2/dds"
)

// ddsTransport is the live transport interface of ebm play and ebm record.
type ddsTransport interface {
	node.Transport
	Publications() []dds.Publication
	Close() error
}

// openDDS fails: this build has no DDS transport.
func openDDS(string) (ddsTransport, error) {
	return nil, errors.New("this build has no DDS transport: install cyclonedds-dev and build with -tags cyclonedds")
}
