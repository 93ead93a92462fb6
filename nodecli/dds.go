//go:build cyclonedds

package nodecli

import (
	"io"
	"log/slog"
	"os"

	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/ros2/dds"
)

// The DDS transport reads ROS_DOMAIN_ID and ROS_DISTRO as ROS 2 does, and
// Cyclone reads CYCLONEDDS_URI.
func init() {
	RegisterTransport("dds", func(nodeName, namespace string, log *slog.Logger) (node.Transport, io.Closer, error) {
		domain, err := dds.DomainIDFromEnv()
		if err != nil {
			return nil, nil, err
		}
		distro, err := dds.ParseDistro(os.Getenv("ROS_DISTRO"))
		if err != nil {
			return nil, nil, err
		}
		tr, err := dds.New(dds.Options{DomainID: domain, Distro: distro, NodeName: nodeName, Namespace: namespace, Logger: log})
		if err != nil {
			return nil, nil, err
		}
		return tr, tr, nil
	})
}
