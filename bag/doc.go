// Package bag reads and writes rosbag2 bags stored as MCAP files.
//
// A rosbag2 bag is a directory holding one or more MCAP files and a
// metadata.yaml that lists them. The package works on serialized message
// bytes (CDR for ROS 2) and never decodes them.
//
// Files it writes follow the MCAP ROS 2 profile: header profile "ros2",
// schema encoding "ros2msg" (the .msg text of the type and its dependencies)
// and message encoding "cdr". Each channel carries the topic's offered QoS
// profiles in the metadata key "offered_qos_profiles", as the rosbag2 MCAP
// storage plugin writes them.
//
// The reader accepts chunked and unchunked files, uncompressed or with zstd
// or lz4 chunks, with or without message indexes and summary section. When a
// file has no usable summary (for example after the recorder crashed), the
// reader scans the data section from the start and yields every complete
// message before the cut, then an error wrapping [ErrTruncated].
package bag
