module github.com/ebm-av/ebm_av/ros2/rclgo

go 1.26.8

require (
	github.com/ebm-av/ebm_av v0.0.0
	github.com/tiiuae/rclgo v0.0.0-20240131135202-56b24e11219b
)

require (
	github.com/foxglove/mcap/go/mcap v1.7.3 // indirect
	github.com/klauspost/compress v1.16.7 // indirect
	github.com/kr/text v0.2.0 // indirect
	github.com/pierrec/lz4/v4 v4.1.22 // indirect
	github.com/rogpeppe/go-internal v1.16.0 // indirect
	github.com/stretchr/testify v1.12.1 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)

// The backend builds against the node runtime and messages of the
// checkout it sits in.
replace github.com/ebm-av/ebm_av => ../..
