package kitti

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// keyValues holds the "key: v1 v2 ..." lines of a KITTI text file in
// file order, with the 1-based line number of each key.
type keyValues struct {
	name   string
	fields map[string]string
	lines  map[string]int
}

// readKeyValues splits each non-empty line of r at its first colon. name is
// the file name used in errors.
func readKeyValues(r io.Reader, name string) (*keyValues, error) {
	kv := &keyValues{name: name, fields: map[string]string{}, lines: map[string]int{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("kitti: %s:%d: missing ':' after the key in %q", name, n, clip(line))
		}
		key = strings.TrimSpace(key)
		if _, dup := kv.fields[key]; dup {
			return nil, fmt.Errorf("kitti: %s:%d: duplicate key %q (first on line %d)", name, n, key, kv.lines[key])
		}
		kv.fields[key] = strings.TrimSpace(value)
		kv.lines[key] = n
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("kitti: %s: %w", name, err)
	}
	return kv, nil
}

// floats parses the value of key into dst, which must be filled exactly.
func (kv *keyValues) floats(key string, dst []float64) error {
	value, ok := kv.fields[key]
	if !ok {
		return fmt.Errorf("kitti: %s: missing key %q", kv.name, key)
	}
	where := fmt.Sprintf("%s:%d", kv.name, kv.lines[key])
	return parseFloats(value, dst, where, key)
}

// has reports whether key is present.
func (kv *keyValues) has(key string) bool {
	_, ok := kv.fields[key]
	return ok
}

// parseFloats parses the whitespace-separated numbers of s into dst and
// rejects a wrong count and non-finite values. where and field name the
// location in errors.
func parseFloats(s string, dst []float64, where, field string) error {
	parts := strings.Fields(s)
	if len(parts) != len(dst) {
		return fmt.Errorf("kitti: %s: %s has %d values, expected %d", where, field, len(parts), len(dst))
	}
	for i, p := range parts {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil {
			return fmt.Errorf("kitti: %s: %s value %d: invalid number %q", where, field, i+1, p)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("kitti: %s: %s value %d is %v, expected a finite number", where, field, i+1, v)
		}
		dst[i] = v
	}
	return nil
}

// clip shortens s for an error message.
func clip(s string) string {
	const max = 60
	if len(s) > max {
		return s[:max] + "..."
	}
	return s
}
