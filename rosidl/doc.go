// Package rosidl parses ROS 2 message definitions (.msg files) and generates
// Go bindings for them that encode and decode with package cdr.
//
// The accepted syntax is the .msg subset of the ROS 2 interface definition
// language: one field per line as "TYPE NAME" or "TYPE NAME DEFAULT",
// constants as "TYPE NAME=VALUE", comments from '#' to the end of the line.
// TYPE is a primitive (bool, byte, char, float32, float64, int8, uint8,
// int16, uint16, int32, uint32, int64, uint64, string, wstring), a bounded
// string ("string<=N", "wstring<=N"), a message type of another package
// ("pkg/Type") or of the same package ("Type"), each optionally followed by
// an array suffix: "[]" (unbounded sequence), "[N]" (fixed-size array) or
// "[<=N]" (bounded sequence).
package rosidl
