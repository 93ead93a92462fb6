//go:build cyclonedds

package main

import (
	"os"

	"github.com/ebm-av/ebm_av/ros2/dds"
)

// openDDS joins the DDS domain of $ROS_DOMAIN_ID as the node nodeName.
func openDDS(nodeName string) (*dds.Transport, error) {
	domain, err := dds.DomainIDFromEnv()
	if err != nil {
		return nil, err
	}
	distro, err := dds.ParseDistro(os.Getenv("ROS_DISTRO"))
	if err != nil {
		return nil, err
	}
	return dds.New(dds.Options{DomainID: domain, Distro: distro, NodeName: nodeName})
}
