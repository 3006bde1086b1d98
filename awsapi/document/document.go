// Package document holds the helpers every consumer of the engine's JSON-like documents needs:
// the engine returns int64, float64, json.Number and time.Time, while JMESPath compares only
// float64 numbers.
package document

import (
	"encoding/json"
)

// MaxExactInt is the largest integer a float64 holds exactly (2^53).
const MaxExactInt = 1 << 53

// Searchable returns doc with every number as float64, the only number type the JMESPath
// library compares. It copies only the maps and lists that hold something to convert, so a
// document that is already JSON-like is returned as is. Integers too large for a float64 are
// left alone rather than silently rounded.
func Searchable(v any) any {
	out, _ := normalize(v)
	return out
}

func normalize(v any) (any, bool) {
	switch t := v.(type) {
	case map[string]any:
		var copied map[string]any
		for k, e := range t {
			n, changed := normalize(e)
			if !changed {
				continue
			}
			if copied == nil {
				copied = make(map[string]any, len(t))
				for k2, e2 := range t {
					copied[k2] = e2
				}
			}
			copied[k] = n
		}
		if copied == nil {
			return t, false
		}
		return copied, true
	case []any:
		var copied []any
		for i, e := range t {
			n, changed := normalize(e)
			if !changed {
				continue
			}
			if copied == nil {
				copied = append([]any(nil), t...)
			}
			copied[i] = n
		}
		if copied == nil {
			return t, false
		}
		return copied, true
	case float64:
		return t, false
	case json.Number:
		if f, err := t.Float64(); err == nil {
			if i, err := t.Int64(); err == nil && (i > MaxExactInt || i < -MaxExactInt) {
				return t, false
			}
			return f, true
		}
		return t, false
	case float32:
		return float64(t), true
	case int:
		return intToFloat(int64(t))
	case int8:
		return float64(t), true
	case int16:
		return float64(t), true
	case int32:
		return float64(t), true
	case int64:
		return intToFloat(t)
	case uint8:
		return float64(t), true
	case uint16:
		return float64(t), true
	case uint32:
		return float64(t), true
	case uint:
		if t <= MaxExactInt {
			return float64(t), true
		}
		return t, false
	case uint64:
		if t <= MaxExactInt {
			return float64(t), true
		}
		return t, false
	}
	return v, false
}

func intToFloat(i int64) (any, bool) {
	if i > MaxExactInt || i < -MaxExactInt {
		return i, false
	}
	return float64(i), true
}

// ToFloat reports the value of any number type.
func ToFloat(v any) (float64, bool) {
	switch t := v.(type) {
	case float64:
		return t, true
	case float32:
		return float64(t), true
	case int:
		return float64(t), true
	case int8:
		return float64(t), true
	case int16:
		return float64(t), true
	case int32:
		return float64(t), true
	case int64:
		return float64(t), true
	case uint:
		return float64(t), true
	case uint8:
		return float64(t), true
	case uint16:
		return float64(t), true
	case uint32:
		return float64(t), true
	case uint64:
		return float64(t), true
	case json.Number:
		f, err := t.Float64()
		return f, err == nil
	}
	return 0, false
}
