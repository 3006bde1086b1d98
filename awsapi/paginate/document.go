package paginate

import (
	"encoding/json"
	"math"
	"strings"
)

// maxExactInt is the largest integer a float64 holds exactly (2^53).
const maxExactInt = 1 << 53

// searchable returns doc with every number as float64, the only number type the JMESPath
// library compares. It copies only the maps and lists that hold something to convert, so a
// document that is already JSON-like is returned as is. Integers too large for a float64 are
// left alone rather than silently rounded.
func searchable(v any) any {
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
			if i, err := t.Int64(); err == nil && (i > maxExactInt || i < -maxExactInt) {
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
		if t <= maxExactInt {
			return float64(t), true
		}
		return t, false
	case uint64:
		if t <= maxExactInt {
			return float64(t), true
		}
		return t, false
	}
	return v, false
}

func intToFloat(i int64) (any, bool) {
	if i > maxExactInt || i < -maxExactInt {
		return i, false
	}
	return float64(i), true
}

// truthy is Python's truth test, which botocore applies to output tokens: None, False, 0, "",
// and empty lists and maps mean "no token".
func truthy(v any) bool {
	switch t := v.(type) {
	case nil:
		return false
	case bool:
		return t
	case string:
		return t != ""
	case []any:
		return len(t) > 0
	case map[string]any:
		return len(t) > 0
	case []byte:
		return len(t) > 0
	}
	if f, ok := toFloat(v); ok {
		return f != 0
	}
	return true
}

// toFloat reports the value of any number type.
func toFloat(v any) (float64, bool) {
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

// toInt reports the value of an integer of any number type, refusing fractions.
func toInt(v any) (int64, bool) {
	switch t := v.(type) {
	case int:
		return int64(t), true
	case int64:
		return t, true
	case int32:
		return int64(t), true
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return i, true
		}
	}
	f, ok := toFloat(v)
	if !ok || f != math.Trunc(f) || math.Abs(f) > maxExactInt {
		return 0, false
	}
	return int64(f), true
}

// addNumbers sums two numbers, keeping integers exact when both are integers.
func addNumbers(a, b any) (any, bool) {
	ai, aInt := exactInt(a)
	bi, bInt := exactInt(b)
	if aInt && bInt {
		return ai + bi, true
	}
	af, ok1 := toFloat(a)
	bf, ok2 := toFloat(b)
	if !ok1 || !ok2 {
		return nil, false
	}
	return af + bf, true
}

func exactInt(v any) (int64, bool) {
	switch t := v.(type) {
	case int:
		return int64(t), true
	case int8:
		return int64(t), true
	case int16:
		return int64(t), true
	case int32:
		return int64(t), true
	case int64:
		return t, true
	case json.Number:
		i, err := t.Int64()
		return i, err == nil
	}
	return 0, false
}

// splitPath splits a result or non-aggregate key, which botocore restricts to dotted names
// (it sets them with a plain split on "."), into its parts.
func splitPath(path string) []string {
	return strings.Split(path, ".")
}

// getPath returns the value at a dotted path, or nil when any part is missing.
func getPath(doc map[string]any, parts []string) any {
	var cur any = doc
	for _, p := range parts {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[p]
	}
	return cur
}

// withPath returns doc with value set at a dotted path. Maps along the path are copied, never
// changed in place, so a document the caller still holds is left alone; missing maps are created.
func withPath(doc map[string]any, parts []string, value any) map[string]any {
	out := make(map[string]any, len(doc)+1)
	for k, v := range doc {
		out[k] = v
	}
	if len(parts) == 1 {
		out[parts[0]] = value
		return out
	}
	child, _ := doc[parts[0]].(map[string]any)
	out[parts[0]] = withPath(child, parts[1:], value)
	return out
}

// setPathInPlace sets value at a dotted path inside a map the caller owns, creating maps as needed.
func setPathInPlace(doc map[string]any, parts []string, value any) {
	for _, p := range parts[:len(parts)-1] {
		child, ok := doc[p].(map[string]any)
		if !ok {
			child = map[string]any{}
			doc[p] = child
		}
		doc = child
	}
	doc[parts[len(parts)-1]] = value
}
