// Package safetensors reads and writes the safetensors file format and
// stores energy heads in it, so heads trained elsewhere, for example in
// PyTorch, load here.
//
// A safetensors file is an 8-byte little-endian unsigned header length N,
// N bytes of UTF-8 JSON that begin with '{' (optionally padded with
// spaces), and a byte buffer. The JSON maps each tensor name to its dtype,
// shape and data_offsets [begin, end) relative to the buffer. The reserved
// key "__metadata__" maps strings to strings. Tensors are little-endian and
// row-major. Together they must cover the buffer without holes or
// overlaps. The format is specified in the README of
// github.com/huggingface/safetensors.
//
// Model files add, in __metadata__, a format version, the architecture as
// JSON, the feature list, the training-data provenance and the split; see
// SaveMLP and LoadMLP.
//
// To export a head from PyTorch, collect each nn.Linear's weight and bias
// under the keys "layers.<l>.weight" and "layers.<l>.bias", with l counting
// linear layers only, and pass them with the metadata map (every value a
// string, the architecture and features JSON-encoded) to
// safetensors.torch.save_file.
package safetensors
