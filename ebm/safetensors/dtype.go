package safetensors

import (
	"encoding/binary"
	"fmt"
	"math"
)

// dtypeSizes maps the safetensors dtype names this package accepts to
// their size in bytes.
var dtypeSizes = map[string]int{
	"BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1,
	"I16": 2, "U16": 2, "F16": 2, "BF16": 2,
	"I32": 4, "U32": 4, "F32": 4,
	"I64": 8, "U64": 8, "F64": 8,
}

// decodeFloats converts little-endian values of a floating-point dtype to
// float64.
func decodeFloats(dtype string, data []byte) ([]float64, error) {
	size := dtypeSizes[dtype]
	out := make([]float64, len(data)/max(size, 1))
	switch dtype {
	case "F64":
		for i := range out {
			out[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[8*i:]))
		}
	case "F32":
		for i := range out {
			out[i] = float64(math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:])))
		}
	case "BF16":
		for i := range out {
			out[i] = float64(math.Float32frombits(uint32(binary.LittleEndian.Uint16(data[2*i:])) << 16))
		}
	case "F16":
		for i := range out {
			out[i] = halfToFloat(binary.LittleEndian.Uint16(data[2*i:]))
		}
	default:
		return nil, fmt.Errorf("dtype %s is not a 16-, 32- or 64-bit float (F16, BF16, F32, F64)", dtype)
	}
	return out, nil
}

// halfToFloat converts an IEEE 754 binary16 value to float64.
func halfToFloat(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	exp := int(h>>10) & 0x1f
	frac := float64(h & 0x3ff)
	switch exp {
	case 0:
		return sign * frac * math.Ldexp(1, -24) // subnormal
	case 0x1f:
		if frac == 0 {
			return math.Inf(int(sign))
		}
		return math.NaN()
	default:
		return sign * (1 + frac/1024) * math.Ldexp(1, exp-15)
	}
}

// encodeFloats converts values to little-endian F32 or F64 bytes.
func encodeFloats(dtype string, values []float64) ([]byte, error) {
	switch dtype {
	case "F64":
		out := make([]byte, 8*len(values))
		for i, v := range values {
			binary.LittleEndian.PutUint64(out[8*i:], math.Float64bits(v))
		}
		return out, nil
	case "F32":
		out := make([]byte, 4*len(values))
		for i, v := range values {
			binary.LittleEndian.PutUint32(out[4*i:], math.Float32bits(float32(v)))
		}
		return out, nil
	default:
		return nil, fmt.Errorf("safetensors: writing dtype %s is not supported, use F32 or F64", dtype)
	}
}
